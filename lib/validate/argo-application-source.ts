import * as path from 'path';
import type { DirectorySettings } from '../private/argo-directory-settings';
import { applicationSources } from './argo-sources';
import { type Finding, type ManifestObject, describeObject } from './findings';
import { globProblem } from './languages/go-glob';
import { type SourceTree, childrenOf } from './source-tree';

/**
 * What one source of an Argo CD Application (or an ApplicationSet's template)
 * in a GitOps tree reads from the tree, as Argo CD 3.4 decides it: the folder
 * its path names (in the GitOps repository, below the tree's path), and how
 * (GetAppSourceType: the one type the source sets, else what the folder's
 * files make Argo CD detect — a name ending in Chart.yaml: Helm, a
 * kustomization.yaml, .yml or Kustomization: Kustomize — else a directory
 * with Argo CD's defaults).
 */

/** A source to read: a folder of the tree, how, and for which Application. */
export interface Source {
  readonly folder: string;
  readonly how: DirectorySettings | 'helm' | 'kustomize' | 'plugin';
  readonly application: string;
  /** The Application's file (`''` for the cloud bootstrap's root). */
  readonly definedIn: string;
  /** Synced client-side (no `ServerSideApply=true`): each object carries its JSON in an annotation. */
  readonly clientSide: boolean;
}

/** The GitOps repository and the tree's path in it. */
export interface GitOpsLocation {
  readonly repoURL: string;
  readonly path: string;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The file names that make Argo CD render a folder with Kustomize (kustomize.IsKustomization). */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function normalizeRepo(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function cleanPath(p: string): string {
  return path.posix
    .normalize(p)
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '');
}

/** The org's GitOps repository as Argo CD reads it (where the tree is published), as the tree's org.json states it. */
export function gitopsOfTree(tree: SourceTree): GitOpsLocation | undefined {
  if (tree.entries.get('org.json')?.type !== 'file') return undefined;
  const content = tree.read('org.json');
  if (!('bytes' in content)) return undefined;
  try {
    const gitops = asObject(asObject(JSON.parse(content.bytes.toString('utf8')))?.gitops);
    // Argo CD reads the published tree: of gitops.publish.repoURL when the org publishes to another repository
    const repoURL = str(asObject(gitops?.publish)?.repoURL) ?? str(gitops?.repoURL);
    const at = str(gitops?.path);
    return repoURL !== undefined && at !== undefined ? { repoURL, path: at } : undefined;
  } catch {
    return undefined;
  }
}

/** The sources of an Argo CD Application or ApplicationSet (its template's), or undefined for any other object. */
export function applicationSourcesOf(m: ManifestObject): ReturnType<typeof applicationSources> | undefined {
  const { apiVersion, kind } = m.object;
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('argoproj.io/')) return undefined;
  const spec = asObject(m.object.spec) ?? {};
  if (kind === 'Application') return applicationSources(spec);
  if (kind === 'ApplicationSet') return applicationSources(asObject(asObject(spec.template)?.spec) ?? {}).map((s) => ({ ...s, field: `spec.template.${s.field}` }));
  return undefined;
}

/** The folder of the tree a source's path names, or undefined. */
export function folderOfPath(tree: SourceTree, gitops: GitOpsLocation | undefined, at: string): string | undefined {
  const clean = cleanPath(at);
  if (clean.startsWith('..') || clean.startsWith('/')) return undefined;
  const isFolder = (f: string) => f === '' || tree.entries.get(f)?.type === 'dir';
  if (gitops) {
    const prefix = cleanPath(gitops.path);
    if (prefix === '' || prefix === '.') return isFolder(clean) ? clean : undefined;
    if (clean === prefix) return '';
    return clean.startsWith(`${prefix}/`) && isFolder(clean.slice(prefix.length + 1)) ? clean.slice(prefix.length + 1) : undefined;
  }
  // without the org: the shortest tail of the path that is a folder of the tree
  const segments = clean.split('/').filter(Boolean);
  for (let k = 0; k < segments.length; k++) if (isFolder(segments.slice(k).join('/'))) return segments.slice(k).join('/');
  return undefined;
}

