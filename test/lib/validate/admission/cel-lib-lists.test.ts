/**
 * The lists and regex libraries and the sets extension, with the examples
 * upstream documents (lists.go, regex.go; cel-go's sets), and Go's
 * FindAllString semantics where the documented examples simplify them.
 */
import { findAll } from '../../../../lib/validate/admission/cel-lib-lists';
import { celEval } from './cel-util';

describe("the lists library (upstream's documented examples)", () => {
  test.each([
    ['[1, 2, 3].isSorted()', true],
    ["['a', 'b', 'b', 'c'].isSorted()", true],
    ['[2.0, 1.0].isSorted()', false],
    ['[1].isSorted()', true],
    ['[].isSorted()', true],
    ['[1, 3].sum()', 4n],
    ['[1.0, 3.0].sum()', 4],
    ['[].sum()', 0n],
    ['[1, 3].min()', 1n],
    ['[1, 3].max()', 3n],
    ['[1].min()', 1n],
    ['([0] + []).min()', 0n],
    ['[1, 2, 2, 3].indexOf(2)', 1n],
    ["['a', 'b', 'b', 'c'].lastIndexOf('b')", 2n],
    ['[1.0].indexOf(1.1)', -1n],
    ["[].indexOf('string')", -1n],
    // numbers compare across types, as CEL's equality does
    ['[1, 2].indexOf(2.0)', 1n],
    ["['b', 'a'].max()", 'b'],
    ["[duration('1m'), duration('90s')].isSorted()", true],
    ["[timestamp('2024-01-02T00:00:00Z'), timestamp('2024-01-01T00:00:00Z')].max() == timestamp('2024-01-02T00:00:00Z')", true],
  ])('%s', (expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test('min and max of an empty list fail; mixed kinds are no such overload', () => {
    expect(celEval('[].min()')).toEqual({ error: 'min called on empty list' });
    expect(celEval('[].max()')).toEqual({ error: 'max called on empty list' });
    expect(celEval("[1, 'a'].isSorted()")).toEqual({ error: 'no such overload' });
    expect(celEval('[9223372036854775807, 1].sum()')).toEqual({ error: 'integer overflow' });
  });
});

describe("the regex library (upstream's documented examples, Go's matching)", () => {
  test.each([
    ['"abc 123".find(\'[0-9]+\')', '123'],
    ['"abc 123".find(\'xyz\')', ''],
    ['"123 abc 456".findAll(\'[0-9]+\')', ['123', '456']],
    ['"123 abc 456".findAll(\'[0-9]+\', 1)', ['123']],
    ['"123 abc 456".findAll(\'xyz\')', []],
    ['"123 abc 456".findAll(\'[0-9]+\', 0)', []],
  ])('%s', (expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test("an empty match counts, but not right after a match: Go's FindAllString (the documented '[0-9]*' examples elide the empty matches)", () => {
    // Go: regexp.MustCompile(`a*`).FindAllString("baaab", -1) == ["" "aaa" ""]
    expect(findAll('baaab', 'a*', -1n)).toEqual(['', 'aaa', '']);
    expect(celEval('"abc 123".find(\'[0-9]*\')')).toBe('');
    expect(findAll('123 abc 456', '[0-9]*', -1n)).toEqual(['123', '', '', '', '', '456']);
  });

  test('RE2 syntax is read (named groups, a leading (?i)); what RE2 refuses is an Illegal regex error', () => {
    expect(celEval('"Registry.Example.com/app".find(\'(?i)registry\\\\.example\\\\.com\')')).toBe('Registry.Example.com');
    expect(celEval('"v1.2".find(\'(?P<major>[0-9]+)\')')).toBe('1');
    expect(celEval('"abc".find(\'(a\')')).toEqual({ error: expect.stringMatching(/^Illegal regex: /) });
    expect(celEval('"aa".find(\'(a)\\\\1\')')).toEqual({ error: expect.stringMatching(/^Illegal regex: /) });
  });
});

describe("the sets extension (cel-go's ext.Sets, in the API server's environment)", () => {
  test.each([
    ['sets.contains([1, 2, 3], [3, 1])', true],
    ['sets.contains([1, 2], [2, 4])', false],
    ['sets.contains([1], [])', true],
    ['sets.equivalent([1, 2, 2], [2, 1])', true],
    ['sets.equivalent([1], [1, 2])', false],
    ["sets.intersects(['a', 'b'], ['c', 'b'])", true],
    ['sets.intersects([1], [])', false],
    ['sets.contains([1.0], [1])', true],
  ])('%s', (expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });
});
