import { tokenize } from '../import/cue-parameters';

/** How a trait's patch merges at one path (`spec.template.spec.containers`, `[]` for list elements). */
export interface PatchDirective {
  /** Merge list elements that share this key (`+patchKey=name`). */
  readonly patchKey?: string;
  /** `retainKeys`/`replace`: the patch's value replaces the workload's (`+patchStrategy=`). */
  readonly patchStrategy?: string;
}

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/**
 * Reads the `+patchKey`/`+patchStrategy` comments of a trait template's
 * `patch` block and returns them by the path of the field they annotate.
 */
export function patchDirectives(template: string): Map<string, PatchDirective> {
  const tokens = tokenize(template, true);
  const directives = new Map<string, PatchDirective>();
  const add = (path: string, pending: string[]) => {
    if (pending.length === 0) return;
    const d: { patchKey?: string; patchStrategy?: string } = { ...directives.get(path) };
    for (const p of pending) {
      const [key, value] = p.split('=');
      if (key === 'patchKey') d.patchKey = value;
      else d.patchStrategy = value;
    }
    directives.set(path, d);
  };
  let depth = 0;
  let pending: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'directive') {
      pending.push(t.text);
      continue;
    }
    if (t.kind === 'punct' && OPEN.has(t.text)) depth++;
    if (t.kind === 'punct' && CLOSE.has(t.text)) depth--;
    if (depth === 0 && t.kind === 'ident' && t.text === 'patch' && tokens[i + 1]?.text === ':') {
      add('', pending);
      pending = [];
      i = walkPatch(tokens, i + 2, add);
      continue;
    }
    if (t.kind === 'newline' && depth === 0) continue;
    if (t.kind !== 'newline') pending = [];
  }
  return directives;
}

type Tok = ReturnType<typeof tokenize>[number];

/** Walks the value of `patch:` from `start`; returns the index of its last token. */
function walkPatch(tokens: readonly Tok[], start: number, add: (path: string, pending: string[]) => void): number {
  const frames: string[] = [''];
  let chain: string | undefined = '';
  let pending: string[] = [];
  const join = (base: string, label: string) => (base ? `${base}.${label}` : label);
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    const top = frames[frames.length - 1];
    if (t.kind === 'directive') {
      pending.push(t.text);
      continue;
    }
    const isLabel = (t.kind === 'ident' || t.kind === 'string') && (tokens[i + 1]?.text === ':' || (tokens[i + 1]?.text === '?' && tokens[i + 2]?.text === ':'));
    if (isLabel) {
      const label = t.kind === 'string' ? (t.value ?? '') : t.text;
      const path = join(chain ?? top, label);
      add(path, pending);
      pending = [];
      chain = path;
      i += tokens[i + 1]?.text === '?' ? 2 : 1;
      continue;
    }
    if (t.kind === 'punct' && (t.text === '{' || t.text === '(')) {
      frames.push(chain ?? top);
      chain = undefined;
      continue;
    }
    if (t.kind === 'punct' && t.text === '[') {
      frames.push(`${chain ?? top}[]`);
      chain = undefined;
      continue;
    }
    if (t.kind === 'punct' && CLOSE.has(t.text)) {
      frames.pop();
      chain = undefined;
      if (frames.length === 1 && isEndOfDecl(tokens[i + 1])) return i;
      continue;
    }
    if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ',')) {
      if (frames.length === 1) return i;
      chain = undefined;
      continue;
    }
    if (t.kind === 'eof') return i;
  }
  return tokens.length - 1;
}

function isEndOfDecl(t: Tok | undefined): boolean {
  return t === undefined || t.kind === 'newline' || t.kind === 'eof' || t.text === ',';
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges a trait's `patch` into a workload the way KubeVela does: objects
 * merge key by key, the patch's scalars win, lists are replaced unless a
 * `+patchKey` merges their elements by that key, and `retainKeys`/`replace`
 * make the patch's value replace the workload's at that path.
 */
export function applyPatch(base: Json, patch: Json, directives: ReadonlyMap<string, PatchDirective>, path = ''): Json {
  const d = directives.get(path);
  if (path !== '' && (d?.patchStrategy === 'retainKeys' || d?.patchStrategy === 'replace')) return patch;
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      const sub = path ? `${path}.${key}` : key;
      out[key] = key in base ? applyPatch(base[key], value, directives, sub) : value;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && d?.patchKey) {
    const key = d.patchKey;
    const out = [...base];
    for (const element of patch) {
      const index = isObject(element) ? out.findIndex((b) => isObject(b) && b[key] === element[key]) : -1;
      if (index >= 0) out[index] = applyPatch(out[index], element, directives, `${path}[]`);
      else out.push(element);
    }
    return out;
  }
  return patch;
}
