import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseImage } from '../private/names';
import type { ManifestObject } from '../validate/findings';
import { describeObject } from '../validate/findings';
import { manifestFiles, parseManifests } from '../validate/manifests';
import { compareStrings } from '../private/compare';

/** One field that differs between two versions of an object. */
export interface FieldChange {
  /** `spec.components[name=my-app].properties.image`; list elements with a `name` are matched by it. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** An object of one side of a diff. */
export interface DiffObject {
  /** `group/Kind/namespace/name`: the identity objects are matched by. */
  readonly id: string;
  /** `Kind namespace/name`. */
  readonly label: string;
  readonly file: string;
  readonly object: Record<string, unknown>;
}

/** A change that a reviewer must look at. */
export interface ReviewItem {
  readonly label: string;
  readonly reason: string;
}

/** The difference between two trees, object by object. */
export interface TreeDiff {
  readonly added: readonly DiffObject[];
  readonly removed: readonly DiffObject[];
  readonly changed: readonly { readonly before: DiffObject; readonly after: DiffObject; readonly changes: readonly FieldChange[] }[];
  /** Risky changes, listed first in every format. */
  readonly needsReview: readonly ReviewItem[];
  readonly baseObjects: number;
  readonly headObjects: number;
}

function groupOf(apiVersion: unknown): string {
  const v = String(apiVersion ?? '');
  return v.includes('/') ? v.split('/')[0] : '';
}

/** The identity of an object: API group (not version), kind, namespace, name. */
export function identity(object: Record<string, unknown>): string {
  const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return `${groupOf(object.apiVersion)}/${String(object.kind)}/${String(metadata.namespace ?? '')}/${String(metadata.name)}`;
}

function index(manifests: readonly ManifestObject[], perFolder: boolean): Map<string, DiffObject> {
  const out = new Map<string, DiffObject>();
  for (const m of manifests) {
    const id = perFolder ? `${m.file.split('/')[0]}:${identity(m.object)}` : identity(m.object);
    out.set(id, { id, label: describeObject(m.object), file: m.file, object: m.object });
  }
  return out;
}

/**
 * A tree's YAML files as they are read, before parsing: the text of each file
 * by its path in the tree, and how that side reads a file's objects.
 */
export interface TreeFiles {
  /** File (relative to the tree's root, '/' separated) → its bytes, in the tree's order. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** The objects of one file. */
  readonly parse: (file: string, text: string) => ManifestObject[];
}

/**
 * The objects of one file, for comparing: parsed with js-yaml and the YAML 1.2
 * core schema (as `yaml` reads them when paved writes them; several times
 * faster on a cold start, and a diff parses every changed file of both sides).
 * A file it cannot read is read as the validator reads it: its readable documents.
 */
const parseFile = (file: string, text: string): ManifestObject[] => {
  let docs: unknown[];
  try {
    docs = loadAll(text, null, { schema: CORE_SCHEMA });
  } catch {
    return parseManifests(file, text).objects;
  }
  return docs.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)).map((object) => ({ file, object }));
};

/** Reads the YAML files of a folder (a Helm chart's templates are not manifests); a missing folder has none. */
export function readTreeFilesFromDirectory(dir: string): TreeFiles {
  return { files: readFiles(fs.existsSync(dir) ? manifestFiles(dir) : new Map()), parse: parseFile };
}

/** How many bytes the buffers that files are read into hold (a larger file gets its own). */
const CHUNK = 8 << 20;

/**
 * Reads files (name → full path) into name → bytes: each file is read until
 * its end into a shared buffer (thousands of small files: one allocation per
 * 8 MiB instead of one per file, and no stat).
 */
