import { mayHoldArgoObject } from '../../../lib/diff/argo-group';
import { applicationSourcesOf } from '../../../lib/validate/argo-application-source';
import { readManifest } from '../../../lib/validate/manifest-read';
import { seededRandom } from '../../random-util';

const FILE = 'prod/application-team-mobile-apps.yaml';
const REST = 'kind: Application\nmetadata: {name: team-mobile-apps, namespace: argocd}\nspec:\n  project: mobile\n  source: {repoURL: x, path: gitops/prod}\n';
/** An Application whose apiVersion is written as given (the rest of the line included). */
const app = (apiVersion: string) => `apiVersion: ${apiVersion}\n${REST}`;

/** The slow path: the objects the validator reads that the tree reader follows as Argo CD's own. */
const argoObjects = (file: string, text: string) => readManifest(file, text).objects.filter((m) => applicationSourcesOf(m) !== undefined);
const filter = (text: string) => mayHoldArgoObject(Buffer.from(text, 'utf8'));

/** Each character of the group escaped one way (every escape a YAML double-quoted string knows for it). */
const ESCAPES: ((c: string) => string)[] = [
  (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  (c) => `\\U${c.charCodeAt(0).toString(16).padStart(8, '0')}`,
];

describe('mayHoldArgoObject: whether a file is parsed for Argo CD objects', () => {
  // every spelling YAML and JSON have for an apiVersion that starts with argoproj.io/: the reader follows each
  const held: [string, string, string?][] = [
    ['plain', app('argoproj.io/v1alpha1')],
    ['single-quoted', app("'argoproj.io/v1alpha1'")],
    ['double-quoted', app('"argoproj.io/v1alpha1"')],
    ['another version, upper case', app('argoproj.io/V1')],
    ['a plain line folded after the group', app('argoproj.io/\n  v1alpha1')],
    ['a single-quoted line folded after the group', app("'argoproj.io/\n  v1alpha1'")],
    ['a quote doubled in single quotes', app("'argoproj.io/''v1'")],
    ['a folded block scalar', app('>-\n  argoproj.io/\n  v1alpha1')],
    ['a literal block scalar', app('|-\n  argoproj.io/v1alpha1')],
    ['a tag', app('!!str argoproj.io/v1alpha1')],
    ['a non-specific tag', app('! argoproj.io/v1alpha1')],
    ['an anchor', app('&v argoproj.io/v1alpha1')],
    ['a flow mapping', `{apiVersion: argoproj.io/v1alpha1, kind: Application, spec: {source: {repoURL: x, path: p}}}\n`],
    ['a JSON-like flow mapping without blanks', `{"apiVersion":argoproj.io/v1alpha1,"kind":"Application","spec":{"source":{"repoURL":"x","path":"p"}}}\n`],
    ['the second document', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${app('argoproj.io/v1alpha1')}`],
    ['an item of a list', `apiVersion: v1\nkind: List\nitems:\n- apiVersion: "argoproj\\x2eio/v1alpha1"\n  kind: Application\n  spec: {source: {repoURL: x, path: p}}\n`],
    ['CRLF line ends', app('"argoproj\\x2eio/v1alpha1"').replace(/\n/g, '\r\n')],
    ['a byte order mark', `\ufeff${app('argoproj.io/v1alpha1')}`],
    ['a comment before', `# argocd.argoproj.io/sync-wave\n${app('argoproj.io/v1alpha1')}`],
    ['a YAML escape of the dot', app('"argoproj\\x2Eio/v1alpha1"')],
    ['a YAML escape of the first letter', app('"\\x61rgoproj.io/v1alpha1"')],
    ['a YAML escape of the slash', app('"argoproj.io\\/v1alpha1"')],
    ['a 32-bit YAML escape', app('"argoproj.io\\U0000002fv1alpha1"')],
    ['an escaped line break before the group', app('"\\\n  argoproj.io/v1alpha1"')],
    ['an escaped line break inside the group', app('"argo\\\n    proj.io/v1alpha1"')],
    ['an escaped CRLF line break inside the group', app('"argo\\\r\n    proj.io/v1alpha1"')],
    ['an escaped line break after an escape', app('"argoproj\\x2e\\\n  io\\/v1alpha1"')],
    ['a flow mapping with escapes', `{apiVersion: "\\u0061rgoproj.io/v1", kind: Application, spec: {source: {repoURL: x, path: p}}}\n`],
    ['JSON escapes', JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec: { source: { repoURL: 'x', path: 'p' } } }).replace('.io', '\\u002eio'), 'app.json'],
    ['a JSON escape of the slash', '{"apiVersion":"argoproj.io\\/v1alpha1","kind":"Application","spec":{"source":{"repoURL":"x","path":"p"}}}', 'app.json'],
    ['a JSON escape of every character', `{"apiVersion":"${[...'argoproj.io/'].map(ESCAPES[2]).join('')}v1","kind":"Application","spec":{}}`, 'app.json'],
  ];
  for (const [n, escape] of ESCAPES.entries()) held.push([`YAML escapes of every character (${n + 1})`, app(`"${[...'argoproj.io/'].map(escape).join('')}v1"`)]);

  test.each(held)('parses a file whose Application is written %s, which the validator reads as one', (_, text, file = FILE) => {
    expect(argoObjects(file, text)).toHaveLength(1);
    expect(filter(text)).toBe(true);
  });

  // what the fast path skips: the validator reads no Argo CD object in any of them
  const skipped: [string, string][] = [
    ['the sync-wave annotation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    argocd.argoproj.io/sync-wave: "1"\n'],
    ['a group that ends with argoproj.io', app('workflows.argoproj.io/v1alpha1')],
    ['Grafana JSON in a block scalar, with escaped quotes', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n  d.json: |\n    {"expr": "up{job=\\"argoproj.io\\"}", "re": "a\\\\.b"}\n'],
    ['a dot escaped before the group', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: "\\x2eargoproj\\x2eio/v1"}\n'],
    ['no group at all', app('v1')],
  ];

  test.each(skipped)('skips a file with %s, in which the validator reads no Argo CD object', (_, text) => {
    expect(argoObjects(FILE, text)).toEqual([]);
    expect(filter(text)).toBe(false);
  });

  test('never skips a file in which the validator reads an Argo CD object, over generated spellings', () => {
    // a deterministic mix of quoting, escapes and escaped line breaks per character
    const next = seededRandom(7);
    const breaks = ['\\\n ', '\\\n    ', '\\\r\n  ', '\\\n  \t', ' \\\n  '];
    const missed: string[] = [];
    let read = 0;
    for (let i = 0; i < 500; i++) {
      const body = [...'argoproj.io/'].map((c) => `${next(4) === 0 ? breaks[next(breaks.length)] : ''}${next(3) === 0 ? c : ESCAPES[next(ESCAPES.length)](c)}`).join('');
      const apiVersion = `"${body}v1alpha${next(3)}"`;
      const crlf = next(2) === 0;
      const document = next(3) === 0 ? `{apiVersion: ${apiVersion}, kind: Application, spec: {source: {repoURL: x, path: p}}}\n` : app(apiVersion);
      const text = crlf ? document.replace(/([^\r])\n/g, '$1\r\n') : document;
      if (argoObjects(FILE, text).length === 0) continue;
      read++;
      if (!filter(text)) missed.push(JSON.stringify(text));
    }
    expect(missed).toEqual([]);
    // the spellings are YAML the validator reads (the test says something)
    expect(read).toBeGreaterThan(250);
  });
});
