/**
 * The fields that differ between two versions of an object, and how a change
 * is shown: list items matched by their key, long values shown around what
 * changed.
 */
import { compareStrings } from '../private/compare';
import type { FieldChange } from './types';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
type Plain = string | number | boolean;
const isPlain = (v: unknown): v is Plain => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';

/** Whether two values are the same data (the order of an object's keys does not matter, that of a list's items does). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

/**
 * The keys list items are matched by, in order of preference: the first that
 * every item of both lists carries, with a plain value unique within its list.
 */
export const LIST_KEYS: readonly string[] = ['name', 'port', 'containerPort', 'path', 'target', 'key', 'host', 'type'];

const unique = (values: readonly Plain[]) => new Set(values.map((v) => `${typeof v}:${String(v)}`)).size === values.length;
const keyText = (v: Plain) => `${typeof v}:${String(v)}`;

/** The key both lists' items are matched by, if any. */
function listKey(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  if (!before.every(isObj) || !after.every(isObj)) return undefined;
  const items = [...before, ...after] as Json[];
  return LIST_KEYS.find((k) => items.every((e) => isPlain(e[k])) && unique(before.map((e) => (e as Json)[k] as Plain)) && unique(after.map((e) => (e as Json)[k] as Plain)));
}

/** What an item of a list of plain values is called in a path: `targets` → `target`, `policies` → `policy`; `value` when unsure. */
function itemName(at: string): string {
  const m = /(?:^|\.)([A-Za-z][A-Za-z0-9]*)$/.exec(at);
  const list = m?.[1] ?? '';
  if (/ies$/.test(list) && list.length > 4) return `${list.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(list)) return list.slice(0, -2);
  if (/[^su]s$/.test(list) && list.length > 3) return list.slice(0, -1);
  return 'value';
}

/**
 * Items matched by a key: `[key=value]` paths, an item on one side only is one
 * change, and the same items in another order one more.
 */
function matchedChanges(before: readonly unknown[], after: readonly unknown[], at: string, name: string, keyOf: (item: unknown) => Plain): FieldChange[] {
  const b = new Map(before.map((e) => [keyText(keyOf(e)), e]));
  const a = new Map(after.map((e) => [keyText(keyOf(e)), e]));
  const shown = new Map([...before, ...after].map((e) => [keyText(keyOf(e)), String(keyOf(e))]));
  const out: FieldChange[] = [];
  for (const k of new Set([...b.keys(), ...a.keys()])) {
    const p = `${at}[${name}=${shown.get(k)}]`;
    if (!a.has(k)) out.push({ path: p, before: b.get(k) });
    else if (!b.has(k)) out.push({ path: p, after: a.get(k) });
    else out.push(...fieldChanges(b.get(k), a.get(k), p));
  }
  const common = (list: readonly unknown[], other: Map<string, unknown>) => list.map((e) => keyText(keyOf(e))).filter((k) => other.has(k));
  const orderBefore = common(before, a);
  const orderAfter = common(after, b);
  if (orderBefore.some((k, i) => k !== orderAfter[i])) {
    out.push({ path: at, before: orderBefore.map((k) => shown.get(k)), after: orderAfter.map((k) => shown.get(k)), reordered: true });
  }
  return out;
}

/**
 * Items matched by position, after the items both lists start and end with:
 * an item inserted or removed in the middle is one change, not a shift of
 * every item after it.
 */
function positionalChanges(before: readonly unknown[], after: readonly unknown[], at: string): FieldChange[] {
  const min = Math.min(before.length, after.length);
  let start = 0;
  while (start < min && deepEqual(before[start], after[start])) start++;
  let end = 0;
  while (end < min - start && deepEqual(before[before.length - 1 - end], after[after.length - 1 - end])) end++;
  const out: FieldChange[] = [];
  const inBefore = before.length - end - start;
  const inAfter = after.length - end - start;
  for (let i = 0; i < Math.max(inBefore, inAfter); i++) {
    const p = `${at}[${start + i}]`;
    if (i >= inAfter) out.push({ path: p, before: before[start + i] });
    else if (i >= inBefore) out.push({ path: p, after: after[start + i] });
    else out.push(...fieldChanges(before[start + i], after[start + i], p));
  }
  return out;
}

/**
 * Field-level changes between two values. Items of two lists are matched by
 * the first of {@link LIST_KEYS} that every item carries with a unique value
 * (`[name=my-app]`, `[port=8080]`); distinct plain values by value
 * (`spec.targets[target=./x.yaml]`); other lists by position, after their
 * common first and last items. An item on one side only is one change.
 */
export function fieldChanges(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (deepEqual(before, after)) return [];
  const join = (key: string) => (at ? `${at}.${key}` : key);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareStrings);
    return keys.flatMap((k) => {
      if (!(k in after)) return [{ path: join(k), before: before[k] }];
      if (!(k in before)) return [{ path: join(k), after: after[k] }];
      return fieldChanges(before[k], after[k], join(k));
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = listKey(before, after);
    if (key !== undefined) return matchedChanges(before, after, at, key, (e) => (e as Json)[key] as Plain);
    if (before.every(isPlain) && after.every(isPlain) && unique(before) && unique(after)) return matchedChanges(before, after, at, itemName(at), (e) => e as Plain);
    return positionalChanges(before, after, at);
  }
  return [{ path: at, before, after }];
}

/** Values up to this long (as JSON) are shown whole. */
const WHOLE = 120;
/** Characters shown before and after what changed in a longer value. */
const CONTEXT = 40;
/** Characters of the changed part shown in a longer value. */
const CHANGED = 80;

const json = (v: unknown) => JSON.stringify(v) ?? 'undefined';

/** A value on one side only: whole, or its beginning when long. */
export function showValue(value: unknown): string {
  const chars = Array.from(json(value));
  return chars.length > 2 * WHOLE ? `${chars.slice(0, 2 * WHOLE).join('')}…` : chars.join('');
}

/** One side of a long change: `…<context>CHANGED<context>…`, from code points. */
function window(chars: readonly string[], from: number, to: number): { text: string; cutStart: boolean; cutEnd: boolean } {
  const start = Math.max(0, from - CONTEXT);
  const changed = to - from > CHANGED ? `${chars.slice(from, from + CHANGED).join('')}…` : chars.slice(from, to).join('');
  const end = to - from > CHANGED ? to : Math.min(chars.length, to + CONTEXT);
  const tail = to - from > CHANGED ? '' : chars.slice(to, end).join('');
  return { text: chars.slice(start, from).join('') + changed + tail, cutStart: start > 0, cutEnd: to - from <= CHANGED && end < chars.length };
}

/**
 * Two versions of a value: whole when short; when long, each around the first
 * character that differs (40 characters either side), so that what changed is
 * never cut off. Strings are compared as text, other values as JSON.
 */
export function showPair(before: unknown, after: unknown): [string, string] {
  const b = json(before);
  const a = json(after);
  if (b.length <= WHOLE && a.length <= WHOLE) return [b, a];
  const strings = typeof before === 'string' && typeof after === 'string';
  const bc = Array.from(strings ? before : b);
  const ac = Array.from(strings ? after : a);
  let from = 0;
  while (from < bc.length && from < ac.length && bc[from] === ac[from]) from++;
  let back = 0;
  while (back < Math.min(bc.length, ac.length) - from && bc[bc.length - 1 - back] === ac[ac.length - 1 - back]) back++;
  const show = (chars: readonly string[]) => {
    const w = window(chars, from, chars.length - back);
    const inner = strings ? json(w.text).slice(1, -1) : w.text;
    const text = `${w.cutStart ? '…' : ''}${inner}${w.cutEnd ? '…' : ''}`;
    return strings ? `"${text}"` : text;
  };
  return [show(bc), show(ac)];
}

/** A change as one line: `path: before → after`, `path: added …`, `path: removed (was …)`. */
export function describeChange(c: FieldChange): string {
  if (c.reordered) {
    const [b, a] = showPair(c.before, c.after);
    return `${c.path}: same items, new order: ${b} → ${a}`;
  }
  if (!('after' in c) || c.after === undefined) return `${c.path}: removed (was ${showValue(c.before)})`;
  if (!('before' in c) || c.before === undefined) return `${c.path}: added ${showValue(c.after)}`;
  const [b, a] = showPair(c.before, c.after);
  return `${c.path}: ${b} → ${a}`;
}
