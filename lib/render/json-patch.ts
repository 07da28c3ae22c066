/**
 * RFC 6902 JSON Patch and RFC 7386 JSON Merge Patch, as KubeVela applies
 * them for the `jsonPatch` and `jsonMergePatch` patch strategies (through
 * github.com/evanphx/json-patch).
 */
import { type Json, PatchError, isJsonObject as isObject } from './json';

const clone = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;

/** RFC 7386: objects merge recursively, `null` deletes a member, anything else replaces. */
export function applyJsonMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyJsonMergePatch(out[k] ?? null, v);
  }
  return out;
}

/** The reference tokens of an RFC 6901 JSON Pointer. */
function pointer(path: unknown): string[] {
  if (typeof path !== 'string') throw new PatchError('a JSON Patch operation needs a string path');
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON Pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container that holds the last token of `tokens`, and that token. */
function parentOf(doc: Json, tokens: readonly string[], path: string): { parent: Json; key: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = Number(t);
      if (!/^(0|[1-9][0-9]*)$/.test(t) || i >= cur.length) throw new PatchError(`JSON Patch: path ${path} does not exist`);
      cur = cur[i];
    } else if (isObject(cur) && t in cur) cur = cur[t];
    else throw new PatchError(`JSON Patch: path ${path} does not exist`);
  }
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function get(doc: Json, path: string): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent) && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < parent.length) return parent[Number(key)];
  if (isObject(parent) && key in parent) return parent[key];
  throw new PatchError(`JSON Patch: path ${path} does not exist`);
}

function add(doc: Json, path: string, value: Json): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!/^(0|[1-9][0-9]*|-)$/.test(key) || i > parent.length) throw new PatchError(`JSON Patch: index ${key} out of range at ${path}`);
    parent.splice(i, 0, value);
  } else if (isObject(parent)) parent[key] = value;
  else throw new PatchError(`JSON Patch: path ${path} does not exist`);
  return doc;
}

function remove(doc: Json, path: string): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) throw new PatchError('JSON Patch: cannot remove the whole document');
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent) && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < parent.length) parent.splice(Number(key), 1);
  else if (isObject(parent) && key in parent) delete parent[key];
  else throw new PatchError(`JSON Patch: path ${path} does not exist`);
  return doc;
}

/** RFC 6902: applies the operations in order to a copy of `doc`; throws {@link PatchError} as json-patch fails. */
export function applyJsonPatch(doc: Json, operations: readonly Json[]): Json {
  let out = clone(doc);
  for (const op of operations) {
    if (!isObject(op)) throw new PatchError('JSON Patch: an operation must be an object');
    const path = op.path;
    switch (op.op) {
      case 'add':
        out = add(out, String(path), clone(op.value ?? null));
        break;
      case 'remove':
        out = remove(out, String(path));
        break;
      case 'replace':
        get(out, String(path));
        out = add(remove(out, String(path)), String(path), clone(op.value ?? null));
        break;
      case 'move': {
        const value = get(out, String(op.from));
        out = add(remove(out, String(op.from)), String(path), value);
        break;
      }
      case 'copy':
        out = add(out, String(path), clone(get(out, String(op.from))));
        break;
      case 'test':
        if (JSON.stringify(get(out, String(path))) !== JSON.stringify(op.value ?? null)) throw new PatchError(`JSON Patch: test at ${String(path)} failed`);
        break;
      default:
        throw new PatchError(`JSON Patch: unexpected operation ${JSON.stringify(op.op)}`);
    }
  }
  return out;
}
