/**
 * KubeVela's trait patch, on rendered (JSON) objects: `sets.StrategyUnify`
 * of kubevela/workflow (pkg/cue/model/sets/operation.go), which KubeVela
 * 1.10's trait engine (pkg/cue/definition/template.go) calls for `patch` and
 * `patchOutputs`.
 *
 * - Objects unify field by field; two different scalars are a conflict (CUE
 *   unification: a patch cannot change a value unless a strategy says so).
 * - Lists unify element by element, by index. The workload's lists are open
 *   (KubeVela opens them first), so a patch list may be longer; a patch list
 *   written closed and shorter than the workload's is a conflict ("incompatible
 *   list lengths"); `[...T]` unifies every element with T.
 * - `+patchKey=k` (on the list's field or inherited from an enclosing field)
 *   reorders the patch's elements to face the workload's elements of the same
 *   key, appends the others (KubeVela's listMergeProcess, quirks included: a
 *   patch element without the key is dropped when others have it; when none
 *   has it the list unifies by index).
 * - `+patchStrategy=retainKeys` on a field: the patch's value replaces the
 *   workload's (on a keyed list: each matched element is replaced);
 *   `replace` on a list: the patch's list replaces the workload's.
 * - `+patchStrategy=jsonPatch` / `jsonMergePatch` on `patch` itself: RFC 6902
 *   operations (`patch.operations`) or an RFC 7386 merge patch.
 */
import { applyJsonMergePatch, applyJsonPatch } from './json-patch';
import { type Json, PatchError, isJsonObject as isObject } from './json';
import { type FieldTags, type PatchShape, pathKey } from './patch-tags';

export type { Json } from './json';
export { PatchError } from './json';

/** A patch's value and what its syntax says besides (tags, open lists, `[...T]` element types by path). */
export interface PatchInput {
  readonly value: Json;
  readonly shape: PatchShape;
  /** For each `[...T]` list of the patch (by path key): T evaluated, when it could be. */
  readonly elementTypes?: ReadonlyMap<string, Json>;
  /** The patch's own tags (`+patchStrategy=jsonPatch` / `jsonMergePatch` above `patch:`). */
  readonly tags?: FieldTags;
}

const show = (v: Json): string => (isObject(v) ? 'struct' : Array.isArray(v) ? 'list' : JSON.stringify(v));
const where = (segments: readonly (string | number)[]) => segments.map(String).join('.') || '(root)';

const EMPTY: unique symbol = Symbol('empty');
type Slot = Json | typeof EMPTY;

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

const NOT_FOUND: unique symbol = Symbol('not found');

function lookUp(v: Json, keys: readonly string[]): Json | typeof NOT_FOUND {
  let cur: Json = v;
  for (const k of keys) {
    if (!isObject(cur) || !(k in cur)) return NOT_FOUND;
    cur = cur[k];
  }
  return cur;
}

const isBasic = (v: Json) => v === null || typeof v !== 'object';

/**
 * KubeVela's listMergeProcess: the patch list rearranged to face the base's
 * elements by key, or undefined when it leaves the list as is.
 */
function keyedPlan(base: readonly Json[], patch: readonly Json[], patchKey: string, retainKeys: boolean, replaced: Set<number>): Slot[] | undefined {
  const byKey = new Map<string, number>();
  const plan: Slot[] = [];
  for (const key of patchKey.split(',')) {
    const keys = key.split('.');
    let found = false;
    for (const [i, element] of patch.entries()) {
      const v = lookUp(element, keys);
      if (v === NOT_FOUND) continue;
      found = true;
      if (!isBasic(v)) return undefined;
      byKey.set(`${key}=${JSON.stringify(v)}`, i);
    }
    if (!found) {
      if (patch.length === 0) continue;
      return undefined;
    }
    for (const [i, element] of base.entries()) {
      const v = lookUp(element, keys);
      if (v === NOT_FOUND) continue;
      if (!isBasic(v)) return undefined;
      const k = `${key}=${JSON.stringify(v)}`;
      const at = byKey.get(k);
      if (at !== undefined) {
        if (retainKeys) replaced.add(i);
        plan.push(patch[at]);
        byKey.delete(k);
      } else plan.push(EMPTY);
    }
  }
  const left = new Set(byKey.values());
  for (const [i, element] of patch.entries()) if (left.has(i)) plan.push(element);
  return plan;
}

