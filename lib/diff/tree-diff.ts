/**
 * `paved diff`: two GitOps trees compared object by object (and file by file
 * for the files that are not manifests), with the risky changes first.
 */
import type { Finding, ManifestObject } from '../validate/findings';
import { phrase, words } from '../private/escape';
import { reviewItem } from './review-item';
import { describeObject } from '../validate/findings';
import { compareStrings } from '../private/compare';
import { countMappingDocumentsIn } from './count-documents';
import { fieldChanges } from './field-changes';
import { groupOf, needsReview } from './review';
import { inScope, scopeTree } from './scope';
import type { BaseObjectsIn, DiffObject, DiffOptions, FileChange, ObjectChange, ReviewItem, TreeDiff, TreeFiles } from './types';

export type { DiffObject, DiffOptions, DiffScope, FieldChange, FileChange, ObjectChange, ReleaseMove, ReviewItem, TreeDiff, TreeFiles } from './types';
export { buildName, moveLine, releaseMoves } from './release-moves';
export type { BaseObjectsIn, ClaimPricing, FootprintOf, ImagePolicyCheck } from './types';
export { countMappingDocuments, countMappingDocumentsIn } from './count-documents';
export { LIST_KEYS, deepEqual, describeChange, fieldChanges, showPair, showValue } from './field-changes';
export type { DiffJson } from './format';
export { diffToJson, formatDiffText, hasChanges } from './format';
export type { MarkdownOptions } from './format-markdown';
export { CommentTooLargeError, DEFAULT_MARKDOWN_MAX_CHARS, formatDiffMarkdown, linkableUrl } from './format-markdown';
export type { DiffInputProblem } from './read-tree';
export { DiffInputError, parseTree, readTreeFilesFromDirectories, readTreeFilesFromDirectory, readTreeFilesFromGit, readTreeFromDirectory, readTreeFromGit } from './read-tree';
export { describeScope, inScope, scopePhrase, scopeTree, teamsOfTeamTree } from './scope';
export type { DiffBase, DiffRevisions } from './revisions';
export { describeWorkTree, diffBaseOf, formatRevisions } from './revisions';

/** The identity of an object: API group (not version), kind, namespace, name. */
export function identity(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return `${groupOf(object.apiVersion)}/${String(object.kind)}/${String(metadata.namespace ?? '')}/${String(metadata.name)}`;
}

/** The top-level folder of a file, with one cluster per top-level folder. */
function environmentOf(file: string, options: DiffOptions): string | undefined {
  const slash = file.indexOf('/');
  return options.clusterPerTopLevelFolder && slash > 0 ? file.slice(0, slash) : undefined;
}

function objectId(m: ManifestObject, options: DiffOptions): string {
  return options.clusterPerTopLevelFolder ? `${m.file.split('/')[0]}:${identity(m.object)}` : identity(m.object);
}

function index(manifests: readonly ManifestObject[], options: DiffOptions): Map<string, DiffObject> {
  const out = new Map<string, DiffObject>();
  for (const m of manifests) {
    const id = objectId(m, options);
    const environment = environmentOf(m.file, options);
    out.set(id, { id, label: describeObject(m.object), file: m.file, ...(environment !== undefined ? { environment } : {}), object: m.object });
  }
  return out;
}

/**
 * Compares two trees object by object: objects are matched by identity (per
 * top-level folder with `clusterPerTopLevelFolder`), list items by their key.
 * Only objects of the scope's files are compared when `options.scope` is given.
 * Files that are not manifests are not compared: see {@link diffFiles}.
 */
export function diffTrees(base: readonly ManifestObject[], head: readonly ManifestObject[], options: DiffOptions = {}): TreeDiff {
  const scope = options.scope;
  const only = (objects: readonly ManifestObject[]) => (scope ? objects.filter((m) => inScope(m.file, scope)) : objects);
  const b = only(base);
  return diffObjects(b, only(head), 0, options, (folder, direct) => [...index(below(b, folder, direct), options).values()]);
}

/** The objects below a folder of the tree (or directly in it). */
const below = (objects: readonly ManifestObject[], folder: string, direct = false) =>
  objects.filter((m) => (direct ? m.file.slice(0, Math.max(0, m.file.lastIndexOf('/'))) === folder : m.file.startsWith(`${folder}/`)));

/**
 * Compares two trees' files object by object, parsing only the files that
 * differ: a file with the same path and the same bytes on both sides holds the
 * same objects on both sides, unchanged (counted, not parsed, when its
 * documents are plainly mappings; see {@link countMappingDocuments}). The
 * objects are {@link diffTrees}'s on the parsed trees, for trees in which no
 * object is defined twice (which validation rejects): an object defined twice,
 * once in an unchanged file, is compared by its other definitions and counted
 * twice. The other files are compared by {@link diffFiles}.
 */
