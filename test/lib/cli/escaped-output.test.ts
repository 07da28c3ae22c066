import * as fs from 'fs';
import * as path from 'path';
import { cleanTmpDirs, pavedInProcess, tmpDir, writeFiles } from '../../cli-util';
import { renderMarkdown, screenOf, visibleText } from '../../screen-util';

afterAll(cleanTmpDirs);

const APPS = 'prod/teams/payments/apps';
const DIGEST = `@sha256:${'1'.repeat(64)}`;
const application = (image: string) =>
  `apiVersion: core.oam.dev/v1beta1\nkind: Application\nmetadata:\n  name: orders\n  namespace: payments\nspec:\n  components:\n    - name: orders\n      type: webservice\n      properties:\n        image: ${JSON.stringify(image)}\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${JSON.stringify(name)}\n  namespace: payments\ndata:\n  a: "1"\n`;

/** A base tree and a head tree: the production image moves to another registry, and `planted` files are added beside it. */
function sides(planted: Record<string, string>): { base: string; head: string } {
  const base = tmpDir('paved-escaped-');
  const head = tmpDir('paved-escaped-');
  writeFiles(base, { [`${APPS}/orders/application-orders.yaml`]: application(`registry.example.com/payments/orders:1${DIGEST}`) });
  writeFiles(head, { [`${APPS}/orders/application-orders.yaml`]: application(`evil.example.net/orders:1${DIGEST}`), ...planted });
  return { base, head };
}

const FAKE = 'x\r\x1b[2K\x1b[1A\x1b[2K0 added, 0 removed, 0 changed\n\nNo change to the GitOps tree.<!--';

describe('what paved prints cannot be steered by the names it prints', () => {
  test('paved validate: a name with escape sequences cannot make the log show 0 error(s)', async () => {
    const dir = tmpDir('paved-escaped-');
    writeFiles(dir, {
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
      'cm.yaml': configMap('x\r\x1b[2K\x1b[3A\x1b[2K0 error(s), 0 warning(s)\x1b[8m'),
    });
    const run = await pavedInProcess(['validate', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout.includes('\x1b') || run.stdout.includes('\r')).toBe(false);
    const screen = await screenOf(run.stdout, 2000);
    const count = screen.find((row) => /^\d+ error\(s\)/.test(row));
    expect(count).toMatch(/^[1-9]\d* error\(s\), \d+ warning\(s\)$/);
    expect(screen.some((row) => /^0 error\(s\)/.test(row))).toBe(false);
    expect(screen.find((row) => row.includes('metadata.name'))).toContain('cm.yaml: ConfigMap payments/x\\r\\x1b[2K\\x1b[3A');
  });

  test('paved validate --format json: invisible characters a terminal would obey are escapes, and the JSON still reads back the same name', async () => {
    const dir = tmpDir('paved-escaped-');
    const name = 'x\u202e\u009b2K\u2028y';
    writeFiles(dir, { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n', 'cm.yaml': configMap(name) });
    const run = await pavedInProcess(['validate', dir, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(/[\u0080-\u009f\u2028\u202e]/u.test(run.stdout)).toBe(false);
    const report = JSON.parse(run.stdout) as { errors: number; findings: { file: string; object: string; field: string }[] };
    expect(report.errors).toBeGreaterThanOrEqual(1);
    expect(report.findings).toContainEqual(expect.objectContaining({ file: 'cm.yaml', object: `ConfigMap payments/${name}`, field: 'metadata.name' }));
  });

  test('paved diff: a planted name or file name is one escaped line in the text, and literal text in the Markdown', async () => {
    const { base, head } = sides({
      [`${APPS}/orders/configmap-a.yaml`]: configMap(FAKE),
      [`${APPS}/orders/\x1b[2K<!--.yaml`]: configMap('b'),
    });
    const text = await pavedInProcess(['diff', head, '--base-dir', base]);
    expect(text.code).toBe(1);
    expect(text.stdout.includes('\x1b') || text.stdout.includes('\r')).toBe(false);
    const screen = await screenOf(text.stdout, 2000);
    expect(screen).toHaveLength(text.stdout.trimEnd().split('\n').length);
    expect(screen[0]).toMatch(/^2 added, 0 removed, 1 changed/);
    expect(screen.some((row) => row.startsWith('  ! [prod] Application payments/orders: image from a registry the app did not pull from before'))).toBe(true);
    // the planted name shows where paved puts it, escaped: the API server would refuse it (needs review), and it is added
    expect(screen.filter((row) => row.includes('No change to the GitOps tree'))).toEqual([
      expect.stringMatching(/^ {2}! \[prod\] ConfigMap payments\/x\\r\\x1b\[2K.*: the API server refuses it, so Argo CD cannot sync it: metadata\.name: /),
      expect.stringMatching(/^ {2}\+ \[prod\] ConfigMap payments\/x\\r\\x1b\[2K/),
    ]);

    const markdown = await pavedInProcess(['diff', head, '--base-dir', base, '--format', 'markdown', '--full-diff-url', 'https://ci.example.com/run/1/full-diff.txt']);
    expect(markdown.code).toBe(1);
    const html = renderMarkdown(markdown.stdout);
    expect(html).not.toMatch(/<!--/);
    // the comment's own headings only: paved diff, releases (the image moved), needs review, added, changed
    expect(html.match(/<h[1-6][\s>]/g)).toHaveLength(5);
    expect(html).toMatch(/<h4>Releases \(1\)<\/h4>\n<ul>\n<li><code>\[prod\] payments\/orders in prod: [^<]* → [^<]*<\/code><\/li>/);
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://ci.example.com/run/1/full-diff.txt']);
    expect(visibleText(html)).toContain('image from a registry the app did not pull from before: registry.example.com → evil.example.net');
  });

  test('paved diff --format markdown refuses a link that is not http(s), and a comment whose needs review cannot fit (exit 2)', async () => {
    const { base, head } = sides({});
    const bad = await pavedInProcess(['diff', head, '--base-dir', base, '--format', 'markdown', '--full-diff-url', 'javascript:alert(1)']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('paved diff: --full-diff-url "javascript:alert(1)" is not allowed: an http:// or https:// URL (where CI keeps the full diff)\n');
    expect(bad.stdout).toBe('');

    const claims: Record<string, string> = {};
    for (let i = 0; i < 300; i++)
      claims[`${APPS}/app-${i}/postgresqlinstance-db-${i}.yaml`] =
        `apiVersion: db.example.com/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: db-${i}\n  namespace: payments\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=false\n`;
    const many = tmpDir('paved-escaped-');
    const none = tmpDir('paved-escaped-');
    writeFiles(many, claims);
    fs.mkdirSync(path.join(none, 'prod'), { recursive: true });
    const tooLarge = await pavedInProcess(['diff', none, '--base-dir', many, '--format', 'markdown']);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stdout).toBe('');
    expect(tooLarge.stderr).toMatch(
      /^paved diff: the comment's "needs review" alone \(300 items, with its heading and the summary\) needs [\d,]+ characters, over the limit of 60,000: it is not written/,
    );
    // the same diff as text is whole
    const whole = await pavedInProcess(['diff', none, '--base-dir', many]);
    expect(whole.code).toBe(1);
    expect(whole.stdout.match(/^ {2}! \[prod\] PostgreSQLInstance/gm)).toHaveLength(300);
  });
});
