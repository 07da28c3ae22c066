/**
 * The Kubernetes CEL quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go):
 * `quantity()`, `isQuantity()`, `sign`, `isInteger`, `asInteger`,
 * `asApproximateFloat`, `add`, `sub`, `compareTo`, `isGreaterThan`, `isLessThan`.
 *
 * @internal
 */
import { type CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { types } from './cel-types';
import {
  type Quantity,
  addQuantities,
  compareQuantities,
  parseQuantity,
  quantityAsApproximateFloat,
  quantityAsInt64,
  quantityKey,
  quantityOfInt,
  quantitySign,
  subtractQuantities,
} from './go-quantity';

const { STRING, BOOL, INT, DOUBLE } = CelScalar;
const Q = types.quantity.cel;

/** A Quantity as a CEL value. */
export const quantityValue = (q: Quantity) => types.quantity.make(quantityKey(q), q);

function quantityOf(value: unknown): Quantity {
  const q = types.quantity.read(value as never);
  if (!q) throw new Error('no such overload');
  return q;
}

function isQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

export const QUANTITY_FUNCTIONS: CelFunc[] = [
  celFunc('quantity', [STRING], Q, (s) => quantityValue(parseQuantity(s))),
  celFunc('isQuantity', [STRING], BOOL, isQuantity),
  // upstream declares sign as a global overload (`sign(q)`) and documents it as a method (`q.sign()`): both are read
  celFunc('sign', [Q], INT, (q) => BigInt(quantitySign(quantityOf(q)))),
  celMethod('sign', Q, [], INT, function () {
    return BigInt(quantitySign(quantityOf(this)));
  }),
  celMethod('isGreaterThan', Q, [Q], BOOL, function (other) {
    return compareQuantities(quantityOf(this), quantityOf(other)) === 1;
  }),
  celMethod('isLessThan', Q, [Q], BOOL, function (other) {
    return compareQuantities(quantityOf(this), quantityOf(other)) === -1;
  }),
  celMethod('compareTo', Q, [Q], INT, function (other) {
    return BigInt(compareQuantities(quantityOf(this), quantityOf(other)));
  }),
  celMethod('asApproximateFloat', Q, [], DOUBLE, function () {
    return quantityAsApproximateFloat(quantityOf(this));
  }),
  celMethod('asInteger', Q, [], INT, function () {
    const v = quantityAsInt64(quantityOf(this));
    if (v === undefined) throw new Error('cannot convert value to integer');
    return v;
  }),
  celMethod('isInteger', Q, [], BOOL, function () {
    return quantityAsInt64(quantityOf(this)) !== undefined;
  }),
  celMethod('add', Q, [Q], Q, function (other) {
    return quantityValue(addQuantities(quantityOf(this), quantityOf(other)));
  }),
  celMethod('add', Q, [INT], Q, function (n) {
    return quantityValue(addQuantities(quantityOf(this), quantityOfInt(n)));
  }),
  celMethod('sub', Q, [Q], Q, function (other) {
    return quantityValue(subtractQuantities(quantityOf(this), quantityOf(other)));
  }),
  celMethod('sub', Q, [INT], Q, function (n) {
    return quantityValue(subtractQuantities(quantityOf(this), quantityOfInt(n)));
  }),
];
