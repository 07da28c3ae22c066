/**
 * Optional types and the optional syntax (`x.?f`, `x[?k]`), which the API
 * server's CEL environment has and @bufbuild/cel's parser lacks.
 */
import { rewriteOptionalSyntax } from '../../../../lib/validate/admission/cel-optional-syntax';
import { celValue } from '../../../../lib/validate/admission/cel-values';
import { celEval } from './cel-util';

const object = celValue({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, ports: [80] } }, undefined);

describe('optional values', () => {
  test.each([
    ['optional.of(1).hasValue()', true],
    ['optional.none().hasValue()', false],
    ['optional.of(1).value()', 1n],
    ['optional.none().orValue(7)', 7n],
    ['optional.of(null).orValue(7)', null],
    ['optional.none().or(optional.of(2)).value()', 2n],
    ['optional.of(1).or(optional.of(2)).value()', 1n],
    ["optional.ofNonZeroValue('').hasValue()", false],
    ['optional.ofNonZeroValue([]).hasValue()', false],
    ['optional.ofNonZeroValue(0).hasValue()', false],
    ['optional.ofNonZeroValue(3).hasValue()', true],
    ['optional.of(1) == optional.of(1)', true],
    ['optional.of(1) == optional.of(2)', false],
    ['optional.none() == optional.none()', true],
    ['type(optional.none()) == type(optional.of(1))', true],
  ])('%s', (expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test('value() of none fails as cel-go says', () => {
    expect(celEval('optional.none().value()')).toEqual({ error: 'optional.none() dereference' });
  });
});

describe('the optional syntax', () => {
  test.each([
    ["object.metadata.?labels[?'app'].orValue('none')", 'web'],
    ["object.metadata.?labels[?'tier'].orValue('none')", 'none'],
    ["object.metadata.?annotations[?'x'].orValue('none')", 'none'],
    ['object.spec.?replicas.orValue(1)', 2n],
    ['object.spec.?paused.hasValue()', false],
    ['object.spec.ports[?0].value()', 80n],
    ['object.spec.ports[?3].hasValue()', false],
    // a plain selection after an optional one is made inside it: none stays none, a present value must have the field
    ['object.?spec.replicas.value()', 2n],
    ['object.?status.replicas.hasValue()', false],
    ['object.metadata.?labels.orValue({}).size()', 1n],
    ["has(object.metadata.labels) && object.metadata.?labels['app'].value() == 'web'", true],
  ])('%s', (expression, expected) => {
    expect(celEval(expression, { object })).toEqual(expected);
  });

  test('a present value without the plain-selected field fails, as without `?`', () => {
    expect(celEval('object.?spec.missing', { object })).toEqual({ error: 'no such key: missing' });
  });

  test('is rewritten outside string literals and comments only', () => {
    expect(rewriteOptionalSyntax("a.?b == 'x.?y' && c[?'k'] // d.?e").source).toBe("a.__opt_sel__b == 'x.?y' && c[__opt_index__('k')] // d.?e");
    expect(rewriteOptionalSyntax('a ? b : c').source).toBe('a ? b : c');
    // in a raw string a backslash escapes nothing: the string ends at the next quote
    expect(rewriteOptionalSyntax("r'a\\' + a.?b + 'c\\'.?d'").source).toBe("r'a\\' + a.__opt_sel__b + 'c\\'.?d'");
    expect(celEval('\'a.?b\' + "[?0]"')).toBe('a.?b[?0]');
  });

  test('optional list elements and map entries, and optMap, are reported as not evaluable offline', () => {
    expect(celEval('[?optional.of(1), 2]')).toEqual({ offline: "an optional list element ([?x]) cannot be evaluated offline: paved's CEL parser lacks it" });
    expect(celEval("{?'k': optional.of(1)}")).toEqual({ offline: "an optional map entry or list element (?x) cannot be evaluated offline: paved's CEL parser lacks it" });
    expect(celEval('optional.of(1).optMap(x, x + 1)')).toEqual({ offline: "optMap() cannot be evaluated offline: paved's CEL lacks the macro" });
  });
});