function readFiles(paths: ReadonlyMap<string, string>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let chunk = Buffer.allocUnsafeSlow(CHUNK);
  let used = 0;
  for (const [rel, full] of paths) {
    const fd = fs.openSync(full, 'r');
    try {
      const start = used;
      for (;;) {
        if (used === chunk.length) {
          // the file does not fit what is left: read it on its own
          used = start;
          files.set(rel, fs.readFileSync(full));
          break;
        }
        const n = fs.readSync(fd, chunk, used, chunk.length - used, used - start);
        if (n === 0) {
          files.set(rel, chunk.subarray(start, used));
          break;
        }
        used += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    if (chunk.length - used < CHUNK / 8) {
      chunk = Buffer.allocUnsafeSlow(CHUNK);
      used = 0;
    }
  }
  return files;
}

/** Reads the YAML objects of a folder. */
export function readTreeFromDirectory(dir: string): ManifestObject[] {
  return parseTree(readTreeFilesFromDirectory(dir));
}

/**
 * Reads the YAML files of a folder as they are at a Git revision (one `git`
 * process for the listing and one for all the contents). A folder that does
 * not exist at that revision has none.
 */
export function readTreeFilesFromGit(dir: string, ref: string): TreeFiles {
  const absolute = path.resolve(dir);
  const cwd = fs.existsSync(absolute) ? absolute : path.dirname(absolute);
  const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' }).trim();
  const rel = path.relative(top, absolute).split(path.sep).join('/') || '.';
  execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top, encoding: 'utf8' });
  const listing = execFileSync('git', ['ls-tree', '-r', '-z', ref, '--', rel], { cwd: top, encoding: 'utf8', maxBuffer: 1 << 30 });
  const listed = listing.split('\0').filter(Boolean).map((line) => {
    const [meta, file] = line.split('\t');
    return { sha: meta.split(' ')[2], file };
  });
  // as on disk: a Helm chart's files (a folder with a Chart.yaml) are not manifests
  const charts = listed.filter((e) => path.posix.basename(e.file) === 'Chart.yaml').map((e) => `${path.posix.dirname(e.file)}/`);
  const entries = listed.filter((e) => /\.ya?ml$/.test(e.file) && !charts.some((c) => e.file.startsWith(c)));
  const files = new Map<string, Buffer>();
  if (entries.length === 0) return { files, parse: parseFile };
  const blobs = execFileSync('git', ['cat-file', '--batch'], { cwd: top, input: entries.map((e) => e.sha).join('\n') + '\n', maxBuffer: 1 << 30 });
  let offset = 0;
  for (const e of entries) {
    const headerEnd = blobs.indexOf(10, offset);
    const size = Number(blobs.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const content = blobs.subarray(headerEnd + 1, headerEnd + 1 + size);
    offset = headerEnd + 1 + size + 1;
    files.set(rel === '.' ? e.file : path.posix.relative(rel, e.file), content);
  }
  return { files, parse: parseFile };
}

/**
 * Reads the YAML objects of a folder as they are at a Git revision. A folder
 * that does not exist at that revision reads as empty.
 */
export function readTreeFromGit(dir: string, ref: string): ManifestObject[] {
  return parseTree(readTreeFilesFromGit(dir, ref));
}

/** Every object of a tree's files. */
export function parseTree(tree: TreeFiles): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const [file, bytes] of tree.files) objects.push(...tree.parse(file, bytes.toString('utf8')));
  return objects;
}

