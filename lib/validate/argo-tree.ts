import * as path from 'path';
import { type DirectorySettings, PAVED_DIRECTORY, PAVED_MANIFEST_GLOB, ROOT_APPLICATION_NAME, ROOT_DIRECTORY } from '../private/argo-directory-settings';
import { applicationSources } from './argo-sources';
import { MAX_COMBINED_MANIFEST_BYTES, SKIP_FILE_RENDERING, isArgoManifestName, readDirectorySource } from './argo-directory';
import { type Finding, type ManifestObject, describeObject } from './findings';
import { globProblem } from './glob';
import { showBytes } from './manifest-read';
import { type SourceTree, childrenOf } from './source-tree';

/**
 * A GitOps tree read as Argo CD will read it: each cluster folder from its
 * root Application (the cloud bootstrap's: `<env>/`, its `.yaml` files, not
 * recursive), then every Application found in what is read, each source of
 * the GitOps repository with its own folder and directory settings, until no
 * new source is found. A tree without Applications at a cluster's root (a
 * team repository's proposal) is read as paved's generated Applications read
 * it. What no Application applies is not a manifest of the tree (an error in a
 * team's folder, which holds only what is applied); links, special files and
 * files that change how Argo CD reads a folder are refused.
 */

/** One file an Application applies. */
export interface AppliedFile {
  /** The file (tree path). */
  readonly file: string;
  /** The Application that applies it (`root` for the cloud bootstrap's). */
  readonly application: string;
  /** Applied client-side (Argo CD's default): each object then carries its JSON in an annotation. */
  readonly clientSide: boolean;
  /** The team whose folder holds it (`<env>/teams/<team>/apps/`), if any. */
  readonly team?: string;
}

/** A tree as Argo CD reads it. */
export interface TreeReading {
  /** The files Applications apply, each once, in reading order. */
  readonly applied: readonly AppliedFile[];
  /** The Backstage catalog's YAML files (`catalog/`, read by Backstage, not Argo CD). */
  readonly catalog: readonly string[];
  /** What is wrong with the tree as files. */
  readonly findings: readonly Finding[];
}

/** Options of {@link readGitOpsTree}. */
export interface TreeReadOptions {
  /** The tree holds one folder per environment (cluster), and `catalog/`. */
  readonly environments: boolean;
  /** The objects of an applied file (the caller reads each file once). */
  readonly objectsOf: (file: AppliedFile) => readonly ManifestObject[];
  /**
   * Read each cluster folder as paved's generated Applications read it, even
   * when the tree holds Applications (the synth reads the files it keeps so:
   * the Applications it writes are those).
   * @default false
   */
  readonly generated?: boolean;
  /**
   * What a manifest file no Application applies is, outside a team's apps
   * folder (where it is always an error): an error (a GitOps tree holds only
   * what is applied), or nothing (the synth keeps such files and names them;
   * `paved validate` judges them).
   * @default 'error'
   */
  readonly strayFiles?: 'error' | 'ignore';
  /**
   * The GitOps repository and the tree's path in it (from the org): sources of
   * other repositories are not read from the tree.
   * @default - read from the tree's org.json; else any source whose path names a folder of the tree
   */
  readonly gitops?: { readonly repoURL: string; readonly path: string };
}

/**
 * Whether a tree holds one folder per environment (cluster) at its top level
 * (and `catalog/`): folders, and no YAML file beside them; a folder that holds
 * `teams/` or `platform/` is one environment's folder, not a tree of them.
 */
export function isEnvironmentTreeOf(tree: SourceTree): boolean {
  const top = childrenOf(tree, '');
  const dir = (p: string) => tree.entries.get(p)?.type === 'dir';
  return top.some(dir) && top.every((p) => dir(p) || !/\.ya?ml$/.test(p)) && !top.some((p) => dir(p) && (p === 'teams' || p === 'platform'));
}

