import type { Document, Node } from 'yaml';
import { yaml } from '../private/yaml';
import type { Finding, ManifestObject } from './findings';
import { MAX_FILE_BYTES } from '../private/file-limits';

/**
 * Reading one manifest file as Argo CD's directory source reads it, in
 * bounded time and memory whatever the file holds:
 * - YAML: every document (`---`); JSON (`.json`): exactly one object;
 * - an object with an `items` list is replaced by its items (Kubernetes'
 *   `IsList`, whatever its kind), a list whose `items` is null is dropped;
 * - refused, naming the file: a file over {@link MAX_FILE_BYTES} (not even
 *   read), more than {@link MAX_YAML_ALIASES} YAML aliases, an alias that
 *   contains itself, YAML merge keys (`<<`, which Argo CD's YAML 1.1 reader
 *   merges and a YAML 1.2 reader does not), nesting deeper than
 *   {@link MAX_DEPTH}, and an object over the API server's size limits (see
 *   {@link MAX_OBJECT_BYTES} and {@link MAX_ANNOTATIONS_BYTES}), measured
 *   with its aliases expanded before anything expands them.
 */

export { MAX_FILE_BYTES } from '../private/file-limits';

/**
 * The largest object the API server can store: etcd's default request limit
 * (`--max-request-bytes`, 1.5 MiB); the API server refuses to write a larger
 * one (`etcdserver: request is too large`). Measured as the object's JSON.
 */
export const MAX_OBJECT_BYTES = 1536 * 1024;

/**
 * The API server's limit on all of an object's annotations together (keys and
 * values, `TotalAnnotationSizeLimitB`, 256 KiB). Client-side apply (Argo CD's
 * default) stores the whole object as JSON in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, so an object
 * synced client-side must fit in it with its other annotations.
 */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** The most YAML aliases (`*name`) a file may hold: paved writes none; a few are kept for hand-written files. */
export const MAX_YAML_ALIASES = 64;

/** The deepest nesting of mappings and lists an object may have (Kubernetes objects stay far below it; recursion stays bounded). */
export const MAX_DEPTH = 100;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const TRACKING_ID = 'argocd.argoproj.io/tracking-id';

/** What reading a file gave: its bytes, or why they were not read. */
export type FileContent = { readonly bytes: Buffer } | { readonly tooLarge: number } | { readonly notRegular: string };

/** How one file's objects are applied, for the size limits and the lists. */
export interface ReadContext {
  /**
   * The Argo CD Application that applies the file client-side (its objects
   * then carry their whole JSON in an annotation); absent when applied
   * server-side or when it is not known.
   * @default - server-side (only etcd's limit)
   */
  readonly clientSideApplyBy?: string;
  /**
   * The file is in a team's folder: an `items` list is refused there (paved
   * writes one object per file).
   * @default false
   */
  readonly teamFolder?: boolean;
}