/** A line that starts or ends a document, and what follows the marker on it. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r]|$)(.*)$/gm;
/** A document's first line that is neither blank nor a comment. */
const CONTENT = /^(?![ \t]*(?:#.*)?\r?$).*$/gm;
/** A plain `key:` at the margin. */
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*:(?:\s|$)/;

const NEWLINE_DASHES = Buffer.from('\n---');
const NEWLINE_DOTS = Buffer.from('\n...');

/** `countMappingDocuments` of a file's bytes; a file with one document is looked at without decoding it. */
export function countMappingDocumentsIn(bytes: Buffer): number | undefined {
  const markerAtStart = bytes.length >= 3 && ((bytes[0] === 45 && bytes[1] === 45 && bytes[2] === 45) || (bytes[0] === 46 && bytes[1] === 46 && bytes[2] === 46));
  if (markerAtStart || bytes.includes(NEWLINE_DASHES) || bytes.includes(NEWLINE_DOTS)) return countMappingDocuments(bytes.toString('latin1'));
  // one document: its first line that is neither blank nor a comment
  let at = 0;
  while (at < bytes.length) {
    let end = bytes.indexOf(10, at);
    if (end < 0) end = bytes.length;
    let first = at;
    while (first < end && (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 13)) first++;
    if (first < end && bytes[first] !== 35) return PLAIN_KEY.test(bytes.toString('latin1', at, Math.min(end + 1, bytes.length))) ? 1 : undefined;
    at = end + 1;
  }
  return 0;
}

/**
 * How many objects a file holds, without parsing it, when its documents are
 * plainly mappings (each starts, after blank lines and comments, with a
 * `key:` line at the margin); undefined when that is not plain.
 */
export function countMappingDocuments(text: string): number | undefined {
  let count = 0;
  let start = 0;
  const documentAt = (from: number, to: number): boolean => {
    CONTENT.lastIndex = from;
    const line = CONTENT.exec(text);
    if (!line || line.index >= to) return true; // empty: no object
    if (!PLAIN_KEY.test(line[0])) return false;
    count++;
    return true;
  };
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (!/^\s*(?:#.*)?$/.test(m[1])) return undefined; // content after a marker
    if (!documentAt(start, m.index)) return undefined;
    start = m.index + m[0].length;
  }
  return documentAt(start, text.length) ? count : undefined;
}

/** Field-level changes between two values. */
export function fieldChanges(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const join = (key: string) => (at ? `${at}.${key}` : key);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      if (!(k in after)) return [{ path: join(k), before: before[k] }];
      if (!(k in before)) return [{ path: join(k), after: after[k] }];
      return fieldChanges(before[k], after[k], join(k));
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named = (list: unknown[]) => list.every((e) => isObj(e) && typeof e.name === 'string') && new Set(list.map((e) => (e as { name: string }).name)).size === list.length;
    if (before.length + after.length > 0 && named(before) && named(after)) {
      const byName = (list: unknown[]) => new Map(list.map((e) => [(e as { name: string }).name, e]));
      const b = byName(before);
      const a = byName(after);
      const names = [...new Set([...b.keys(), ...a.keys()])];
      return names.flatMap((n) => {
        const p = `${at}[name=${n}]`;
        if (!a.has(n)) return [{ path: p, before: b.get(n) }];
        if (!b.has(n)) return [{ path: p, after: a.get(n) }];
        return fieldChanges(b.get(n), a.get(n), p);
      });
    }
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push({ path: `${at}[${i}]`, before: before[i] });
      else if (i >= before.length) out.push({ path: `${at}[${i}]`, after: after[i] });
      else out.push(...fieldChanges(before[i], after[i], `${at}[${i}]`));
    }
    return out;
  }
  return [{ path: at, before, after }];
}

/** Kinds that grant or limit access or resources: every change to them is reviewed. */
const ACCESS_KINDS = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'AppProject', 'NetworkPolicy', 'SecretStore', 'ClusterSecretStore', 'ResourceQuota', 'LimitRange']);

/** Whether deleting the object deletes data: namespaces, volumes, stateful sets, cloud resources and the platform's data abstractions. */
function ownsData(o: DiffObject): boolean {
  const kind = String(o.object.kind);
  const group = groupOf(o.object.apiVersion);
  if (/\.aws\.(m\.)?upbound\.io$/.test(group)) return true;
  if (group === '') return ['Namespace', 'PersistentVolumeClaim', 'PersistentVolume'].includes(kind);
  if (group === 'apps') return kind === 'StatefulSet';
  return ['PostgreSQLInstance', 'ObjectBucket'].includes(kind);
}