export function diffTreeFiles(base: TreeFiles, head: TreeFiles, options: DiffOptions = {}): TreeDiff {
  const b = options.scope ? scopeTree(base, options.scope) : base;
  const h = options.scope ? scopeTree(head, options.scope) : head;
  const c = changedFiles(b, h, options);
  const parse = (tree: TreeFiles, files: readonly [string, Buffer][]) => files.flatMap(([file, bytes]) => tree.parse(file, bytes.toString('utf8')));
  // a neighbour's objects are only read: those the tree's reader parsed (Argo CD's Applications) are not parsed again
  const parseShared = (tree: TreeFiles, files: readonly [string, Buffer][]) => files.flatMap(([file, bytes]) => (tree.parseShared ?? tree.parse)(file, bytes.toString('utf8')));
  // the head side's files that differ, read as the validator reads them when the side can: what Argo CD would not read is reviewed
  const perFile: Finding[] = [];
  const readHead = (files: readonly [string, Buffer][]) =>
    h.read
      ? files.flatMap(([file, bytes]) => {
          const result = h.read?.(file, bytes) ?? { objects: [], findings: [] };
          perFile.push(...result.findings);
          return result.objects;
        })
      : parse(h, files);
  // a new app is compared with its team's other apps, a change with its unchanged neighbours: the base side's files of a folder, read once when asked for
  const read = new Map<string, DiffObject[]>();
  const folders = folderIndex([...b.files]);
  const baseIn: BaseObjectsIn = (folder, direct = false) => {
    const key = `${direct ? 'direct' : 'below'}\0${folder}`;
    let objects = read.get(key);
    if (!objects) {
      objects = [...index(parseShared(b, folders.filesIn(folder, direct)), options).values()];
      read.set(key, objects);
    }
    return objects;
  };
  const diff = diffObjects(parse(b, c.base), readHead(c.head), c.unchanged, options, baseIn);
  return { ...diff, needsReview: [...unreadable(b, h, perFile, options), ...diff.needsReview], files: diffFiles(b, h, options) };
}

/**
 * A side's files by folder, built once: the files directly in a folder, or below it, in the side's order (a change's
 * neighbours are asked for per changed folder; a scan of every file for each would grow with changes × files).
 */
function folderIndex(files: readonly [string, Buffer][]): { filesIn: (folder: string, direct: boolean) => [string, Buffer][] } {
  const direct = new Map<string, number[]>();
  files.forEach(([file], at) => {
    const folder = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    const same = direct.get(folder);
    if (same) same.push(at);
    else direct.set(folder, [at]);
  });
  const filesIn = (folder: string, only: boolean): [string, Buffer][] => {
    if (only) return (direct.get(folder) ?? []).map((at) => files[at]);
    // below: the files of every folder that is it or under it (what `file.startsWith(folder + '/')` selects)
    const at: number[] = [];
    for (const [f, positions] of direct) if ((f === folder && folder !== '') || f.startsWith(`${folder}/`)) at.push(...positions);
    return at.sort((x, y) => x - y).map((i) => files[i]);
  };
  return { filesIn };
}

/**
 * What keeps Argo CD from reading the head side as paved reads it, new in
 * this change (links, special files, files no Application applies, a file in
 * a team's folder that changes how Argo CD reads it, and in the files that
 * differ alias bombs, merge keys, objects over the API server's limits): each
 * under "needs review", first, naming the file.
 */
export function unreadable(base: TreeFiles, head: TreeFiles, perFile: readonly Finding[], options: DiffOptions = {}): ReviewItem[] {
  const key = (f: Finding) => `${f.file}\0${f.object}\0${f.message}`;
  const before = new Set((base.findings ?? []).map(key));
  const seen = new Set<string>();
  const out: ReviewItem[] = [];
  for (const f of [...(head.findings ?? []), ...perFile]) {
    if (before.has(key(f)) || seen.has(key(f)) || f.severity !== 'error') continue;
    seen.add(key(f));
    const environment = environmentOf(f.file, options);
    out.push(reviewItem({ label: f.object, file: f.file, ...(environment !== undefined ? { environment } : {}) }, phrase`${words('Argo CD would not read it as paved reads it: ')}${f.message}`));
  }
  return out;
}