/** The format of a manifest file, by name; undefined for a file that is not one. */
export function manifestFormat(name: string): 'yaml' | 'json' | 'jsonnet' | undefined {
  const m = /\.(yaml|yml|json|jsonnet)$/.exec(name);
  if (!m) return undefined;
  return m[1] === 'yml' ? 'yaml' : (m[1] as 'yaml' | 'json' | 'jsonnet');
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A byte count for messages: `262,144 bytes (256 KiB)`. */
export function showBytes(n: number): string {
  const unit = n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB` : `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${n.toLocaleString('en-US')} bytes (${unit})`;
}

/**
 * The bytes of a value's JSON as Go's encoding/json writes it (what the API
 * server and kubectl measure): `<`, `>`, `&` written as `\u003c` and U+2028,
 * U+2029 escaped too.
 */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? 'null';
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3c || c === 0x3e || c === 0x26) extra += 5;
    else if (c === 0x2028 || c === 0x2029) extra += 3;
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}

/** Reads one manifest file as {@link readManifest} does, from what reading it gave (a file too large or not regular is a finding). */
export function readManifestContent(file: string, content: FileContent, context: ReadContext = {}): { objects: ManifestObject[]; findings: Finding[] } {
  if ('bytes' in content) return readManifest(file, content.bytes, context);
  const finding = (object: string, message: string): Finding => ({ severity: 'error', rule: 'read', file, object, field: '', message });
  if ('tooLarge' in content) return { objects: [], findings: [finding(`file of ${showBytes(content.tooLarge)}`, tooLargeMessage())] };
  return { objects: [], findings: [finding(content.notRegular, 'is not a regular file: a GitOps tree holds only files and folders (paved does not open it)')] };
}

function tooLargeMessage(): string {
  return `is over paved's limit of ${showBytes(MAX_FILE_BYTES)} per file (not read): split it, one object per file`;
}

/**
 * Reads one manifest file: its objects as Argo CD will apply them, and what
 * is wrong with it as findings that name the file. Time and memory are
 * bounded by the file's size (at most {@link MAX_FILE_BYTES}).
 */
export function readManifest(file: string, content: Buffer | string, context: ReadContext = {}): { objects: ManifestObject[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const fail: Fail = (object, message, rule = 'read') => findings.push({ severity: 'error', rule, file, object, field: '', message });
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  if (size > MAX_FILE_BYTES) {
    fail(`file of ${showBytes(size)}`, tooLargeMessage());
    return { objects: [], findings };
  }
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const format = manifestFormat(file) ?? 'yaml';
  if (format === 'jsonnet') {
    fail('Jsonnet file', 'Argo CD evaluates Jsonnet and applies what it yields, which paved cannot check: write the objects as YAML');
    return { objects: [], findings };
  }
  const documents = format === 'json' ? readJson(text, fail) : readYaml(text, context, fail);
  // an object's JSON is at most six times its YAML or JSON text (`<` becomes `\u003c`): a small file needs no measuring
  const limit = context.clientSideApplyBy !== undefined ? MAX_ANNOTATIONS_BYTES : MAX_OBJECT_BYTES;
  const measure = size * 6 + 4096 > limit || documents.some((d) => d.aliased);
  const objects: ManifestObject[] = [];
  documents.forEach(({ value, label }) => {
    for (const object of expandList(value, label, context, fail)) {
      const problem = measure ? sizeProblem(object, context) : undefined;
      if (problem) fail(`${label} (${String(object.kind ?? 'no kind')} ${String(isObject(object.metadata) ? object.metadata.name : '')})`.replace(/ \)$/, ')'), problem);
      else objects.push({ file, object });
    }
  });
  return { objects, findings };
}

/** Records a finding on the file: `parse` for text that is not YAML or JSON, `read` for what paved refuses to read. */
type Fail = (object: string, message: string, rule?: 'parse' | 'read') => void;

/** A decoded document, named for messages; `aliased` when YAML aliases expanded into it. */
interface Decoded {
  readonly value: unknown;
  readonly label: string;
  readonly aliased?: boolean;
}

function readJson(text: string, fail: Fail): Decoded[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail('JSON', `cannot be read: ${e instanceof Error ? e.message : String(e)} (Argo CD reads exactly one JSON object per .json file)`, 'parse');
    return [];
  }
  if (!isObject(value)) {
    fail('JSON', `holds ${Array.isArray(value) ? 'a list' : typeof value}: Argo CD reads exactly one JSON object per .json file`);
    return [];
  }
  const depth = depthOf(value);
  if (depth > MAX_DEPTH) {
    fail('JSON', `nests ${depth} levels deep: paved reads at most ${MAX_DEPTH}`);
    return [];
  }
  return [{ value, label: 'JSON object' }];
}

