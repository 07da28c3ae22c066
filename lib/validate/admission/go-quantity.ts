/**
 * Kubernetes' resource.Quantity (k8s.io/apimachinery/pkg/api/resource), as
 * the CEL quantity library uses it: parsed exactly as `ParseQuantity` parses
 * (its fast int64 path and its arbitrary-precision path, which decide whether
 * `asInteger()` succeeds), compared, added and subtracted as Go does.
 *
 * A value is `unscaled × 10^exponent`. `dec` tells the two forms of Go's
 * Quantity apart: the int64 form (`int64Amount`: `asInteger()` may succeed)
 * and the `inf.Dec` form (`asInteger()` always fails, as upstream's
 * `AsInt64` does). Exponents stay symbolic: no operation builds a power of
 * ten larger than the digits it compares, so hostile exponents cost nothing.
 *
 * @internal
 */

export interface Quantity {
  readonly unscaled: bigint;
  readonly exponent: number;
  readonly dec: boolean;
}

/** Why a string is not a quantity, in upstream's words. */
export class QuantityError extends Error {}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const ERR_FORMAT = `quantities must match the regular expression '${SPLIT_RE}'`;
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const NANO = -9;
const MAX_INT64_FACTORS = 18;
const MAX_WIDEN = 4096;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const inInt64 = (v: bigint): boolean => v >= INT64_MIN && v <= INT64_MAX;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface Scanned {
  readonly positive: boolean;
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

/** parseQuantityString: the number's parts and its suffix. */
function scan(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    let j = pos;
    while (j < end && isDigit(str[j])) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = j;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(ERR_FORMAT);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** The suffix as base, exponent and format, or undefined (quantitySuffixer.interpret). */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' } | undefined {
  if (Object.prototype.hasOwnProperty.call(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (Object.prototype.hasOwnProperty.call(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (!inInt64(parsed)) return undefined;
    // Go keeps int32(parsed): the exponent wraps as upstream's does
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Parses a quantity as `resource.ParseQuantity` does; throws a QuantityError with upstream's message. */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ERR_FORMAT);
  if (str === '0') return { unscaled: 0n, exponent: 0, dec: false };
  const { positive, value, num, denom, suffix } = scan(str);
  const unit = interpret(suffix);
  if (!unit) throw new QuantityError(ERR_SUFFIX);
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (unit.format === 'BinarySI') {
    if (unit.exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(unit.exponent);
      precision = 15 - num.length - Math.trunc((unit.exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = unit.exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = BigInt(num + denom);
      if (!inInt64(shifted)) throw new QuantityError(ERR_NUMERIC);
      const result = shifted * mantissa;
      if (inInt64(result)) return { unscaled: positive ? result : -result, exponent: scale, dec: false };
    }
  }
  return slowPath(value, unit.base, unit.exponent, unit.format === 'BinarySI');
}

/** The arbitrary-precision form: rounded up to nano, BinarySI capped at 2^63-1. */
function slowPath(value: string, base: 2 | 10, exponent: number, binary: boolean): Quantity {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new QuantityError(ERR_NUMERIC);
  const negative = m[1] === '-';
  let unscaled = BigInt((m[2] || '0') + (m[3] ?? ''));
  let exp = -(m[3] ?? '').length;
  if (base === 10) exp += exponent;
  else unscaled *= 1n << BigInt(exponent);
  if (unscaled !== 0n && exp < NANO) {
    // round up (away from zero) to nano
    const divisor = 10n ** BigInt(NANO - exp);
    const rounded = unscaled / divisor + (unscaled % divisor === 0n ? 0n : 1n);
    unscaled = rounded;
    exp = NANO;
  }
  if (binary && compareMagnitude(unscaled, exp, INT64_MAX, 0) > 0) {
    unscaled = INT64_MAX;
    exp = 0;
  }
  return { unscaled: negative ? -unscaled : unscaled, exponent: exp, dec: true };
}

const digits = (v: bigint): number => (v < 0n ? -v : v).toString().length;

/** Compares |a|·10^ea with |b|·10^eb (both non-negative unscaled values), without large powers. */
function compareMagnitude(a: bigint, ea: number, b: bigint, eb: number): number {
  if (a === 0n || b === 0n) return a === b ? 0 : a === 0n ? -1 : 1;
  const ma = digits(a) + ea;
  const mb = digits(b) + eb;
  if (ma !== mb) return ma < mb ? -1 : 1;
  // same order of magnitude: the shift is at most the longer number's digits
  const shift = ea - eb;
  const [x, y] = shift >= 0 ? [a * 10n ** BigInt(shift), b] : [a, b * 10n ** BigInt(-shift)];
  return x === y ? 0 : x < y ? -1 : 1;
}

const sign = (v: bigint): number => (v < 0n ? -1 : v > 0n ? 1 : 0);

/** `Quantity.Cmp`: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const sa = sign(a.unscaled);
  const sb = sign(b.unscaled);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const c = compareMagnitude(a.unscaled < 0n ? -a.unscaled : a.unscaled, a.exponent, b.unscaled < 0n ? -b.unscaled : b.unscaled, b.exponent);
  return sa < 0 ? -c : c;
}

/** `Quantity.Sign`. */
export const quantitySign = (q: Quantity): number => sign(q.unscaled);

/** value·10^scale as an int64, or undefined on overflow (positiveScaleInt64). */
function positiveScale(value: bigint, scale: number): bigint | undefined {
  if (value === 0n) return 0n;
  if (scale > MAX_INT64_FACTORS) return undefined;
  const result = value * 10n ** BigInt(scale);
  return inInt64(result) ? result : undefined;
}

/** `Quantity.AsInt64`: the value as an int64 when the int64 form holds it exactly at scale 0, else undefined. */
export function quantityAsInt64(q: Quantity): bigint | undefined {
  if (q.dec) return undefined;
  if (q.exponent === 0) return q.unscaled;
  if (q.exponent < 0) return undefined;
  return positiveScale(q.unscaled, q.exponent);
}

/** `Quantity.AsApproximateFloat64`. */
export function quantityAsApproximateFloat(q: Quantity): number {
  const base = Number(q.unscaled);
  return q.exponent === 0 ? base : base * Math.pow(10, q.exponent);
}

/** int64Amount.Add: the sum in the int64 form, or undefined when it does not fit. */
function addInt64(a: Quantity, b: Quantity): Quantity | undefined {
  if (b.unscaled === 0n) return a;
  if (a.unscaled === 0n) return b;
  let value: bigint | undefined;
  let scale: number;
  if (a.exponent === b.exponent) {
    value = a.unscaled + b.unscaled;
    scale = a.exponent;
  } else if (a.exponent > b.exponent) {
    const c = positiveScale(a.unscaled, a.exponent - b.exponent);
    value = c === undefined ? undefined : c + b.unscaled;
    scale = b.exponent;
  } else {
    const c = positiveScale(b.unscaled, b.exponent - a.exponent);
    value = c === undefined ? undefined : a.unscaled + c;
    scale = a.exponent;
  }
  return value !== undefined && inInt64(value) ? { unscaled: value, exponent: scale, dec: false } : undefined;
}

/** Exact sum in the arbitrary-precision form. */
function addDec(a: Quantity, b: Quantity): Quantity {
  if (a.unscaled === 0n) return { ...b, dec: true };
  if (b.unscaled === 0n) return { ...a, dec: true };
  const exponent = Math.min(a.exponent, b.exponent);
  // Go widens without bound; paved refuses sums that would need more than MAX_WIDEN digits (hostile input)
  if (Math.max(a.exponent, b.exponent) - exponent > MAX_WIDEN) throw new QuantityError(`cannot add quantities whose exponents differ by more than ${MAX_WIDEN}`);
  const widen = (q: Quantity) => q.unscaled * 10n ** BigInt(q.exponent - exponent);
  return { unscaled: widen(a) + widen(b), exponent, dec: true };
}

/** `Quantity.Add`. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  if (!a.dec && !b.dec) {
    const sum = addInt64(a, b);
    if (sum) return sum;
  }
  return addDec(a, b);
}

const negate = (q: Quantity): Quantity => ({ ...q, unscaled: -q.unscaled });

/** `Quantity.Sub`. */
export const subtractQuantities = (a: Quantity, b: Quantity): Quantity => addQuantities(a, negate(b));

/** `resource.NewQuantity(v, DecimalExponent)`. */
export const quantityOfInt = (v: bigint): Quantity => ({ unscaled: v, exponent: 0, dec: false });

/** A key equal for equal values (Quantity equality is `Cmp == 0`). */
export function quantityKey(q: Quantity): string {
  if (q.unscaled === 0n) return '0';
  let u = q.unscaled;
  let e = q.exponent;
  while (u % 10n === 0n) {
    u /= 10n;
    e++;
  }
  return `${u}e${e}`;
}