/** The files that differ on each side (in each side's order), and how many objects the others hold. */
function changedFiles(base: TreeFiles, head: TreeFiles, options: DiffOptions): { base: [string, Buffer][]; head: [string, Buffer][]; unchanged: number } {
  const same = (a: Buffer | undefined, b: Buffer | undefined) => a !== undefined && b !== undefined && a.equals(b);
  const out: { base: [string, Buffer][]; head: [string, Buffer][]; unchanged: number } = { base: [], head: [], unchanged: 0 };
  for (const [file, bytes] of base.files) {
    if (same(bytes, head.files.get(file))) {
      // latin1 is enough to find markers and keys (any other byte makes it unsure, and the file is parsed)
      out.unchanged += countMappingDocumentsIn(bytes) ?? new Set(head.parse(file, bytes.toString('utf8')).map((m) => objectId(m, options))).size;
    } else {
      out.base.push([file, bytes]);
    }
  }
  for (const [file, bytes] of head.files) {
    if (!same(base.files.get(file), bytes)) out.head.push([file, bytes]);
  }
  return out;
}

/** Whether bytes look like text (no NUL in the first 8 KiB, as Git decides). */
const isText = (bytes: Buffer) => !bytes.subarray(0, 8192).includes(0);

/** How a changed file differs: the fields of a JSON file, the lines of another text file. */
function fileDetails(file: string, before: Buffer, after: Buffer): Pick<FileChange, 'changes' | 'lines'> {
  if (!isText(before) || !isText(after)) return {};
  if (/\.json$/i.test(file)) {
    try {
      return { changes: fieldChanges(JSON.parse(before.toString('utf8')), JSON.parse(after.toString('utf8'))) };
    } catch {
      // not JSON after all: compared as lines
    }
  }
  const counts = new Map<string, number>();
  for (const line of before.toString('utf8').split('\n')) counts.set(line, (counts.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of after.toString('utf8').split('\n')) {
    const n = counts.get(line) ?? 0;
    if (n > 0) counts.set(line, n - 1);
    else added++;
  }
  const removed = [...counts.values()].reduce((s, n) => s + n, 0);
  return { lines: { added, removed } };
}

/**
 * Compares the files of two trees that are not YAML manifests (CATALOG.md,
 * ACCESS.md, org.json, catalog/last-changed.json, a Helm chart's files, …) by
 * their bytes: added, removed and changed files, by path; a changed JSON file
 * with its fields that differ, another text file with how many lines differ.
 */
export function diffFiles(base: TreeFiles, head: TreeFiles, options: DiffOptions = {}): FileChange[] {
  const scope = options.scope;
  const files = (tree: TreeFiles) => new Map([...(tree.others ?? [])].filter(([file]) => !scope || inScope(file, scope)));
  const b = files(base);
  const h = files(head);
  const out: FileChange[] = [];
  for (const file of [...new Set([...b.keys(), ...h.keys()])].sort(compareStrings)) {
    const before = b.get(file);
    const after = h.get(file);
    const environment = environmentOf(file, options);
    const at = { file, ...(environment !== undefined ? { environment } : {}) };
    if (before === undefined) out.push({ ...at, change: 'added' });
    else if (after === undefined) out.push({ ...at, change: 'removed' });
    else if (!before.equals(after)) out.push({ ...at, change: 'changed', ...fileDetails(file, before, after) });
  }
  return out;
}

/** Compares two sets of objects; `unchanged` more objects are the same on both sides. */
function diffObjects(base: readonly ManifestObject[], head: readonly ManifestObject[], unchanged: number, options: DiffOptions, baseIn: BaseObjectsIn): TreeDiff {
  const b = index(base, options);
  const h = index(head, options);
  const added = [...h.values()].filter((o) => !b.has(o.id)).sort((x, y) => compareStrings(x.file, y.file));
  const removed = [...b.values()].filter((o) => !h.has(o.id)).sort((x, y) => compareStrings(x.file, y.file));
  const changed: ObjectChange[] = [...h.values()]
    .filter((o) => b.has(o.id))
    .map((after) => {
      const before = b.get(after.id) as DiffObject;
      return { before, after, changes: fieldChanges(before.object, after.object) };
    })
    .filter((c) => c.changes.length > 0)
    .sort((x, y) => compareStrings(x.after.file, y.after.file));
  return {
    added,
    removed,
    changed,
    needsReview: needsReview(added, removed, changed, {
      baseIn,
      ...(options.imagePolicy ? { refuses: options.imagePolicy } : {}),
      ...(options.pricing ? { pricing: options.pricing } : {}),
      ...(options.footprint ? { footprint: options.footprint } : {}),
    }),
    files: [],
    baseObjects: b.size + unchanged,
    headObjects: h.size + unchanged,
    ...(options.scope ? { scope: { teams: [...options.scope.teams].sort(compareStrings) } } : {}),
  };
}
