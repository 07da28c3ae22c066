import { conflictBlocks, jsonSyntaxError } from '../../../lib/private/merge-state';

describe('the conflicts Git leaves in a file', () => {
  test.each([
    ['a conflict', 'a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> other\nc: 4\n', [{ start: 2, end: 6 }]],
    ['a conflict with the merge base (diff3)', '<<<<<<< ours\nb: 2\n||||||| base\nb: 1\n=======\nb: 3\n>>>>>>> theirs\n', [{ start: 1, end: 7 }]],
    [
      'two conflicts',
      '<<<<<<< a\n=======\n>>>>>>> b\nx\n<<<<<<< a\n=======\n>>>>>>> b\n',
      [
        { start: 1, end: 3 },
        { start: 5, end: 7 },
      ],
    ],
    ['Windows line ends', 'x\r\n<<<<<<< HEAD\r\ny\r\n=======\r\nz\r\n>>>>>>> b\r\n', [{ start: 2, end: 6 }]],
    ['markers without a label', '<<<<<<<\n=======\n>>>>>>>\n', [{ start: 1, end: 3 }]],
    ['an opener whose block never ends', 'a\n<<<<<<< HEAD\nb\n', [{ start: 2 }]],
    ['an opener inside a block', '<<<<<<< a\n<<<<<<< b\n=======\n>>>>>>> c\n', [{ start: 1 }, { start: 2, end: 4 }]],
    ['a stray closer (its opener deleted by hand)', 'a\n>>>>>>> theirs\n', [{ start: 2, end: 2 }]],
    ['the second half of a block whose opener went', 'a\n=======\nb\n>>>>>>> theirs\n', [{ start: 2, end: 4 }]],
    ['a stray base marker', 'a\n||||||| base\n', [{ start: 2 }]],
    ['a block after a separator of text (the separator is text)', '=======\n<<<<<<< a\n=======\n>>>>>>> b\n', [{ start: 2, end: 4 }]],
  ])('finds %s', (_what, text, blocks) => {
    expect(conflictBlocks(text)).toEqual(blocks);
  });

  test.each([
    ['a Markdown heading underlined with seven "="', 'Title\n=======\n\ntext\n'],
    ['longer or shorter runs, and markers not at the start of a line', '<<<<<<<< eight\n>>>>>> six\n  <<<<<<< indented\nx >>>>>>> y\n========\n'],
    ['markers glued to text', '<<<<<<<HEAD\n>>>>>>>theirs\n|||||||base\n'],
    ['an empty file', ''],
  ])('finds none in %s', (_what, text) => {
    expect(conflictBlocks(text)).toEqual([]);
  });

  test('reads a hostile file of separators in time linear in its size', () => {
    const text = '=======\n'.repeat(200_000) + '>>>>>>> end\n';
    const started = process.hrtime.bigint();
    expect(conflictBlocks(text)).toEqual([{ start: 1, end: 200_001 }]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });
});

describe('where a text stops being JSON', () => {
  // what JSON.parse accepts and refuses, agreed with on every text
  const CORPUS = [
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, true, false, null, "x\\n\\u00e9"]} \n',
    '"just a string"',
    '12',
    '{"a": {"b": {"c": []}}}',
    '',
    '   ',
    '{"a":}',
    '{"a": 1\n"b": 2}',
    '{"a": 1}\n{"b": 2}\n',
    '{"a": 1,}',
    '[1, 2,]',
    '{a: 1}',
    "{'a': 1}",
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": .5}',
    '{"a": +1}',
    '{"a": "x\ty"}',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '{"a": tru}',
    '{"a": NaN}',
    '{"a" 1}',
    '{"a": [1, 2}',
    '{"a": 1]',
    '[',
    '{"a": "unterminated',
    '\ufeff{}',
    '<<<<<<< HEAD\n{}\n',
  ];
  test.each(CORPUS.map((t) => [JSON.stringify(t), t]))('agrees with JSON.parse on %s', (_shown, text) => {
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    expect(jsonSyntaxError(text) === undefined).toBe(parses);
  });

  test.each([
    ['a union merge that dropped a comma', '{\n  "a": {\n    "date": "1"\n  }\n  "b": {}\n}\n', { line: 5, column: 3, expected: '"," or "}"' }],
    ['two objects one after the other', '{"a": 1}\n{"b": 2}\n', { line: 2, column: 1, expected: 'nothing after the value' }],
    ['a trailing comma', '{\n  "a": 1,\n}\n', { line: 3, column: 1, expected: 'a quoted key' }],
    ['a file cut short', '{\n  "a": [1,\n', { line: 3, column: 1, expected: 'a value, not the end of the text' }],
    ['a missing colon', '{"a" 1}', { line: 1, column: 6, expected: '":" after the key' }],
    ['a raw tab in a string', '{"a": "x\ty"}', { line: 1, column: 7, expected: 'a value (an object, array, string, number, true, false or null)' }],
  ])('names the line and column of %s', (_what, text, error) => {
    expect(jsonSyntaxError(text)).toEqual(error);
  });

  test('reads a hostile nesting without exhausting the stack', () => {
    expect(jsonSyntaxError('['.repeat(1_000_000) + ']'.repeat(1_000_000))).toBeUndefined();
    expect(jsonSyntaxError('['.repeat(1_000_000))).toEqual({ line: 1, column: 1_000_001, expected: 'a value, not the end of the text' });
  });
});