/** Every `image` value in an object, by path. */
function images(value: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      v.forEach((e, i) => walk(e, `${p}[${typeof (e as { name?: unknown })?.name === 'string' ? `name=${(e as { name: string }).name}` : i}]`));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, sub] of Object.entries(v)) {
        if (k === 'image' && typeof sub === 'string') out.set(`${p}.${k}`, sub);
        else walk(sub, p ? `${p}.${k}` : k);
      }
    }
  };
  walk(value, at);
  return out;
}

/** Options of {@link diffTrees}. */
export interface DiffOptions {
  /**
   * Each top-level folder is its own cluster (one per environment): an object
   * is matched only within its folder.
   * @default false
   */
  readonly clusterPerTopLevelFolder?: boolean;
}

/** Compares two trees object by object. */
export function diffTrees(base: readonly ManifestObject[], head: readonly ManifestObject[], options: DiffOptions = {}): TreeDiff {
  return diffObjects(base, head, 0, options);
}

/**
 * Compares two trees' files object by object, parsing only the files that
 * differ: a file with the same path and the same text on both sides holds the
 * same objects on both sides, unchanged (counted, not parsed, when its
 * documents are plainly mappings; see {@link countMappingDocuments}). The
 * result is {@link diffTrees}'s on the parsed trees, for trees in which no
 * object is defined twice (which validation rejects): an object defined twice,
 * once in an unchanged file, is compared by its other definitions and counted
 * twice.
 */
