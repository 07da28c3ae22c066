import { PREVIEWS_FOLDER, isPreviewApplicationSet, isPreviewFile, previewFolderOf } from '../org/preview-names';
import type { Finding, ManifestObject } from './findings';

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The parameters of a sample pull request, as the GitHub pull request generator gives them. */
export interface SamplePullRequest {
  readonly number: number;
  readonly branch: string;
  readonly head_sha: string;
}

/** What a preview ApplicationSet renders for one pull request: its Applications and the objects they apply, each with its namespace. */
export interface PreviewRendering {
  readonly applications: readonly ManifestObject[];
  readonly objects: readonly ManifestObject[];
  readonly problems: readonly string[];
}

const PARAMETER = /\{\{\s*\.(number|branch|head_sha)\s*\}\}/g;

/** Substitutes the generator's parameters into every string; any other template expression is a problem (the render knows no more). */
function substitute(value: unknown, pr: SamplePullRequest, problems: string[], at: string): unknown {
  if (typeof value === 'string') {
    const out = value.replace(PARAMETER, (_, k: keyof SamplePullRequest) => String(pr[k]));
    if (out.includes('{{')) problems.push(`${at}: ${JSON.stringify(value)} is not allowed: only {{ .number }}, {{ .branch }} and {{ .head_sha }} (the offline render substitutes nothing else)`);
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, pr, problems, `${at}[${i}]`));
  const o = asObject(value);
  return o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, substitute(v, pr, problems, `${at}.${k}`)])) : value;
}

/**
 * The folder of the tree a preview's source path names: the path ends in the
 * ApplicationSet's own environment folder, `previews`, a team and its part
 * (`<gitops path>/<env>/previews/<team>/apps`), as the synth writes it.
 */
function folderOf(sourcePath: string, setFile: string): string | undefined {
  const env = setFile.split('/')[0];
  const parts = sourcePath.split('/');
  const tail = parts.slice(-4);
  if (tail.length !== 4 || tail[0] !== env || tail[1] !== PREVIEWS_FOLDER || parts.some((p) => p === '..' || p === '.')) return undefined;
  return tail.join('/');
}

/** The objects a preview's folder holds, as Argo CD's directory source reads it: a Kustomize or Helm file in it is refused (a preview reads the pull request's files as data, never as a program). */
function folderObjects(tree: readonly ManifestObject[], folder: string, problems: string[]): ManifestObject[] {
  const inside = tree.filter((m) => m.file.startsWith(`${folder}/`));
  for (const m of inside) {
    const base = m.file.split('/').pop() ?? '';
    if (/^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|values\.ya?ml)$/.test(base) || m.object.kind === 'Kustomization') {
      problems.push(`${m.file}: is not allowed in a preview's folder: plain manifests only (Argo CD would read the folder as Kustomize or Helm)`);
    }
  }
  return inside.filter((m) => m.object.kind !== 'Kustomization');
}

/**
 * Renders the tree's preview ApplicationSets for a sample pull request, offline,
 * as Argo CD would: the generator's parameters substituted into each template,
 * each Application's folder read from the tree (the pull request's own tree for
 * its head) as a plain directory, each object without a namespace put
 * into the destination namespace, and the namespace Argo CD creates
 * (`CreateNamespace=true`) with its `managedNamespaceMetadata`.
 */
export function renderPreviews(tree: readonly ManifestObject[], pr: SamplePullRequest): PreviewRendering {
  const problems: string[] = [];
  const applications: ManifestObject[] = [];
  const objects: ManifestObject[] = [];
  for (const set of tree.filter((m) => isPreviewApplicationSet(m.object))) {
    const template = substitute(asObject(set.object.spec)?.template, pr, problems, `${set.file}: spec.template`) as Obj;
    const spec = asObject(template.spec) ?? {};
    applications.push({ file: set.file, object: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: template.metadata, spec } });
    const source = asObject(spec.source) ?? {};
    const namespace = String(asObject(spec.destination)?.namespace ?? '');
    const folder = folderOf(String(source.path ?? ''), set.file);
    if (folder === undefined) {
      problems.push(
        `${set.file}: spec.template.spec.source.path ${JSON.stringify(source.path)} is not allowed: <gitops path>/<env>/${PREVIEWS_FOLDER}/<team>/<part>, in the ApplicationSet's own environment`,
      );
      continue;
    }
    for (const key of ['kustomize', 'helm', 'plugin'])
      if (source[key] !== undefined) problems.push(`${set.file}: spec.template.spec.source.${key} is not allowed: a directory source (a preview reads plain manifests)`);
    const read = folderObjects(tree, folder, problems);
    for (const m of read) {
      const meta = asObject(m.object.metadata) ?? {};
      if (meta.namespace !== undefined)
        problems.push(`${m.file}: metadata.namespace = ${JSON.stringify(meta.namespace)} is not allowed in a preview's folder: none (the preview's namespace is the pull request's)`);
      objects.push({ file: m.file, object: { ...m.object, metadata: { ...meta, namespace } } });
    }
    const sync = asObject(spec.syncPolicy) ?? {};
    if (asArray(sync.syncOptions).includes('CreateNamespace=true')) {
      const managed = asObject(sync.managedNamespaceMetadata) ?? {};
      objects.push({ file: `${set.file}#namespace-${namespace}`, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...asObject(managed.labels) } } } });
    }
  }
  return { applications, objects, problems };
}