/** The deepest nesting of a value (iterative: a deep value cannot exhaust the stack). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d > deepest) deepest = d;
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

function readYaml(text: string, context: ReadContext, fail: Fail): Decoded[] {
  let docs: ReturnType<typeof yaml.parseAllDocuments>;
  try {
    docs = yaml.parseAllDocuments(text, { uniqueKeys: true });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    fail('YAML', `nests too deep to read: paved reads at most ${MAX_DEPTH} levels`);
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const out: Decoded[] = [];
  let aliases = 0;
  docs.forEach((doc, i) => {
    const label = `document ${i + 1}`;
    if (doc.errors.length) {
      const message = doc.errors[0].message;
      if (/Maximum call stack/.test(message)) fail(label, `nests too deep to read: paved reads at most ${MAX_DEPTH} levels`);
      else fail(label, message, 'parse');
      return;
    }
    const shape = shapeOf(doc);
    aliases += shape.aliases;
    if (aliases > MAX_YAML_ALIASES) {
      fail(label, `holds more than ${MAX_YAML_ALIASES} YAML aliases (${aliases} so far in the file): paved reads at most ${MAX_YAML_ALIASES} per file (write the values out)`);
      return;
    }
    if (shape.problem) {
      fail(label, shape.problem);
      return;
    }
    if (shape.aliases > 0) {
      const expanded = expandedSize(doc);
      const limit = context.clientSideApplyBy !== undefined ? MAX_ANNOTATIONS_BYTES : MAX_OBJECT_BYTES;
      if (expanded === undefined) {
        fail(label, 'holds a YAML alias inside the node it refers to, or aliases nested too deep to expand: write the values out');
        return;
      }
      if (expanded > limit) {
        fail(label, `expands to about ${showBytes(expanded)} with its ${shape.aliases} YAML aliases: over the limit of ${showBytes(limit)} an object may have (write the values out)`);
        return;
      }
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: -1 });
    } catch (e) {
      fail(label, `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (value === null || value === undefined) return;
    if (shape.aliases > 0 && depthOf(value) > MAX_DEPTH) {
      fail(label, `nests more than ${MAX_DEPTH} levels deep with its YAML aliases expanded: paved reads at most ${MAX_DEPTH}`);
      return;
    }
    out.push({ value, label, aliased: shape.aliases > 0 });
  });
  return out;
}

/**
 * What a parsed document holds, walked once without following aliases: its
 * aliases, and the first thing paved refuses (a merge key, nesting too deep).
 */
function shapeOf(doc: Document): { aliases: number; problem?: string } {
  let aliases = 0;
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_DEPTH + 1) return { aliases, problem: `nests more than ${MAX_DEPTH} levels deep: paved reads at most ${MAX_DEPTH}` };
    if (yaml.isAlias(node)) aliases++;
    else if (yaml.isMap(node)) {
      for (const pair of node.items) {
        if (yaml.isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN')
          return { aliases, problem: 'uses a YAML merge key (<<): Argo CD reads YAML 1.1 and merges it, a YAML 1.2 reader does not; write the fields out' };
        stack.push([pair.key, depth + 1], [pair.value, depth + 1]);
      }
    } else if (yaml.isSeq(node)) {
      for (const item of node.items) stack.push([item, depth + 1]);
    } else if (yaml.isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    }
  }
  return { aliases };
}

/**
 * About how many bytes of JSON a document holds with its aliases expanded,
 * computed on the parsed nodes (each node once): undefined when an alias
 * refers to a node that contains it.
 */
function expandedSize(doc: Document): number | undefined {
  // an alias refers to the last node anchored with its name before it, in document order
  const anchors = new Map<string, unknown>();
  const target = new Map<unknown, unknown>();
  // in document order: a stack of what is left, the next node on top
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node);
    if (yaml.isAlias(node)) target.set(node, anchors.get(node.source));
    else if (yaml.isMap(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i].value, node.items[i].key);
    else if (yaml.isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  const memo = new Map<unknown, number>();
  const open = new Set<unknown>();
  const size = (node: unknown): number => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) throw new CycleError();
    open.add(node);
    let n: number;
    if (yaml.isAlias(node)) n = size(target.get(node));
    else if (yaml.isMap(node)) n = node.items.reduce((sum, pair) => sum + size(pair.key) + size(pair.value) + 2, 2);
    else if (yaml.isSeq(node)) n = node.items.reduce((sum: number, item) => sum + size(item) + 1, 2);
    else if (yaml.isScalar(node)) n = String(node.value).length + 2;
    else n = 4;
    open.delete(node);
    memo.set(node, n);
    return n;
  };
  try {
    return size(doc.contents as Node | null);
  } catch (e) {
    // an alias inside what it refers to, or aliases of aliases deeper than the stack
    if (e instanceof CycleError || e instanceof RangeError) return undefined;
    throw e;
  }
}

class CycleError extends Error {}

/**
 * The objects a decoded value stands for, as Argo CD expands it: an object
 * whose `items` is a list is replaced by its items (each must be an object),
 * one whose `items` is null (and has no spec or status) is dropped.
 */