export function diffTreeFiles(base: TreeFiles, head: TreeFiles, options: DiffOptions = {}): TreeDiff {
  const c = changedFiles(base, head, options);
  const parse = (tree: TreeFiles, files: readonly [string, Buffer][]) => files.flatMap(([file, bytes]) => tree.parse(file, bytes.toString('utf8')));
  return diffObjects(parse(base, c.base), parse(head, c.head), c.unchanged, options);
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

function objectId(m: ManifestObject, options: DiffOptions): string {
  return options.clusterPerTopLevelFolder ? `${m.file.split('/')[0]}:${identity(m.object)}` : identity(m.object);
}

/** Compares two sets of objects; `unchanged` more objects are the same on both sides. */
function diffObjects(base: readonly ManifestObject[], head: readonly ManifestObject[], unchanged: number, options: DiffOptions): TreeDiff {
  const b = index(base, options.clusterPerTopLevelFolder ?? false);
  const h = index(head, options.clusterPerTopLevelFolder ?? false);
  const added = [...h.values()].filter((o) => !b.has(o.id)).sort((x, y) => compareStrings(x.file, y.file));
  const removed = [...b.values()].filter((o) => !h.has(o.id)).sort((x, y) => compareStrings(x.file, y.file));
  const changed = [...h.values()]
    .filter((o) => b.has(o.id))
    .map((after) => {
      const before = b.get(after.id) as DiffObject;
      return { before, after, changes: fieldChanges(before.object, after.object) };
    })
    .filter((c) => c.changes.length > 0)
    .sort((x, y) => compareStrings(x.after.file, y.after.file));

  const needsReview: ReviewItem[] = [];
  for (const o of removed) {
    if (!ownsData(o)) continue;
    const replacement = added.find((a) => a.object.kind === o.object.kind && (a.object.metadata as { namespace?: unknown })?.namespace === (o.object.metadata as { namespace?: unknown })?.namespace);
    needsReview.push({ label: o.label, reason: replacement ? `replaced by ${replacement.label}: the data it owns is deleted` : 'deleted: the data it owns is deleted with it' });
  }
  for (const o of [...added, ...removed]) {
    if (ACCESS_KINDS.has(String(o.object.kind))) needsReview.push({ label: o.label, reason: `${added.includes(o) ? 'added' : 'removed'}: changes access or limits` });
  }
  for (const c of changed) {
    if (ACCESS_KINDS.has(String(c.after.object.kind))) needsReview.push({ label: c.after.label, reason: 'changed: changes access or limits' });
    const beforeImages = images(c.before.object);
    for (const [p, image] of images(c.after.object)) {
      const old = beforeImages.get(p);
      const repoBefore = old ? parseImage(old)?.repository ?? old : undefined;
      const repoAfter = parseImage(image)?.repository ?? image;
      if (repoBefore !== undefined && repoBefore !== repoAfter) {
        needsReview.push({ label: c.after.label, reason: `image moves to another repository: ${repoBefore} → ${repoAfter} (${p})` });
      }
    }
  }
  return { added, removed, changed, needsReview, baseObjects: b.size + unchanged, headObjects: h.size + unchanged };
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function describeChange(c: FieldChange): string {
  if (!('after' in c) || c.after === undefined) return `${c.path}: removed (was ${show(c.before)})`;
  if (!('before' in c) || c.before === undefined) return `${c.path}: added ${show(c.after)}`;
  return `${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

/** Whether a diff has any change. */
export function hasChanges(diff: TreeDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length > 0;
}

/** Formats a diff for a terminal. */
export function formatDiffText(diff: TreeDiff): string {
  const lines = [`${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed (${diff.baseObjects} → ${diff.headObjects} objects)`];
  if (diff.needsReview.length) {
    lines.push('', 'NEEDS REVIEW');
    for (const r of diff.needsReview) lines.push(`  ! ${r.label}: ${r.reason}`);
  }
  if (diff.added.length) lines.push('', 'ADDED', ...diff.added.map((o) => `  + ${o.label}  (${o.file})`));
  if (diff.removed.length) lines.push('', 'REMOVED', ...diff.removed.map((o) => `  - ${o.label}  (${o.file})`));
  if (diff.changed.length) {
    lines.push('', 'CHANGED');
    for (const c of diff.changed) {
      lines.push(`  ~ ${c.after.label}  (${c.after.file})`);
      for (const f of c.changes) lines.push(`      ${describeChange(f)}`);
    }
  }
  return lines.join('\n');
}

/** Formats a diff as Markdown for a pull request comment. */
export function formatDiffMarkdown(diff: TreeDiff): string {
  const lines = [`### paved diff: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`];
  if (!hasChanges(diff)) return `${lines[0]}\n\nNo change to the GitOps tree.`;
  if (diff.needsReview.length) {
    lines.push('', '#### :warning: Needs review', '');
    for (const r of diff.needsReview) lines.push(`- **${r.label}**: ${r.reason}`);
  }
  if (diff.added.length) lines.push('', '#### Added', '', ...diff.added.map((o) => `- \`${o.label}\` (\`${o.file}\`)`));
  if (diff.removed.length) lines.push('', '#### Removed', '', ...diff.removed.map((o) => `- \`${o.label}\` (\`${o.file}\`)`));
  if (diff.changed.length) {
    lines.push('', '#### Changed', '');
    for (const c of diff.changed) {
      lines.push(`<details><summary><code>${c.after.label}</code> (${c.changes.length} field${c.changes.length === 1 ? '' : 's'})</summary>`, '', '```');
      for (const f of c.changes) lines.push(describeChange(f));
      lines.push('```', '</details>');
    }
  }
  return lines.join('\n');
}

/** The diff as plain data, for machines. */
export function diffToJson(diff: TreeDiff): unknown {
  return {
    summary: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, baseObjects: diff.baseObjects, headObjects: diff.headObjects },
    needsReview: diff.needsReview,
    added: diff.added.map((o) => ({ object: o.label, file: o.file })),
    removed: diff.removed.map((o) => ({ object: o.label, file: o.file })),
    changed: diff.changed.map((c) => ({ object: c.after.label, file: c.after.file, changes: c.changes })),
  };
}
