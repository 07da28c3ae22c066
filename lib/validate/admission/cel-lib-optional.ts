/**
 * cel-go's optional types (`cel.OptionalTypes()`, in the API server's
 * environment since 1.28), which @bufbuild/cel 0.6.1 lacks: `optional.of`,
 * `optional.none`, `optional.ofNonZeroValue`, `hasValue`, `value`,
 * `orValue`, `or`, and the functions the optional syntax (`a.?b`, `a[?k]`)
 * is rewritten to (cel-optional-syntax.ts): a field or key that may be
 * absent, and a field or key selected inside an optional (the optional then
 * carries the selection: `a.?b.c` is none when `a` has no `b`).
 *
 * @internal
 */
import { type CelFunc, type CelValue, CelScalar, celFunc, celMethod, isCelList, isCelMap, isCelUint } from '@bufbuild/cel';
import { type ReflectMessage, isReflectMessage } from '@bufbuild/protobuf/reflect';
import { types } from './cel-types';

const { BOOL, DYN } = CelScalar;
const OPT = types.optional.cel;

let unique = 0;
/** A key equal for equal payloads: scalars by value, Kubernetes types by their key, anything else by identity. */
function payloadKey(v: CelValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return `${typeof v}:${String(v)}`;
  if (isCelUint(v)) return `uint:${v.value}`;
  if (isReflectMessage(v)) {
    const key = (v.message as unknown as { key?: unknown }).key;
    if (typeof key === 'string') return `${v.desc.typeName}:${key}`;
  }
  return `#${++unique}`;
}

export const optionalNone = () => types.optional.make('none', undefined);
export const optionalOf = (v: CelValue) => types.optional.make(`of:${payloadKey(v)}`, { value: v });

/** The payload of an optional: `{ value }`, or undefined for none; throws for a value that is not an optional. */
function payloadOf(v: unknown): { readonly value: CelValue } | undefined {
  const t = types.optional.read(v as never);
  if (t === undefined && !(isReflectMessage(v) && v.desc.typeName === 'optional_type')) throw new Error('no such overload');
  return t;
}

function isZero(v: CelValue): boolean {
  if (v === null || v === false || v === 0 || v === 0n || v === '') return true;
  if (isCelUint(v)) return v.value === 0n;
  if (v instanceof Uint8Array || isCelList(v) || isCelMap(v)) return (v instanceof Uint8Array ? v.length : v.size) === 0;
  return false;
}

/** The field or key `key` of a map, or undefined when absent (an error for a value that has no fields). */
function member(target: CelValue, key: CelValue): CelValue | undefined {
  if (isCelMap(target)) return target.get(key as never);
  if (isCelList(target)) {
    if (typeof key !== 'bigint' && typeof key !== 'number') throw new Error('no such overload');
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < target.size ? target.get(i) : undefined;
  }
  throw new Error('no such overload');
}

/** `target.?field` / `target[?key]`: optional.of the member, or none when absent; on an optional, applied inside it. */
function optionalMember(target: CelValue, key: CelValue): ReflectMessage {
  let base = target;
  if (isReflectMessage(target) && target.desc.typeName === 'optional_type') {
    const payload = payloadOf(target);
    if (!payload) return optionalNone();
    base = payload.value;
  }
  const v = member(base, key);
  return v === undefined ? optionalNone() : optionalOf(v);
}

/** `opt.field` / `opt[key]` on an optional: none stays none; a present value must have the member (as without `?`). */
function memberInside(target: CelValue, key: CelValue): CelValue {
  if (!(isReflectMessage(target) && target.desc.typeName === 'optional_type')) {
    const v = member(target, key);
    if (v === undefined) throw new Error(`no such key: ${String(key)}`);
    return v;
  }
  const payload = payloadOf(target);
  if (!payload) return optionalNone();
  const v = member(payload.value, key);
  if (v === undefined) throw new Error(`no such key: ${String(key)}`);
  return optionalOf(v);
}

/** The names the optional syntax is rewritten to (cel-optional-syntax.ts). */
export const OPTIONAL_SELECT = '@optional.select';
export const OPTIONAL_INSIDE = '@optional.inside';

export const OPTIONAL_FUNCTIONS: CelFunc[] = [
  celFunc('optional.of', [DYN], OPT, (v) => optionalOf(v)),
  celFunc('optional.none', [], OPT, () => optionalNone()),
  celFunc('optional.ofNonZeroValue', [DYN], OPT, (v) => (isZero(v) ? optionalNone() : optionalOf(v))),
  celMethod('hasValue', OPT, [], BOOL, function () {
    return payloadOf(this) !== undefined;
  }),
  celMethod('value', OPT, [], DYN, function () {
    const payload = payloadOf(this);
    if (!payload) throw new Error('optional.none() dereference');
    return payload.value;
  }),
  celMethod('orValue', OPT, [DYN], DYN, function (other) {
    const payload = payloadOf(this);
    return payload ? payload.value : other;
  }),
  celMethod('or', OPT, [OPT], OPT, function (other) {
    return payloadOf(this) ? this : other;
  }),
  celFunc(OPTIONAL_SELECT, [DYN, DYN], OPT, (target, key) => optionalMember(target, key)),
  celFunc(OPTIONAL_INSIDE, [DYN, DYN], DYN, (target, key) => memberInside(target, key)),
];