/** The team whose apps folder holds a file, if any (`<env>/teams/<team>/apps/…`, `catalog/teams/<team>/apps/…`). */
export function teamFolderOf(file: string, environments: boolean): string | undefined {
  const parts = file.split('/');
  const at = environments ? 1 : 0;
  return parts[at] === 'teams' && parts[at + 2] === 'apps' && parts.length > at + 3 ? parts[at + 1] : undefined;
}

/** A source to read: a folder of the tree, how, and for which Application. */
interface Source {
  readonly folder: string;
  readonly how: DirectorySettings | 'helm' | 'kustomize' | 'plugin';
  readonly application: string;
  /** The Application's file (`` for the bootstrap's root). */
  readonly definedIn: string;
  readonly clientSide: boolean;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** How a folder that is not a GitOps tree is read: every .yaml and .yml file below it. */
const FOLDER_DIRECTORY: DirectorySettings = { recurse: true, include: '{*.yaml,*.yml}', exclude: '' };
/** The bound on sources followed (Applications that point at Applications), so that no tree reads forever. */
const MAX_SOURCES = 10_000;

function normalizeRepo(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** The org's GitOps repository, as the tree's org.json states it. */
function gitopsOfTree(tree: SourceTree): { repoURL: string; path: string } | undefined {
  if (tree.entries.get('org.json')?.type !== 'file') return undefined;
  const content = tree.read('org.json');
  if (!('bytes' in content)) return undefined;
  try {
    const gitops = asObject(asObject(JSON.parse(content.bytes.toString('utf8')))?.gitops);
    const repoURL = str(gitops?.repoURL);
    const at = str(gitops?.path);
    return repoURL !== undefined && at !== undefined ? { repoURL, path: at } : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a tree as Argo CD will read it (see the module's comment). */
export function readGitOpsTree(tree: SourceTree, options: TreeReadOptions): TreeReading {
  const findings: Finding[] = [];
  const env = options.environments;
  const fileFinding = (file: string, object: string, message: string, severity: Finding['severity'] = 'error') => findings.push({ severity, rule: 'read', file, object, field: '', message });
  findings.push(...entryFindings(tree, env));

  const catalog: string[] = [];
  const clusters: string[] = [];
  if (env) {
    for (const top of childrenOf(tree, '')) {
      if (tree.entries.get(top)?.type !== 'dir') continue;
      if (top === 'catalog') catalog.push(...catalogFiles(tree));
      else clusters.push(top);
    }
  } else {
    clusters.push('');
  }

  const gitops = options.gitops ?? gitopsOfTree(tree);
  const applied = new Map<string, AppliedFile>();
  const rendered: string[] = [];
  const seen = new Set<string>();
  const queue: Source[] = [];
  const enqueue = (s: Source) => {
    const key = JSON.stringify([s.folder, s.how, s.application]);
    if (seen.has(key) || seen.size >= MAX_SOURCES) return;
    seen.add(key);
    queue.push(s);
  };
  if (!env) {
    // a folder that is not a GitOps tree: its .yaml and .yml files, a Helm chart's aside (no Application to follow)
    for (const [p, entry] of tree.entries) if (entry.type === 'dir' && tree.entries.get(`${p}/Chart.yaml`)?.type === 'file') rendered.push(p);
    if (tree.entries.get('Chart.yaml')?.type === 'file') rendered.push('');
    readSource({ folder: '', how: FOLDER_DIRECTORY, application: ROOT_APPLICATION_NAME, definedIn: '', clientSide: false });
  }
  for (const cluster of env ? clusters : []) {
    enqueue({ folder: cluster, how: ROOT_DIRECTORY, application: ROOT_APPLICATION_NAME, definedIn: '', clientSide: true });
    // whether the cluster holds Applications decides how it is read: without any, as paved generates them
    let applications = 0;
    while (queue.length > 0) applications += readSource(queue.shift() as Source);
    if (applications > 0 && !options.generated) continue;
    for (const s of generatedSources(tree, cluster)) enqueue(s);
    while (queue.length > 0) readSource(queue.shift() as Source);
  }

  // what no Application applies
  for (const [file, entry] of tree.entries) {
    if (entry.type !== 'file' || applied.has(file)) continue;
    if (env && (!file.includes('/') || file.startsWith('catalog/'))) continue;
    if (rendered.some((r) => r === '' || file.startsWith(`${r}/`))) continue;
    const team = teamFolderOf(file, env);
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (team !== undefined) {
      fileFinding(
        file,
        'file',
        `no Argo CD Application applies it: team ${team}'s apps folder holds only what its Application applies, the ${PAVED_MANIFEST_GLOB} files paved writes (one object each); remove it, or write it as a .yaml manifest`,
      );
    } else if (env && options.strayFiles !== 'ignore' && isArgoManifestName(name)) {
      fileFinding(
        file,
        'file',
        'no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
      );
    }
  }
  return { applied: [...applied.values()], catalog, findings };

  /** Reads one source; returns how many Applications its files hold. */
  function readSource(source: Source): number {
    if (typeof source.how === 'string') {
      rendered.push(source.folder);
      return 0;
    }
    const reading = readDirectorySource(tree, source.folder, source.how);
    if (reading.bytes > MAX_COMBINED_MANIFEST_BYTES) {
      fileFinding(
        source.definedIn || source.folder,
        `Application ${source.application}`,
        `reads ${showBytes(reading.bytes)} of manifests from ${source.folder || '.'}: over Argo CD's limit of ${showBytes(MAX_COMBINED_MANIFEST_BYTES)} (the repo server's --max-combined-directory-manifests-size), so Argo CD applies none of them`,
      );
    }
    for (const file of reading.skipped) {
      const team = teamFolderOf(file, env);
      if (team !== undefined) fileFinding(file, 'file', `holds ${SKIP_FILE_RENDERING}, so Argo CD skips it: team ${team}'s apps folder holds only what is applied; remove the file`);
    }
    let applications = 0;
    for (const file of reading.files) {
      if (rendered.some((r) => r === '' || file.startsWith(`${r}/`))) continue;
      const first = applied.get(file);
      if (first) {
        fileFinding(file, 'file', `is applied by two Argo CD Applications (${first.application} and ${source.application}): each file must have one`);
        continue;
      }
      const team = teamFolderOf(file, env);
      const entry: AppliedFile = { file, application: source.application, clientSide: source.clientSide, ...(team !== undefined ? { team } : {}) };
      applied.set(file, entry);
      if (team !== undefined && !file.endsWith('.yaml')) {
        fileFinding(file, 'file', `Argo CD applies it, but a team's apps folder holds only the ${PAVED_MANIFEST_GLOB} files paved writes: write it as a .yaml manifest`);
      }
      for (const m of options.objectsOf(entry)) {
        const sources = env && !options.generated ? applicationSourcesOf(m) : undefined;
        if (sources === undefined) continue;
        applications++;
        for (const s of sources) {
          const next = sourceToRead(m, s.field, s.source);
          if (next) enqueue(next);
        }
      }
    }
    return applications;
  }

  /** What a source of an Application in the tree reads, if it reads the tree. */
  function sourceToRead(m: ManifestObject, field: string, source: Obj): Source | undefined {
    const object = m.object;
    const add = (sub: string, message: string, severity: Finding['severity'] = 'error') =>
      findings.push({ severity, rule: 'read', file: m.file, object: describeObject(object), field: `${field}${sub}`, message });
    const repo = str(source.repoURL);
    const at = str(source.path);
    if (at === undefined || source.chart !== undefined || at.includes('{{')) return undefined;
    if (gitops && repo !== undefined && normalizeRepo(repo) !== normalizeRepo(gitops.repoURL)) return undefined;
    const folder = folderOfPath(at);
    if (folder === undefined) {
      if (gitops) add('.path', `"${at}" is outside the tree paved checks (${gitops.path}/ of ${gitops.repoURL}): Argo CD applies files paved never reads`);
      return undefined;
    }
    const spec = asObject(object.spec);
    const template = asObject(asObject(spec?.template)?.spec);
    const syncOptions = asObject((object.kind === 'ApplicationSet' ? template : spec)?.syncPolicy)?.syncOptions;
    const clientSide = !(Array.isArray(syncOptions) && syncOptions.includes('ServerSideApply=true'));
    const application = str(asObject(object.metadata)?.name) ?? '<unnamed>';
    const base = { folder, application, definedIn: m.file, clientSide };
    const types = (['directory', 'helm', 'kustomize', 'plugin'] as const).filter((t) => source[t] !== undefined && source[t] !== null);
    if (types.length > 1) {
      add('', `sets ${types.join(' and ')}: Argo CD refuses an Application with more than one source type (it syncs nothing)`);
      return undefined;
    }
    const detected = types.length === 0 ? detectedType(folder) : undefined;
    const how = types.length === 1 ? types[0] : (detected?.type ?? 'directory');
    if (how !== 'directory') {
      if (types.length === 0)
        add(
          '',
          `sets no source type, and ${detected?.file} makes Argo CD render ${folder || '.'} with ${how === 'helm' ? 'Helm' : 'Kustomize'}: set ${field}.directory (paved reads manifests, not what Helm or Kustomize render)`,
        );
      const team = [...tree.entries.keys()].find((f) => (folder === '' || f.startsWith(`${folder}/`)) && teamFolderOf(f, env) !== undefined);
      if (team !== undefined) add('', `renders ${folder || '.'} with ${how}, which holds a team's apps folder: paved cannot check what it renders; read it as a directory`);
      return { ...base, how };
    }
    if (types.length === 0)
      add(
        '',
        `sets no source type: Argo CD detects it, and a Chart.yaml or kustomization.yaml added to ${folder || '.'} makes it render the folder with Helm or Kustomize; set ${field}.directory`,
        'warning',
      );
    const directory = asObject(source.directory) ?? {};
    const settings: DirectorySettings = { recurse: directory.recurse === true, include: str(directory.include) ?? '', exclude: str(directory.exclude) ?? '' };
    for (const key of ['include', 'exclude'] as const) {
      const problem = settings[key] === '' ? undefined : globProblem(settings[key]);
      if (problem) add(`.directory.${key}`, `"${settings[key]}" is not a glob Argo CD can compile (${problem}): it matches nothing${key === 'include' ? ', so Argo CD applies no file' : ''}`);
    }
    return { ...base, how: settings };
  }

  /** The folder of the tree a source path names, or undefined. */
  function folderOfPath(at: string): string | undefined {
    const clean = path.posix
      .normalize(at)
      .replace(/^\.\/?/, '')
      .replace(/\/+$/, '');
    if (clean.startsWith('..') || clean.startsWith('/')) return undefined;
    const isFolder = (f: string) => f === '' || tree.entries.get(f)?.type === 'dir';
    if (gitops) {
      const prefix = path.posix
        .normalize(gitops.path)
        .replace(/^\.\/?/, '')
        .replace(/\/+$/, '');
      if (prefix === '' || prefix === '.') return isFolder(clean) ? clean : undefined;
      if (clean === prefix) return '';
      return clean.startsWith(`${prefix}/`) && isFolder(clean.slice(prefix.length + 1)) ? clean.slice(prefix.length + 1) : undefined;
    }
    const segments = clean.split('/').filter(Boolean);
    for (let k = 0; k < segments.length; k++) if (isFolder(segments.slice(k).join('/'))) return segments.slice(k).join('/');
    return undefined;
  }

  /** The source type Argo CD detects for a folder (its direct files), if not a directory. */
  function detectedType(folder: string): { type: 'helm' | 'kustomize'; file: string } | undefined {
    let found: { type: 'helm' | 'kustomize'; file: string } | undefined;
    for (const p of childrenOf(tree, folder)) {
      if (tree.entries.get(p)?.type === 'dir') continue;
      const name = p.slice(p.lastIndexOf('/') + 1);
      if (name.endsWith('Chart.yaml')) found = { type: 'helm', file: p };
      if (KUSTOMIZATION_NAMES.includes(name)) found = { type: 'kustomize', file: p };
    }
    return found;
  }
}

/** The sources of an Argo CD Application or ApplicationSet (its template's), or undefined for any other object. */
function applicationSourcesOf(m: ManifestObject): ReturnType<typeof applicationSources> | undefined {
  const { apiVersion, kind } = m.object;
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('argoproj.io/')) return undefined;
  const spec = asObject(m.object.spec) ?? {};
  if (kind === 'Application') return applicationSources(spec);
  if (kind === 'ApplicationSet') return applicationSources(asObject(asObject(spec.template)?.spec) ?? {}).map((s) => ({ ...s, field: `spec.template.${s.field}` }));
  return undefined;
}

/** The folders paved's generated Applications read in a cluster folder (a tree without Applications: a team's proposal). */
function generatedSources(tree: SourceTree, cluster: string): Source[] {
  const out: Source[] = [];
  const dir = (f: string) => tree.entries.get(f)?.type === 'dir';
  const add = (folder: string, application: string, clientSide = true) => {
    if (dir(folder)) out.push({ folder, how: PAVED_DIRECTORY, application, definedIn: '', clientSide });
  };
  add(`${cluster}/platform/namespaces`, 'platform-namespaces');
  add(`${cluster}/platform/config`, 'platform-config', false);
  for (const teamDir of childrenOf(tree, `${cluster}/teams`)) {
    const team = teamDir.slice(teamDir.lastIndexOf('/') + 1);
    add(`${teamDir}/tenant`, `team-${team}-tenant`);
    add(`${teamDir}/apps`, `team-${team}-apps`);
  }
  return out;
}

/** The catalog's YAML files (Backstage entities), as read before: every .yaml/.yml file but a Helm chart's. */
function catalogFiles(tree: SourceTree): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const children = childrenOf(tree, dir);
    if (children.some((p) => p.endsWith('/Chart.yaml'))) return;
    for (const p of children) {
      const entry = tree.entries.get(p);
      if (entry?.type === 'dir') walk(p);
      else if (entry?.type === 'file' && /\.ya?ml$/.test(p)) out.push(p);
    }
  };
  walk('catalog');
  return out;
}

/**
 * What is refused wherever it is in the tree: links (never followed),
 * special files (never opened), `.argocd-source*.yaml` files (Argo CD merges
 * them into the Application that reads the folder), and in a team's folder
 * the files that make Argo CD render a folder with Helm or Kustomize.
 */
export function entryFindings(tree: SourceTree, env: boolean): Finding[] {
  const findings: Finding[] = [];
  const fail = (file: string, object: string, message: string) => findings.push({ severity: 'error', rule: 'read', file, object, field: '', message });
  for (const [file, entry] of tree.entries) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const team = teamFolderOf(file, env);
    if (entry.type === 'link') {
      fail(
        file,
        `link to ${entry.target ?? '?'}`,
        team !== undefined
          ? `team ${team}'s apps folder holds no links: Argo CD would apply the file it points to, which can be another team's; write the file itself`
          : 'paved follows no link (a tree it writes holds none), and Argo CD would apply the file it points to: write the file itself',
      );
    } else if (entry.type === 'other') {
      fail(file, entry.what ?? 'special file', 'is not a regular file: a GitOps tree holds only files and folders (paved does not open it)');
    } else if (entry.type === 'file' && /^\.argocd-source(-.*)?\.yaml$/.test(name)) {
      fail(
        file,
        'Argo CD source override',
        `Argo CD merges ${name} into the source of the Application that reads this folder (it can change which files are applied, or render them with Helm or Kustomize): paved refuses it; set the source in the Application`,
      );
    } else if (entry.type === 'file' && team !== undefined && (name.endsWith('Chart.yaml') || KUSTOMIZATION_NAMES.includes(name))) {
      fail(
        file,
        name.endsWith('Chart.yaml') ? 'Helm chart' : 'Kustomization',
        `makes Argo CD render the folder with ${name.endsWith('Chart.yaml') ? 'Helm' : 'Kustomize'} when an Application leaves its type to detection: team ${team}'s apps folder holds only the manifests paved writes`,
      );
    }
  }
  return findings;
}