/** A team as a preview's checks see it: its name and the zone the environment serves for it. */
export interface PreviewTeam {
  readonly name: string;
  readonly zone: string;
  /** The environment (cluster folder) whose previews these are; every one when not given. */
  readonly env?: string;
}

/**
 * What only previews need of their namespaces: each team's preview namespace
 * exists and carries the team's label, by which the admission policies hold it
 * to the team's rules. Its walls (Pod Security, quota, limits, default deny)
 * are every team namespace's (`checkTeamNamespace`), and its routes the team's
 * (the tenant rules): the validator checks both, on the objects
 * {@link withPreviews} places.
 */
export function checkPreviews(objects: readonly ManifestObject[], teams: readonly PreviewTeam[], pr: SamplePullRequest = SAMPLE_PULL_REQUEST): string[] {
  const problems: string[] = [];
  for (const team of teams) {
    const ns = `${team.name}-pr-${pr.number}`;
    const here = (m: ManifestObject) => team.env === undefined || m.file.startsWith(`${team.env}/`);
    if (!objects.some((m) => here(m) && asObject(m.object.metadata)?.namespace === ns)) continue;
    const namespace = objects.find((m) => here(m) && m.object.kind === 'Namespace' && asObject(m.object.metadata)?.name === ns);
    const label = asObject(asObject(namespace?.object.metadata)?.labels)?.['paved.dev/team'];
    if (label !== team.name) problems.push(`namespace ${ns}: label paved.dev/team = ${JSON.stringify(label)} is not allowed: ${JSON.stringify(team.name)}`);
  }
  return problems;
}

/** The sample pull request `paved validate` and the synth render the previews for. */
export const SAMPLE_PULL_REQUEST: SamplePullRequest = Object.freeze({ number: 1, branch: 'sample', head_sha: '0123456789abcdef0123456789abcdef01234567' });

/**
 * A tree's objects as a sample pull request's previews make them: the
 * previews' folders (objects without a namespace, which no check can place)
 * replaced by what the preview ApplicationSets apply for the pull request, each
 * in the pull request's namespace, with the namespaces Argo CD creates. Every
 * check of a tree then runs on them as on any team's objects: the tenant
 * boundary, the admission policies, KubeVela's render, Pod Security, quotas.
 */
export function withPreviews(tree: readonly ManifestObject[], teams: readonly PreviewTeam[], pr: SamplePullRequest = SAMPLE_PULL_REQUEST): { objects: ManifestObject[]; problems: string[] } {
  if (!tree.some((m) => isPreviewFile(m.file) || isPreviewApplicationSet(m.object))) return { objects: [...tree], problems: [] };
  const rendering = renderPreviews(tree, pr);
  const problems = [...rendering.problems, ...checkPreviews(rendering.objects, teams, pr)];
  const read = new Set(rendering.objects.map((m) => m.file));
  // a tree without preview ApplicationSets is a team's proposal (or part): its copies are the platform's to read
  const hasSets = tree.some((m) => isPreviewApplicationSet(m.object));
  for (const m of tree) {
    if (!isPreviewFile(m.file) || read.has(m.file)) continue;
    // a team's own tree (its proposal) holds its previews' copies but not the platform's ApplicationSets, which read
    // them once proposed: the platform's synth writes the same copies from the proposed apps (paved check holds it)
    const at = previewFolderOf(m.file);
    if (at?.part === 'apps' && (!hasSets || teams.some((t) => t.name === at.team))) continue;
    problems.push(`${m.file}: no preview ApplicationSet of the tree reads it: a file of a team's preview folder that one reads (npm run synth writes them)`);
  }
  return { objects: [...tree.filter((m) => !isPreviewFile(m.file)), ...rendering.objects], problems };
}

/** The problems of a preview render as findings of `paved validate` (each problem is `<file>: <message>`). */
export function previewFindings(problems: readonly string[]): Finding[] {
  return problems.map((p) => {
    const at = p.indexOf(': ');
    return { severity: 'error', rule: 'policy', file: at < 0 ? '' : p.slice(0, at), object: 'preview of a pull request', field: '', message: at < 0 ? p : p.slice(at + 2) };
  });
}
