import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { blockYaml } from '../../../lib/private/yaml-block';
import { YAML_OPTIONS } from '../../../lib/synth/tree-format';

const yamlOf = (o: unknown) => stringify(o, YAML_OPTIONS);

/** Every YAML file below a folder. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(full) : e.name.endsWith('.yaml') ? [full] : [];
  });
}

// strings of every kind the writer must spell as yaml does, or leave to it
const STRINGS = [
  '',
  'a',
  'web',
  'payments/checkout',
  'https://api.example.com/x?y=1',
  'registry.example.com/a/b:1.2.3@sha256:' + 'a'.repeat(64),
  '1',
  '-1',
  '+1',
  '0o17',
  '0x1F',
  '1.5',
  '.5',
  '1e3',
  '-1E-3',
  '.inf',
  '-.Inf',
  '.nan',
  'null',
  'Null',
  'NULL',
  '~',
  'true',
  'False',
  'TRUE',
  'yes',
  'no',
  'on',
  'off',
  'y',
  '1_000',
  '0b101',
  '12:30',
  '1:2:3',
  '500m',
  '512Mi',
  '2Gi',
  '08',
  '0.0.0.0/0',
  '10.0.0.0/16',
  '-',
  '- a',
  '-a',
  '--a',
  '---',
  '---a',
  '...',
  '...a',
  'a:',
  'a: b',
  'a:b',
  'a :b',
  ':a',
  '?',
  '? a',
  '?a',
  'a?',
  '#a',
  'a#b',
  'a #b',
  'a # b',
  ' a',
  'a ',
  'a  b',
  'a b',
  'a\tb',
  'a\nb',
  'a\n',
  '"a"',
  "'a'",
  'a"b',
  "a'b",
  '[a]',
  'a[b]',
  '{a}',
  'a{b}',
  ',a',
  'a,b',
  '&a',
  'a&b',
  '*a',
  'a*b',
  '!a',
  'a!b',
  '|a',
  'a|b',
  '>a',
  'a>b',
  '%a',
  'a%b',
  '@a',
  'a@b',
  '`a',
  'a`b',
  'a=b',
  'a+b',
  'a;b',
  '(a)',
  'a~b',
  '$a',
  'a$b',
  'é',
  'a\u00a0b',
  'Prune=false,Delete=false',
  'a\\b',
  '\\',
  'a"b\'c',
  '"a\'',
  "it's: here",
  '{{ .password }}',
  '*',
  "tags @> 'x'",
  'The database (prod: PostgreSQL, 20 GB).',
  'a\u0001b',
  'a\u007fb',
  'x:',
  '%x',
  'a b ',
  ' ',
  '   ',
  '#',
  '0',
  '-0',
  '00',
  '1.',
  '+.5',
  '0o8',
  '0X1F',
  'key=value:NoSchedule',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'False',
  'FALSE',
  '.NaN',
  '.NAN',
  '+.inf',
  '-.INF',
  'yes',
  'on',
  'n',
  '~x',
  'Nil',
  'x'.repeat(1100),
];
// multi-line strings: a literal block where yaml writes one with no indicator but chomping, else left to yaml
const MULTILINE = [
  'a\nb',
  'a\nb\n',
  'a\n\nb\n',
  'a\n\n\nb',
  'a\nb\n\n',
  'a\nb\n\n\n',
  '\na',
  '\n',
  '\n\n',
  'a\n',
  ' a\nb',
  'a\n b',
  'a\n  b\n',
  'a \nb',
  'a\nb ',
  'a\nb \n',
  'a\n \nb',
  'a\n  \n',
  'a\n\t\nb',
  'a\tb\nc',
  '\ta\nb',
  'a\n---\nb',
  '---\na',
  'a\n...\n',
  'a\n%x\n',
  'a\n# c\n',
  '# c\nd',
  'a: b\nc: d\n',
  '- a\n- b\n',
  '|\nx',
  '>\nx',
  "'a'\n",
  '"a"\n',
  'a\r\nb',
  'a\u0085b\n',
  'é\nx',
  'x\n\u00a0',
  'a\n\u2028b',
  'a\\nb\n',
  'a\n#\n',
  '*a\nb',
  '&a\nb',
  '!tag\nb',
  '- \nb',
  '?\nx',
  'x:\ny',
  'null\n',
  'true\nfalse',
  '1\n2',
  '{{ .a }}\n{{ .b }}\n',
  `${'a'.repeat(1100)}\nb\n`,
  `${JSON.stringify({ uid: 'x', panels: [{ id: 1, targets: [{ expr: 'sum(rate(x[5m])) by (le)' }], datasource: { uid: '${datasource}' } }] }, null, 2)}\n`,
  `${JSON.stringify({ a: 'b' }, null, 2)}`,
];
const NUMBERS = [0, 1, -1, 42, 8080, 2 ** 53 - 1, 0.5, -0, 1e21, Number.NaN, Number.POSITIVE_INFINITY];

describe('the synth writes each object as yaml would', () => {
  test('every string, number and key spelled as yaml spells it, or left to yaml', () => {
    let written = 0;
    for (const s of STRINGS) {
      for (const object of [{ v: s }, { [s]: 1 }, { l: [s, 'x'] }, { m: [{ [s]: s, n: s }] }, { a: { b: { c: s } } }]) {
        const mine = blockYaml(object);
        if (mine !== undefined) {
          written++;
          expect([s, mine]).toEqual([s, yamlOf(object)]);
        }
      }
    }
    for (const n of NUMBERS) {
      const mine = blockYaml({ n, l: [n] });
      if (mine !== undefined) expect(mine).toBe(yamlOf({ n, l: [n] }));
    }
    expect(written).toBeGreaterThan(STRINGS.length);
  });

  test('multi-line strings: a literal block, as yaml writes it, or left to yaml, in every position', () => {
    let written = 0;
    for (const s of MULTILINE) {
      for (const object of [{ v: s }, { [s]: 1 }, { l: [s, 'x'] }, { m: [{ [s]: s, n: s }] }, { m: [{ n: s, o: 1 }] }, { a: { b: { c: s, d: [{ e: s }] } } }]) {
        const mine = blockYaml(object);
        if (mine === undefined) continue;
        written++;
        expect([s, mine]).toEqual([s, yamlOf(object)]);
        // and it reads back as the same object
        expect(parse(mine)).toEqual(object);
      }
    }
    // the dashboards' shape (JSON lines ending in a line break) is written here, not left to yaml
    expect(blockYaml({ data: { 'a.json': `${JSON.stringify({ a: [1, { b: 'c' }] }, null, 2)}\n` } })).toBeDefined();
    expect(written).toBeGreaterThan(MULTILINE.length);
  });

  test('shapes: empty maps and lists, nulls, booleans, undefined fields, maps in lists, lists in maps in lists', () => {
    const shapes: unknown[] = [
      { a: {}, b: [], c: null, d: true, e: false, f: undefined, g: { h: undefined } },
      { l: [{}, [], null, 1, 'x', { a: 1, b: [1, 2], c: { d: [] } }] },
      { l: [{ a: { b: { c: 1 } }, d: [{ e: [{ f: 'g' }] }] }] },
      { spec: { components: [{ name: 'web', properties: { env: [{ name: 'A', value: '1' }], ports: [{ port: 80, expose: true }] } }] } },
    ];
    for (const object of shapes) expect(blockYaml(object)).toBe(yamlOf(object));
  });

  test('leaves to yaml what it does not write: lists in lists, other prototypes, undefined in a list, an empty top level', () => {
    for (const object of [{ l: [[1]] }, { d: new Date(0) }, { l: [undefined] }, {}, { a: undefined }, Object.assign(Object.create(null) as object, { a: 1 }), [1], 'x']) {
      expect(blockYaml(object)).toBeUndefined();
    }
  });

  test("every object of the example trees: the same bytes as yaml's, and most written here", () => {
    const root = path.join(__dirname, '..', '..', '..', 'gitops');
    let mine = 0;
    const files = yamlFiles(root);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      // the objects paved writes (not a chart's templates)
      if (!text.startsWith('# Generated by paved')) continue;
      const object: unknown = parse(text);
      const written = blockYaml(object);
      if (written === undefined) continue;
      mine++;
      expect([file, written]).toEqual([file, yamlOf(object)]);
    }
    expect(mine).toBeGreaterThan(files.length / 2);
  });
});
