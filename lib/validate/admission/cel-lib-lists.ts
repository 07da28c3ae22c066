/**
 * The Kubernetes CEL lists and regex libraries (k8s.io/apiserver/pkg/cel/library/lists.go,
 * regex.go) and cel-go's sets extension, which the API server's environment
 * includes: `isSorted`, `sum`, `min`, `max`, `indexOf`, `lastIndexOf`;
 * `find`, `findAll` (Go's leftmost-first matching, empty matches as Go's
 * `FindAllString` treats them); `sets.contains`, `sets.equivalent`,
 * `sets.intersects`.
 *
 * @internal
 */
import { type CelFunc, type CelList, type CelValue, CelScalar, celFunc, celMethod, isCelList, isCelMap, isCelUint, listType } from '@bufbuild/cel';
import { equals as protoEquals } from '@bufbuild/protobuf';
import { isReflectMessage } from '@bufbuild/protobuf/reflect';
import { RE2JS } from '@bufbuild/re2';
import { jsPattern } from '../languages/go-regexp';
import { OFFLINE } from './cel-offline';

const { STRING, BOOL, INT, DYN } = CelScalar;
const LIST = listType(DYN);
const TIME_TYPES = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration']);

/** CEL equality (as @bufbuild/cel's `==`): numbers across types, lists and maps deeply, messages field by field. */
export function celEquals(a: CelValue, b: CelValue): boolean {
  if (a === b) return true;
  const x = isCelUint(a) ? a.value : a;
  const y = isCelUint(b) ? b.value : b;
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) return x == y;
  if (x instanceof Uint8Array) return y instanceof Uint8Array && x.length === y.length && x.every((v, i) => v === y[i]);
  if (isCelList(x)) return isCelList(y) && x.size === y.size && [...x].every((v, i) => celEquals(v, y.get(i) as CelValue));
  if (isCelMap(x)) {
    if (!isCelMap(y) || x.size !== y.size) return false;
    for (const [k, v] of x) {
      const other = y.get(k);
      if (other === undefined || !celEquals(v, other)) return false;
    }
    return true;
  }
  if (isReflectMessage(x)) return isReflectMessage(y) && x.desc.typeName === y.desc.typeName && protoEquals(x.desc, x.message, y.message);
  return false;
}

/** cel-go's Compare on comparable values: numbers across types, strings, bools, bytes; else 'no such overload'. */
function compare(a: CelValue, b: CelValue): number {
  const x = isCelUint(a) ? a.value : a;
  const y = isCelUint(b) ? b.value : b;
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) return x < y ? -1 : x > y ? 1 : 0;
  if ((typeof x === 'string' && typeof y === 'string') || (typeof x === 'boolean' && typeof y === 'boolean')) return x < y ? -1 : x > y ? 1 : 0;
  if (x instanceof Uint8Array && y instanceof Uint8Array) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
  }
  if (isReflectMessage(x) && isReflectMessage(y) && x.desc.typeName === y.desc.typeName && TIME_TYPES.has(x.desc.typeName)) {
    const [a1, b1] = [x.message as unknown as { seconds: bigint; nanos: number }, y.message as unknown as { seconds: bigint; nanos: number }];
    return a1.seconds !== b1.seconds ? (a1.seconds < b1.seconds ? -1 : 1) : a1.nanos < b1.nanos ? -1 : a1.nanos > b1.nanos ? 1 : 0;
  }
  if (isReflectMessage(x)) throw new Error(`lists of ${x.desc.typeName} ${OFFLINE}: paved compares numbers, strings, bools, bytes, timestamps and durations`);
  throw new Error('no such overload');
}

function extreme(list: CelList, name: string, prefer: number): CelValue {
  let result: CelValue | undefined;
  for (const v of list) if (result === undefined || compare(result, v) === prefer) result = v;
  if (result === undefined) throw new Error(`${name} called on empty list`);
  return result;
}

const INT64_MAX = 2n ** 63n - 1n;
function sum(list: CelList): CelValue {
  let acc: CelValue = 0n;
  let first = true;
  for (const v of list) {
    if (first) acc = v;
    else if (typeof acc === 'bigint' && typeof v === 'bigint') {
      acc = acc + v;
      if (acc > INT64_MAX || acc < -INT64_MAX - 1n) throw new Error('integer overflow');
    } else if (typeof acc === 'number' && typeof v === 'number') acc = acc + v;
    else if (isReflectMessage(v)) throw new Error(`sum of ${v.desc.typeName} ${OFFLINE}: paved sums ints and doubles`);
    else throw new Error('no such overload');
    first = false;
  }
  return acc;
}

/** Go's regexp.Compile: RE2 syntax; the search runs on JavaScript's engine (both leftmost-first). */
function compileRegex(pattern: string): RegExp {
  try {
    RE2JS.compile(pattern);
  } catch (e) {
    throw new Error(`Illegal regex: ${e instanceof Error ? e.message : String(e)}`);
  }
  const js = jsPattern(pattern);
  if (js === undefined) throw new Error(`the RE2 pattern ${JSON.stringify(pattern)} ${OFFLINE}: JavaScript cannot read it`);
  return new RegExp(js, 'gu');
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = compileRegex(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

/** Go's FindAllString: at most n matches (all when n < 0); an empty match right after a match is skipped. */
export function findAll(s: string, pattern: string, n: bigint): string[] {
  const re = regex(pattern);
  const out: string[] = [];
  const limit = n < 0n ? Infinity : Number(n);
  let pos = 0;
  let prevMatchEnd = -1;
  while (out.length < limit && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    let accept = true;
    if (end === pos) {
      if (m.index === prevMatchEnd) accept = false;
      pos += pos < s.length ? ((s.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1) : 1;
    } else pos = end;
    prevMatchEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}

const contains = (a: CelList, b: CelList): boolean => [...b].every((x) => [...a].some((y) => celEquals(x, y)));

export const LIST_FUNCTIONS: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    let prev: CelValue | undefined;
    for (const v of this) {
      if (prev !== undefined && compare(prev, v) === 1) return false;
      prev = v;
    }
    return true;
  }),
  celMethod('sum', LIST, [], DYN, function () {
    return sum(this);
  }),
  celMethod('min', LIST, [], DYN, function () {
    return extreme(this, 'min', 1);
  }),
  celMethod('max', LIST, [], DYN, function () {
    return extreme(this, 'max', -1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (item) {
    const i = [...this].findIndex((v) => celEquals(v, item));
    return BigInt(i);
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (item) {
    const all = [...this];
    for (let i = all.length - 1; i >= 0; i--) if (celEquals(all[i], item)) return BigInt(i);
    return -1n;
  }),
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return findAll(this, pattern, 1n)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
    return findAll(this, pattern, -1n);
  }),
  celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, n) {
    return findAll(this, pattern, n);
  }),
  celFunc('sets.contains', [LIST, LIST], BOOL, (a, b) => contains(a, b)),
  celFunc('sets.equivalent', [LIST, LIST], BOOL, (a, b) => contains(a, b) && contains(b, a)),
  celFunc('sets.intersects', [LIST, LIST], BOOL, (a, b) => [...a].some((x) => [...b].some((y) => celEquals(x, y)))),
];
