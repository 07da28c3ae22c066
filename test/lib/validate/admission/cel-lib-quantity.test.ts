/**
 * The quantity library, with the cases of upstream's own table
 * (k8s.io/apiserver/pkg/cel/library/quantity_test.go, TestQuantity) and
 * resource.ParseQuantity's forms beyond it.
 */
import { parseQuantity, quantityAsInt64 } from '../../../../lib/validate/admission/go-quantity';
import { celEval } from './cel-util';

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe("the quantity library (upstream's TestQuantity)", () => {
  test.each([
    ['parse', 'quantity("12Mi") == quantity("12582912")', true],
    ['isQuantity', 'isQuantity("20")', true],
    ['isQuantity_megabytes', 'isQuantity("20M")', true],
    ['isQuantity_mebibytes', 'isQuantity("20Mi")', true],
    ['isQuantity_invalidSuffix', 'isQuantity("20Mo")', false],
    ['isQuantity_passingRegex', 'isQuantity("10Mm")', false],
    ['equality_reflexivity', 'quantity("200M") == quantity("200M")', true],
    ['equality_symmetry', 'quantity("200M") == quantity("0.2G") && quantity("0.2G") == quantity("200M")', true],
    ['equality_transitivity', 'quantity("2M") == quantity("0.002G") && quantity("2000k") == quantity("2M") && quantity("0.002G") == quantity("2000k")', true],
    ['inequality', 'quantity("200M") == quantity("0.3G")', false],
    ['quantity_less', 'quantity("50M").isLessThan(quantity("50Mi"))', true],
    ['quantity_less_obvious', 'quantity("50M").isLessThan(quantity("100M"))', true],
    ['quantity_less_false', 'quantity("100M").isLessThan(quantity("50M"))', false],
    ['quantity_greater', 'quantity("50Mi").isGreaterThan(quantity("50M"))', true],
    ['quantity_greater_obvious', 'quantity("150Mi").isGreaterThan(quantity("100Mi"))', true],
    ['quantity_greater_false', 'quantity("50M").isGreaterThan(quantity("100M"))', false],
    ['compare_equal', 'quantity("200M").compareTo(quantity("0.2G"))', 0n],
    ['compare_less', 'quantity("50M").compareTo(quantity("50Mi"))', -1n],
    ['compare_greater', 'quantity("50Mi").compareTo(quantity("50M"))', 1n],
    ['add_quantity', 'quantity("50k").add(quantity("20")) == quantity("50.02k")', true],
    ['add_int', 'quantity("50k").add(20).isLessThan(quantity("50020"))', false],
    ['sub_quantity', 'quantity("50k").sub(quantity("20")) == quantity("49.98k")', true],
    ['sub_int', 'quantity("50k").sub(20) == quantity("49980")', true],
    ['arith_chain_1', 'quantity("50k").add(20).sub(quantity("100k")).asInteger()', -49980n],
    ['arith_chain', 'quantity("50k").add(20).sub(quantity("100k")).sub(-50000).asInteger()', 20n],
    ['as_integer', 'quantity("50k").asInteger()', 50000n],
    ['is_integer (too large)', 'quantity("9999999999999999999999999999999999999G").isInteger()', false],
    ['is_integer', 'quantity("50").isInteger()', true],
    ['as_float', 'quantity("50.703k").asApproximateFloat()', 50703],
  ])('%s: %s', (_name, expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test.each([
    ['parseInvalidSuffix', 'quantity("10Mo")', FORMAT_WRONG],
    ['parseInvalidSuffixPassesRegex', 'quantity("10Mm")', "unable to parse quantity's suffix"],
    ['as_integer_error', 'quantity("9999999999999999999999999999999999999G").asInteger()', 'cannot convert value to integer'],
  ])("fails with upstream's message: %s", (_name, expression, message) => {
    expect(celEval(expression)).toEqual({ error: message });
  });

  test('sign is -1, 0 or 1, called as a function (as declared upstream) or a method (as documented)', () => {
    expect([celEval('sign(quantity("-5m"))'), celEval('quantity("0").sign()'), celEval('quantity("1Ki").sign()')]).toEqual([-1n, 0n, 1n]);
  });

  test('mul, div and divInt (newer than the libraries paved ports) are reported as not evaluable offline, not as undeclared', () => {
    expect(celEval('quantity("50k").mul(2) == quantity("100k")')).toEqual({ offline: "mul() cannot be evaluated offline: paved's CEL lacks it" });
  });
});

describe('quantities are parsed as resource.ParseQuantity parses them', () => {
  test('the int64 form and the arbitrary-precision form decide whether asInteger succeeds', () => {
    // milli-units stay at scale -3: upstream's AsInt64 does not reduce them
    expect(celEval('[quantity("2").isInteger(), quantity("2000m").isInteger(), quantity("1.5").isInteger(), quantity("1Gi").asInteger(), quantity("1.5Gi").isInteger()]')).toEqual([
      true,
      false,
      false,
      1073741824n,
      false,
    ]);
  });

  test('decimal exponents, signs, leading zeros and fractions are read', () => {
    expect(celEval('[quantity("1e3").asInteger(), quantity("-2k").asInteger(), quantity("+007").asInteger(), quantity(".5").asApproximateFloat(), quantity("1.").asInteger()]')).toEqual([
      1000n,
      -2000n,
      7n,
      0.5,
      1n,
    ]);
  });

  test('values finer than a nano are rounded up to one nano; huge binary values are capped at 2^63-1', () => {
    expect(celEval('quantity("0.0000000001") == quantity("1n")')).toBe(true);
    expect(celEval('quantity("100Ei").compareTo(quantity("9223372036854775807"))')).toBe(0n);
    // 19 digits take the arbitrary-precision form, in which upstream's AsInt64 fails even within int64
    expect(quantityAsInt64(parseQuantity('922337203685477580'))).toBe(922337203685477580n);
    expect(quantityAsInt64(parseQuantity('9223372036854775807'))).toBeUndefined();
  });

  test('refuses what ParseQuantity refuses, with its messages', () => {
    for (const bad of ['', '1.5.5', '12ki', 'five', '1e']) expect(() => parseQuantity(bad)).toThrow(/quantities must match|unable to parse quantity's suffix|unable to parse numeric part/);
    expect(celEval('isQuantity("")')).toBe(false);
  });

  test('hostile exponents cost no large numbers: compared symbolically, refused when a sum would need them', () => {
    const started = process.hrtime.bigint();
    expect(celEval('quantity("1e2000000000").isGreaterThan(quantity("1e1999999999"))')).toBe(true);
    expect(celEval('quantity("1e2000000000").isInteger()')).toBe(false);
    expect(celEval('quantity("1e2000000000").add(quantity("1"))')).toEqual({ error: 'cannot add quantities whose exponents differ by more than 4096' });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