class Unifier {
  constructor(private readonly input: PatchInput) {}

  private tags(path: string): FieldTags | undefined {
    return this.input.shape.tags.get(path);
  }

  unify(base: Json | undefined, patch: Json, path: string, at: (string | number)[], inheritedKey: string | undefined): Json {
    if (base === undefined) return patch;
    if (isObject(patch)) {
      if (!isObject(base)) throw new PatchError(`${where(at)}: conflicting values ${show(patch)} and ${show(base)}`);
      const out: { [key: string]: Json } = { ...base };
      for (const [k, v] of Object.entries(patch)) {
        const subPath = path === '' ? pathKey([k]) : `${path}.${pathKey([k])}`;
        const own = this.tags(subPath);
        if (!Array.isArray(v) && own?.patchStrategy === 'retainKeys') {
          out[k] = v;
          continue;
        }
        out[k] = this.unify(base[k], v, subPath, [...at, k], own?.patchKey ?? inheritedKey);
      }
      return out;
    }
    if (Array.isArray(patch)) {
      if (!Array.isArray(base)) throw new PatchError(`${where(at)}: conflicting values ${show(patch)} and ${show(base)}`);
      return this.list(base, patch, path, at, inheritedKey);
    }
    if (isObject(base) || Array.isArray(base) || !deepEqual(base, patch)) throw new PatchError(`${where(at)}: conflicting values ${show(patch)} and ${show(base)}`);
    return patch;
  }

  /** A list field; `key` is its effective patchKey (its own tag, or inherited). */
  private list(base: Json[], patch: Json[], path: string, at: (string | number)[], key: string | undefined): Json {
    const own = this.tags(path);
    if (own?.patchStrategy === 'replace') return patch;
    const elementPath = `${path}[]`;
    const elementType = this.input.shape.typedLists.has(path) ? this.input.elementTypes?.get(path) : undefined;
    if (this.input.shape.typedLists.has(path) && elementType === undefined && patch.length === 0 && base.length > 0) {
      throw new PatchError(`${where(at)}: the patch's list type [...T] could not be evaluated`);
    }
    const replaced = new Set<number>();
    let slots: Slot[] = patch;
    let open = this.input.shape.openLists.has(path) || this.input.shape.typedLists.has(path);
    // KubeVela's list literal of `[...T]` or `[...]` has an element (the ellipsis): no keyed merge
    const onlyEllipsis = patch.length === 0 && open;
    if (key && !onlyEllipsis) {
      const plan = keyedPlan(base, patch, key, own?.patchStrategy === 'retainKeys', replaced);
      if (plan) {
        slots = plan;
        open = true;
      }
    }
    const n = Math.max(base.length, slots.length);
    if (!open && slots.length < base.length) throw new PatchError(`${where(at)}: incompatible list lengths (${slots.length} and ${base.length})`);
    const out: Json[] = [];
    for (let i = 0; i < n; i++) {
      const b: Json | undefined = i < base.length ? (replaced.has(i) ? {} : base[i]) : undefined;
      const s = i < slots.length ? slots[i] : elementType !== undefined ? elementType : EMPTY;
      if (s === EMPTY) out.push(b as Json);
      else out.push(this.unify(b, s, elementPath, [...at, i], key));
    }
    return out;
  }
}

/**
 * Applies a trait's patch to an object as KubeVela does (see the module's
 * comment); throws {@link PatchError} where KubeVela would fail.
 */
export function applyPatch(base: Json, patch: PatchInput): Json {
  const strategy = patch.tags?.patchStrategy;
  if (strategy === 'jsonMergePatch') return applyJsonMergePatch(base, patch.value);
  if (strategy === 'jsonPatch') {
    const operations = isObject(patch.value) ? patch.value.operations : undefined;
    if (!Array.isArray(operations)) throw new PatchError('a jsonPatch patch needs a list of operations (patch.operations)');
    return applyJsonPatch(base, operations);
  }
  return new Unifier(patch).unify(base, patch.value, '', [], undefined);
}