function expandList(value: unknown, label: string, context: ReadContext, fail: Fail): Obj[] {
  if (!isObject(value)) {
    fail(label, `is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a YAML mapping: Argo CD fails the sync on it`, 'parse');
    return [];
  }
  if (value.items === null && !('spec' in value) && !('status' in value)) return [];
  if (!Array.isArray(value.items)) return [value];
  const kind = typeof value.kind === 'string' ? value.kind : 'an object';
  if (context.teamFolder) {
    fail(
      `${label} (${kind} with ${value.items.length} items)`,
      "is a list: Argo CD applies each of its items, and a team's folder holds one object per file (paved writes them so): write each item as its own file",
    );
  }
  const items: Obj[] = [];
  value.items.forEach((item, i) => {
    if (isObject(item)) items.push(item);
    else fail(`${label}, items[${i}]`, 'is not an object: Argo CD fails the sync on the list');
  });
  return items;
}

/** Why an object is over the API server's limits, or undefined. */
function sizeProblem(object: Obj, context: ReadContext): string | undefined {
  const bytes = jsonBytes(object);
  if (bytes > MAX_OBJECT_BYTES) return `is ${showBytes(bytes)} as JSON: over etcd's request limit of ${showBytes(MAX_OBJECT_BYTES)}, the API server cannot store it`;
  if (context.clientSideApplyBy === undefined) return undefined;
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const tracking = `${context.clientSideApplyBy}:${String(object.apiVersion ?? '')
    .split('/')
    .slice(0, -1)
    .join('/')}/${String(object.kind ?? '')}:${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`;
  let total = LAST_APPLIED.length + bytes + 2 * (TRACKING_ID.length + tracking.length + 6);
  for (const [k, v] of Object.entries(annotations)) if (k !== LAST_APPLIED) total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  if (total <= MAX_ANNOTATIONS_BYTES) return undefined;
  return `is ${showBytes(bytes)} as JSON: ${context.clientSideApplyBy} applies it client-side, which stores it whole in the ${LAST_APPLIED} annotation, and an object's annotations may hold at most ${showBytes(MAX_ANNOTATIONS_BYTES)} together (this one ${showBytes(total)}): make it smaller, or sync it server-side (the Application's ServerSideApply=true)`;
}

/**
 * The objects of one file, fast, for reading trees (a diff, the files a synth
 * keeps): a file without aliases or merge keys is parsed with js-yaml and the
 * YAML 1.2 core schema (as `yaml` reads what paved writes; several times
 * faster on a cold start); any other file, and a `.json` file, as
 * {@link readManifest} reads it. A file is without aliases when it has no `*`,
 * or when js-yaml defined no anchor in reading it (an alias names an anchor
 * defined before it: js-yaml fails on one that names none). What is wrong in
 * a file is left out (its readable objects are returned): {@link readManifest}
 * says it.
 */
export function readManifestObjects(file: string, text: string): ManifestObject[] {
  if (manifestFormat(file) === 'yaml' && !text.includes('<<') && text.length * 6 <= MAX_OBJECT_BYTES) {
    try {
      // js-yaml loads with the first tree read, not with the validator (a synth's definitions never read one)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { CORE_SCHEMA, loadAll } = require('js-yaml') as typeof import('js-yaml');
      const anchors = { defined: false };
      const docs = loadAll(text, null, { schema: CORE_SCHEMA, ...(text.includes('*') ? { listener: anchorWatch(anchors) } : {}) });
      const out: ManifestObject[] = [];
      for (const value of docs) if (value !== null && value !== undefined) for (const object of expandList(value, '', {}, () => undefined)) out.push({ file, object });
      if (!anchors.defined && out.every((m) => depthOf(m.object) <= MAX_DEPTH)) return out;
    } catch {
      // read as the validator reads it
    }
  }
  return readManifest(file, text).objects;
}

/**
 * A js-yaml listener that marks `anchors.defined` once an anchor is defined in a document (js-yaml keeps a document's
 * anchors in its state's `anchorMap`, emptied per document, never cleared within one): when it cannot tell, it marks.
 */
function anchorWatch(anchors: { defined: boolean }): (event: string, state: unknown) => void {
  return (event, state) => {
    if (event !== 'close' || anchors.defined) return;
    const map = (state as { anchorMap?: unknown }).anchorMap;
    anchors.defined = typeof map !== 'object' || map === null || Object.keys(map).length > 0;
  };
}