/** The source type Argo CD detects for a folder from its own files (the last in walk order wins), if not a directory. */
function detectedType(tree: SourceTree, folder: string): { type: 'helm' | 'kustomize'; file: string } | undefined {
  let found: { type: 'helm' | 'kustomize'; file: string } | undefined;
  for (const p of childrenOf(tree, folder)) {
    if (tree.entries.get(p)?.type === 'dir') continue;
    const name = p.slice(p.lastIndexOf('/') + 1);
    if (name.endsWith('Chart.yaml')) found = { type: 'helm', file: p };
    if (KUSTOMIZATION_NAMES.includes(name)) found = { type: 'kustomize', file: p };
  }
  return found;
}

/** What the tree needs to say where a source reads. */
export interface SourceContext {
  readonly tree: SourceTree;
  readonly gitops: GitOpsLocation | undefined;
  /** Whether a tree path is in a team's apps folder. */
  readonly inTeamFolder: (file: string) => boolean;
  readonly findings: Finding[];
}

/**
 * What one source of an Application of the tree reads, if it reads the tree
 * (a Helm chart from a chart repository, another Git repository, a templated
 * path: nothing); what is wrong with it becomes a finding on the Application.
 */
export function sourceToRead(context: SourceContext, m: ManifestObject, field: string, source: Obj): Source | undefined {
  const { tree, gitops } = context;
  const object = m.object;
  const add = (sub: string, message: string, severity: Finding['severity'] = 'error') =>
    context.findings.push({ severity, rule: 'read', file: m.file, object: describeObject(object), field: `${field}${sub}`, message });
  const repo = str(source.repoURL);
  const at = str(source.path);
  if (at === undefined || source.chart !== undefined || at.includes('{{')) return undefined;
  if (gitops && repo !== undefined && normalizeRepo(repo) !== normalizeRepo(gitops.repoURL)) return undefined;
  const folder = folderOfPath(tree, gitops, at);
  if (folder === undefined) {
    if (gitops) add('.path', `"${at}" is outside the tree paved checks (${gitops.path}/ of ${gitops.repoURL}): Argo CD applies files paved never reads`);
    return undefined;
  }
  const spec = asObject(object.spec);
  const syncOptions = asObject((object.kind === 'ApplicationSet' ? asObject(asObject(spec?.template)?.spec) : spec)?.syncPolicy)?.syncOptions;
  const base = {
    folder,
    application: str(asObject(object.metadata)?.name) ?? '<unnamed>',
    definedIn: m.file,
    clientSide: !(Array.isArray(syncOptions) && syncOptions.includes('ServerSideApply=true')),
  };
  const shown = folder || '.';
  const types = (['directory', 'helm', 'kustomize', 'plugin'] as const).filter((t) => source[t] !== undefined && source[t] !== null);
  if (types.length > 1) {
    add('', `sets ${types.join(' and ')}: Argo CD refuses an Application with more than one source type (it syncs nothing)`);
    return undefined;
  }
  const detected = types.length === 0 ? detectedType(tree, folder) : undefined;
  const how = types.length === 1 ? types[0] : (detected?.type ?? 'directory');
  if (how !== 'directory') {
    if (detected)
      add(
        '',
        `sets no source type, and ${detected.file} makes Argo CD render ${shown} with ${how === 'helm' ? 'Helm' : 'Kustomize'}: set ${field}.directory (paved reads manifests, not what Helm or Kustomize render)`,
      );
    if ([...tree.entries.keys()].some((f) => (folder === '' || f.startsWith(`${folder}/`)) && context.inTeamFolder(f)))
      add('', `renders ${shown} with ${how}, which holds a team's apps folder: paved cannot check what it renders; read it as a directory`);
    return { ...base, how };
  }
  if (types.length === 0)
    add('', `sets no source type: Argo CD detects it, and a Chart.yaml or kustomization.yaml added to ${shown} makes it render the folder with Helm or Kustomize; set ${field}.directory`, 'warning');
  const directory = asObject(source.directory) ?? {};
  const settings: DirectorySettings = { recurse: directory.recurse === true, include: str(directory.include) ?? '', exclude: str(directory.exclude) ?? '' };
  for (const key of ['include', 'exclude'] as const) {
    const problem = settings[key] === '' ? undefined : globProblem(settings[key]);
    if (problem) add(`.directory.${key}`, `"${settings[key]}" is not a glob Argo CD can compile (${problem}): it matches nothing${key === 'include' ? ', so Argo CD applies no file' : ''}`);
  }
  return { ...base, how: settings };
}
