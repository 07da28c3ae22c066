import { MAX_ANNOTATIONS_BYTES, MAX_FILE_BYTES, MAX_OBJECT_BYTES, jsonBytes, readManifest, readManifestObjects } from '../../../lib/validate/manifest-read';
import { yaml } from '../../../lib/private/yaml';

const FILE = 'prod/teams/mobile/apps/web/configmap-web.yaml';

/** A billion-laughs document: `levels` anchors, each aliasing the one before `width` times. */
function aliasBomb(levels: number, width: number): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n  namespace: mobile\ndata:\n  l0: &l0 "lol"\n';
  for (let i = 1; i <= levels; i++) text += `  l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(',')}]\n`;
  return text;
}

function configMap(name: string, value: string, extra = ''): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: mobile\n${extra}data:\n  value: "${value}"\n`;
}

/** Runs `read` and says how long it took, in milliseconds. */
function timed<T>(read: () => T): { result: T; ms: number } {
  const started = process.hrtime.bigint();
  const result = read();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const messages = (r: { findings: readonly { file: string; object: string; message: string }[] }) => r.findings.map((f) => `${f.file}: ${f.object}: ${f.message}`);

describe('readManifest', () => {
  test('reads every YAML document of a file, and exactly one object of a .json file', () => {
    const yaml = readManifest(FILE, `${configMap('a', '1')}---\n${configMap('b', '2')}---\n`);
    expect(yaml.findings).toEqual([]);
    expect(yaml.objects.map((m) => (m.object.metadata as { name: string }).name)).toEqual(['a', 'b']);
    const json = readManifest('prod/platform/config/x.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}');
    expect(json.objects.map((m) => m.object.kind)).toEqual(['ConfigMap']);
  });

  test.each([
    ['two objects', '{"kind":"A"}{"kind":"B"}', /JSON: cannot be read: .* \(Argo CD reads exactly one JSON object per \.json file\)/],
    ['a list', '[{"kind":"A"}]', /JSON: holds a list: Argo CD reads exactly one JSON object per \.json file/],
    ['a string', '"x"', /JSON: holds string: Argo CD reads exactly one JSON object per \.json file/],
  ])('refuses a .json file that holds %s, naming the file', (_, text, message) => {
    const r = readManifest('prod/x.json', text);
    expect(r.objects).toEqual([]);
    expect(messages(r).join('\n')).toMatch(new RegExp(`^prod/x\\.json: ${message.source}`));
  });

  test('expands an items list into its items, as Argo CD does whatever the kind; drops a null list', () => {
    const list = 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n';
    const notAList = 'apiVersion: example.com/v1\nkind: Anything\nmetadata: {name: c}\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: d}}\n';
    const r = readManifest('prod/platform/config/list.yaml', `${list}---\n${notAList}---\napiVersion: v1\nkind: ConfigMapList\nitems: null\n`);
    expect(r.findings).toEqual([]);
    expect(r.objects.map((m) => `${String(m.object.kind)} ${(m.object.metadata as { name: string }).name}`)).toEqual(['ConfigMap a', 'Secret b', 'ConfigMap d']);
  });

  test("refuses an items list in a team's folder, and an item that is not an object anywhere, naming the file and what is allowed", () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: payments}}\n- just text\n';
    const team = readManifest(FILE, text, { teamFolder: true });
    expect(messages(team)).toEqual([
      `${FILE}: document 1 (List with 2 items): is a list: Argo CD applies each of its items, and a team's folder holds one object per file (paved writes them so): write each item as its own file`,
      `${FILE}: document 1, items[1]: is not an object: Argo CD fails the sync on the list`,
    ]);
    // every check still sees the items Argo CD would apply
    expect(team.objects.map((m) => (m.object.metadata as { namespace: string }).namespace)).toEqual(['payments']);
    expect(messages(readManifest('prod/platform/config/l.yaml', text))).toEqual([`prod/platform/config/l.yaml: document 1, items[1]: is not an object: Argo CD fails the sync on the list`]);
  });

  test('refuses a Jsonnet file: Argo CD evaluates it, paved cannot check what it yields', () => {
    expect(messages(readManifest('prod/teams/mobile/apps/x.jsonnet', '{ apiVersion: "v1" }'))).toEqual([
      'prod/teams/mobile/apps/x.jsonnet: Jsonnet file: Argo CD evaluates Jsonnet and applies what it yields, which paved cannot check: write the objects as YAML',
    ]);
  });

  test.each([
    [
      '9 levels of 9 aliases (81 aliases, 387 million strings once expanded)',
      aliasBomb(9, 9),
      /document 1: holds more than 64 YAML aliases \(81 so far in the file\): paved reads at most 64 per file/,
    ],
    [
      '6 levels of 10 aliases (60 aliases, a million strings)',
      aliasBomb(6, 10),
      /document 1: expands to about .* with its 60 YAML aliases: over the limit of 1,572,864 bytes \(1\.5 MiB\) an object may have/,
    ],
    ['an alias inside the node it names', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d {x: *d}\n', /document 1: holds a YAML alias inside the node it refers to/],
    ['aliases spread over documents', `${'a: &a [1]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n---\n'.repeat(9)}`, /document 9: holds more than 64 YAML aliases \(72 so far in the file\)/],
  ])('refuses a small file with %s, naming the file, within a time budget', (_, text, message) => {
    expect(Buffer.byteLength(text)).toBeLessThan(2048);
    const { result, ms } = timed(() => readManifest(FILE, text));
    expect(messages(result).join('\n')).toMatch(new RegExp(`${FILE.replace(/\./g, '\\.')}: ${message.source}`));
    expect(ms).toBeLessThan(5000);
    // the fast reader of trees (a diff, the synth's kept files) is bounded the same way
    const fast = timed(() => readManifestObjects(FILE, text));
    expect(fast.ms).toBeLessThan(5000);
  });

  test('reads a few aliases, expanded as Argo CD expands them', () => {
    const r = readManifest(FILE, 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a, namespace: mobile}\ndata: {copy: *m}\n');
    expect(r.findings).toEqual([]);
    expect(r.objects[0].object.data).toEqual({ copy: { name: 'a', namespace: 'mobile' } });
  });

  test('refuses a YAML merge key, which Argo CD (YAML 1.1) would merge and a YAML 1.2 reader would not', () => {
    const text = 'base: &b {namespace: payments}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: *b\n  name: a\n';
    expect(messages(readManifest(FILE, text))).toEqual([`${FILE}: document 1: uses a YAML merge key (<<): Argo CD reads YAML 1.1 and merges it, a YAML 1.2 reader does not; write the fields out`]);
    expect(readManifest(FILE, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  "<<": quoted is a key\n').findings).toEqual([]);
  });

  test.each([
    ['flow lists', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['block mappings', Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n'],
    ['a JSON file', `{"a":${'['.repeat(150)}${']'.repeat(150)}}`],
  ])('refuses %s nested deeper than paved reads, without exhausting the stack', (_, text) => {
    const file = text.startsWith('{') ? 'prod/deep.json' : 'prod/deep.yaml';
    const { result, ms } = timed(() => readManifest(file, text));
    expect(result.objects).toEqual([]);
    expect(messages(result).join('\n')).toMatch(new RegExp(`^prod/deep\\.(yaml|json): .*(nest|deep)`));
    expect(ms).toBeLessThan(10_000);
  });

  test("refuses a file over paved's limit without reading it", () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, 'a');
    expect(messages(readManifest(FILE, big))).toEqual([
      `${FILE}: file of 2,097,153 bytes (2 MiB): is over paved's limit of 2,097,152 bytes (2 MiB) per file (not read): split it, one object per file`,
    ]);
  });

  test("refuses an object over etcd's request limit, and one applied client-side over the annotations' limit, naming the file and the figures", () => {
    const huge = configMap('huge', 'x'.repeat(MAX_OBJECT_BYTES));
    const { result, ms } = timed(() => readManifest(FILE, huge));
    expect(messages(result)).toEqual([
      `${FILE}: document 1 (ConfigMap huge): is 1,572,970 bytes (1.5 MiB) as JSON: over etcd's request limit of 1,572,864 bytes (1.5 MiB), the API server cannot store it`,
    ]);
    expect(ms).toBeLessThan(5000);
    const large = configMap('large', 'x'.repeat(300 * 1024));
    expect(readManifest(FILE, large).findings).toEqual([]);
    expect(messages(readManifest(FILE, large, { clientSideApplyBy: 'team-mobile-apps' })).join('\n')).toMatch(
      /document 1 \(ConfigMap large\): is 307,307 bytes \(300\.1 KiB\) as JSON: team-mobile-apps applies it client-side, which stores it whole in the kubectl\.kubernetes\.io\/last-applied-configuration annotation, and an object's annotations may hold at most 262,144 bytes \(256 KiB\) together \(this one .*\): make it smaller, or sync it server-side/,
    );
    // just under the limit, with the annotation's key and Argo CD's tracking annotation counted
    expect(readManifest(FILE, configMap('ok', 'x'.repeat(MAX_ANNOTATIONS_BYTES - 1024)), { clientSideApplyBy: 'team-mobile-apps' }).findings).toEqual([]);
    // the other annotations count too
    const annotated = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    big: "${'y'.repeat(60 * 1024)}"\ndata:\n  value: "${'x'.repeat(200 * 1024)}"\n`;
    expect(readManifest(FILE, annotated).findings).toEqual([]);
    expect(messages(readManifest(FILE, annotated, { clientSideApplyBy: 'a' })).join('\n')).toMatch(/over|at most 262,144 bytes/);
  });

  test('measures JSON as Go writes it (what the API server counts): <, > and & escaped', () => {
    expect(jsonBytes('<a&b>')).toBe(Buffer.byteLength('"\\u003ca\\u0026b\\u003e"'));
    expect(jsonBytes({ k: 'é' })).toBe(Buffer.byteLength('{"k":"é"}'));
  });
});

describe('readManifestObjects', () => {
  test('reads what readManifest reads: YAML documents, a .json object, items lists expanded', () => {
    const text = `${configMap('a', '1')}---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n`;
    expect(readManifestObjects(FILE, text)).toEqual(readManifest(FILE, text).objects);
    expect(readManifestObjects('x.json', '{"kind":"A"}')).toEqual([{ file: 'x.json', object: { kind: 'A' } }]);
    // values that look like dates stay strings (YAML 1.2 core schema)
    expect(readManifestObjects(FILE, 'kind: A\nday: 2026-11-29\n')[0].object.day).toBe('2026-11-29');
  });
});

describe('readManifestObjects, for a file that holds a `*`', () => {
  // js-yaml reads a file with a `*` only when it defines no anchor (an alias then names none, and js-yaml fails on it)
  const cases: [string, string][] = [
    ['a `*` in a plain scalar', `${configMap('a', '1')}  glob: src/*.ts\n  expr: a * b\n`],
    ['a `*` in quoted scalars', `${configMap('a', '1')}  q: "x * y"\n  s: '*'\n  e: "\\*"\n`],
    ['a `*` in a block scalar', `${configMap('a', '1')}  dash: |\n    sum(rate(x[5m])) * 100\n    *not an alias\n`],
    ['a `*` in a flow sequence of strings', `${configMap('a', '1')}  list: ["*", '*.yaml', a*]\n`],
    ['CEL with && and *', `${configMap('a', '1')}  cel: "object.spec.replicas * 2 <= 10 && has(object.x)"\n`],
    ['an alias', `${configMap('a', '1')}  x: &v hello\n  y: *v\n`],
    ['an alias as a key', `${configMap('a', '1')}  x: &k key\n  other: {*k : value}\n`],
    ['an alias to a mapping', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a, namespace: mobile}\ndata: {copy: *m}\n'],
    ['an anchor on a block mapping, used later', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\ndata:\n  copy: *m\n'],
    ['an anchor on a sequence, used later', `${configMap('a', '1')}  l: &l [1, 2]\n  m: *l\n`],
    ['an anchor on a tagged scalar', `${configMap('a', '1')}  t: !!str &t 5\n  u: *t\n`],
    ['an anchor with no alias, and a `*` in a string', `${configMap('a', '1')}  x: &unused hello\n  y: "a * b"\n`],
    ['an alias that names no anchor', `${configMap('a', '1')}  y: *nowhere\n`],
    ['an alias to an anchor of the document before', `${configMap('a', '1')}  x: &v hello\n---\n${configMap('b', '2')}  y: *v\n`],
    ['an anchor only in the second document', `${configMap('a', '1')}  y: "*"\n---\n${configMap('b', '2')}  x: &v hello\n  y: *v\n`],
    ['an alias inside the node it names', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d {x: *d}\n'],
    ['an alias bomb', aliasBomb(6, 9)],
    ['a list of items with aliases', 'apiVersion: v1\nkind: List\nitems:\n- &i {apiVersion: v1, kind: Secret, metadata: {name: s}}\n- *i\n'],
    ['CRLF line ends', `${configMap('a', '1')}  x: &v hello\n  y: *v\n`.replace(/\n/g, '\r\n')],
    ['a byte order mark', `\ufeff${configMap('a', '1')}  x: &v hello\n  y: *v\n`],
    ['an alias after a comment that holds an anchor', `${configMap('a', '1')}  # x: &v hello\n  y: *v\n`],
  ];

  test.each(cases)('reads what readManifest reads: %s', (_, text) => {
    expect(readManifestObjects(FILE, text)).toEqual(readManifest(FILE, text).objects);
  });

  test('parses a file with a `*` and no anchor with js-yaml only, and one with an anchor as readManifest does', () => {
    // the copy of yaml paved reads with (lib/private/yaml.ts)
    const spy = jest.spyOn(yaml, 'parseAllDocuments');
    try {
      readManifestObjects(FILE, cases[0][1]);
      readManifestObjects(FILE, cases[4][1]);
      expect(spy).not.toHaveBeenCalled();
      readManifestObjects(FILE, cases[5][1]);
      expect(spy).toHaveBeenCalledTimes(1);
      // an anchor in a later document counts too
      readManifestObjects(FILE, cases[14][1]);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});
