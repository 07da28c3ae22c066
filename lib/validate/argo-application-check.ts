/**
 * An Argo CD Application's references in its tree: its project, the
 * destinations and repositories the project allows, its Git folders, its
 * charts pinned to one version, and Helm values the chart's schema allows.
 */
import type { SchemaCatalog } from './catalog';
import type { ManifestObject } from './findings';
import { applicationSources } from './argo-sources';
import { checkSchema, compile } from './schema-check';
import type { TreeIndex } from './tree-index';
import { asObject, asArray, asString as str } from '../private/json-shape';

const folderCache = new WeakMap<TreeIndex, Set<string>>();

/** Every folder that holds a file of the tree (computed once per tree). */
function foldersOf(tree: TreeIndex): Set<string> {
  let folders = folderCache.get(tree);
  if (!folders) {
    folders = new Set<string>();
    for (const o of tree.all) {
      const parts = o.file.split('/');
      for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    }
    folderCache.set(tree, folders);
  }
  return folders;
}

/** Whether a value matches an Argo CD pattern (exact, or `*` globs). */
function globMatch(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (!pattern.includes('*')) return false;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

/**
 * An Argo CD Application's references: its project exists in the tree and
 * allows its destination namespace and its source repository, and a Git
 * source's path is a folder of the tree.
 */
export function checkArgoApplication(m: ManifestObject, tree: TreeIndex, add: (field: string, message: string) => void): void {
  const spec = asObject(m.object.spec) ?? {};
  const projectName = str(spec.project) ?? 'default';
  const project = tree.byKind('argoproj.io', 'AppProject').find((o) => asObject(o.object.metadata)?.name === projectName);
  const destination = asObject(spec.destination) ?? {};
  const sources = applicationSources(spec);
  if (!project) {
    add('spec.project', `AppProject "${projectName}" does not exist in the tree`);
  } else {
    const pspec = asObject(project.object.spec) ?? {};
    const ns = str(destination.namespace) ?? '';
    const server = str(destination.server) ?? '';
    const allowed = asArray(pspec.destinations)
      .map(asObject)
      .some((d) => d && globMatch(str(d.namespace) ?? '', ns) && (d.server === undefined || globMatch(str(d.server) ?? '', server)));
    if (!allowed) add('spec.destination.namespace', `project "${projectName}" does not allow namespace "${ns}"`);
    for (const { field, source } of sources) {
      const repo = str(source.repoURL) ?? '';
      if (!asArray(pspec.sourceRepos).some((r) => globMatch(String(r), repo))) add(`${field}.repoURL`, `project "${projectName}" does not allow repository "${repo}"`);
    }
  }
  // a Git directory must exist in the tree (Helm charts are pinned by version instead)
  const folders = foldersOf(tree);
  for (const { field, source } of sources) {
    if (source.chart !== undefined) {
      if (!str(source.targetRevision) || /[*^~><]|latest/.test(String(source.targetRevision))) add(`${field}.targetRevision`, 'a Helm chart must be pinned to one version');
      continue;
    }
    const path = str(source.path);
    if (path === undefined) continue;
    const segments = path.split('/').filter(Boolean);
    const exists = segments.some((_, k) => folders.has(segments.slice(k).join('/')));
    if (!exists) add(`${field}.path`, `"${path}" is not a folder of the tree`);
  }
}

/** Helm refuses values its chart's schema does not allow. */
export function checkChartValues(m: ManifestObject, catalog: SchemaCatalog, add: (field: string, message: string) => void): void {
  const spec = asObject(m.object.spec) ?? {};
  for (const { field: at, source } of applicationSources(spec)) {
    const values = asObject(asObject(source.helm)?.valuesObject);
    const schema = values && str(source.chart) ? catalog.chartValuesSchema(String(source.repoURL), String(source.chart), String(source.targetRevision)) : undefined;
    if (schema) for (const p of checkSchema(compile(schema, 'asIs'), values, `${at}.helm.valuesObject`)) add(p.field, `${p.message} (the ${String(source.chart)} chart's values.schema.json)`);
  }
}
