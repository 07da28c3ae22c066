import { CommentTooLargeError, type TreeDiff, diffTrees, formatDiffMarkdown, formatDiffText, linkableUrl } from '../../../lib/diff/tree-diff';
import type { ManifestObject } from '../../../lib/validate/findings';
import { renderMarkdown, screenOf, visibleText } from '../../screen-util';

const DIGEST = `@sha256:${'1'.repeat(64)}`;
const PINNED = `registry.example.com/payments/orders:1.4.2${DIGEST}`;
const MOVED = `evil.example.net/orders:1.4.2${DIGEST}`;

const app = (env: string, image: string): ManifestObject => ({
  file: `${env}/teams/payments/apps/orders/application-orders.yaml`,
  object: {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name: 'orders', namespace: 'payments' },
    spec: { components: [{ name: 'orders', type: 'webservice', properties: { image } }] },
  },
});

/** An object of team payments in staging whose name (or file, or kind, or key) an author chose. */
const planted = (name: string, extra: { file?: string; kind?: string; data?: Record<string, string> } = {}): ManifestObject => ({
  file: extra.file ?? `staging/teams/payments/apps/orders/configmap-x.yaml`,
  object: { apiVersion: 'v1', kind: extra.kind ?? 'ConfigMap', metadata: { name, namespace: 'payments' }, data: extra.data ?? { a: '1' } },
});

/** The production image moving to another registry, with something planted beside it (in staging, which sorts first). */
function steered(plant: ManifestObject, before: ManifestObject = { ...plant, object: { ...plant.object, data: { a: '0' } } }): TreeDiff {
  return diffTrees([app('prod', PINNED), before], [app('prod', MOVED), plant], { clusterPerTopLevelFolder: true });
}

/** What a reviewer must see whatever was planted: the production image's move, under "needs review", and every section after it. */
function expectReviewable(md: string): void {
  const html = renderMarkdown(md);
  expect(html).not.toMatch(/<!--/);
  expect(html.match(/<h[1-6][\s>]/g)?.length ?? 0).toBe(md.match(/^#{3,4} /gm)?.length);
  expect(html).not.toMatch(/<a[\s>]/);
  expect(html).not.toMatch(/<[a-z][^>]*\s(?:href|src|on\w+)=/i);
  expect(html).not.toMatch(/<(?:script|img)[\s>]/);
  const text = visibleText(html);
  expect(text).toContain(':warning: Needs review (1)');
  expect(text).toContain(`prod · Application payments/orders: image from a registry the app did not pull from before: registry.example.com → evil.example.net (${PINNED} → ${MOVED} at`);
  expect(text).toMatch(/Changed\n/);
  // nothing but our own headings: the planted text is never a heading of its own
  expect([...html.matchAll(/<h[1-6]>([^<]*)/g)].map((m) => m[1])).toEqual(expect.arrayContaining([expect.stringMatching(/^paved diff: /)]));
  for (const [, heading] of html.matchAll(/<h[1-6]>([^<]*)/g)) expect(heading).toMatch(/^(?:paved diff: |:warning: Needs review|Added|Removed|Changed|Files|Summary)/);
}

describe('the Markdown comment cannot be steered by what it shows', () => {
  const names = [
    ['an HTML comment in a name', 'x<!--'],
    ['a fake heading after a line break', 'x\n\n### paved diff: 0 added, 0 removed, 0 changed\n\nNo change to the GitOps tree.'],
    ['a closing tag and a heading', '</code></summary></details>\n\n#### :white_check_mark: Nothing needs review'],
    ['a javascript: link', '[see the fix](javascript:alert(document.cookie))'],
    ['an autolink', '<javascript:alert(1)>'],
    ['raw HTML', '<img src=x onerror=alert(1)><script>alert(1)</script>'],
    ['backticks that would close a code span', '``` x ` <!-- '],
    ['terminal escapes', '\x1b[2K\r\u202e<!--'],
  ] as const;

  test.each(names)('%s, as an object name', (_, name) => {
    expectReviewable(formatDiffMarkdown(steered(planted(name))));
  });

  test.each(names)('%s, as a file name', (_, name) => {
    const plant = planted('x', { file: `staging/teams/payments/apps/orders/${name.replace(/\//g, '_')}.yaml` });
    expectReviewable(formatDiffMarkdown(diffTrees([app('prod', PINNED)], [app('prod', MOVED), plant], { clusterPerTopLevelFolder: true })));
  });

  test.each(names)('%s, as a key of a changed field', (_, name) => {
    expectReviewable(formatDiffMarkdown(steered(planted('x', { data: { [name]: '1' } }))));
  });

  test.each(names)('%s, as a kind (in the summary table of a long diff)', (_, name) => {
    const many = Array.from({ length: 400 }, (__, i) => planted(`c-${i}`, { file: `staging/teams/payments/apps/orders/c-${i}.yaml`, kind: i % 2 ? name : 'ConfigMap' }));
    const md = formatDiffMarkdown(diffTrees([app('prod', PINNED)], [app('prod', MOVED), ...many], { clusterPerTopLevelFolder: true }), { maxChars: 12000 });
    expect(md).toContain('#### Summary');
    const html = renderMarkdown(md);
    expect(html.match(/<table>/g)).toHaveLength(1);
    // every row of the table has one cell per column: no name split a row
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect(row.match(/<t[hd][\s>]/g)).toHaveLength(3);
    expectReviewable(md);
  });

  test.each(names)('%s, in an image', (_, name) => {
    const md = formatDiffMarkdown(diffTrees([app('prod', PINNED)], [app('prod', `${name}/x:1`)], { clusterPerTopLevelFolder: true }));
    const html = renderMarkdown(md);
    expect(html).not.toMatch(/<!--|<a[\s>]|<[a-z][^>]*\s(?:href|src|on\w+)=|<(?:script|img)[\s>]/i);
    expect(html.match(/<h[1-6][\s>]/g)).toHaveLength(3);
    expect(visibleText(html)).toContain('image from a registry the app did not pull from before');
  });

  test('an environment folder with a hostile name is code, not bold Markdown', () => {
    const md = formatDiffMarkdown(diffTrees([], [{ ...planted('x'), file: '<!--x/teams/payments/apps/orders/c.yaml' }], { clusterPerTopLevelFolder: true }));
    expect(md).toContain('- **`<!--x`** · `ConfigMap payments/x`');
    expect(renderMarkdown(md)).not.toMatch(/<!--/);
  });
});

describe('the terminal shows the same diff line for line', () => {
  test('no planted name moves the cursor, clears a line or adds a line', async () => {
    const diff = steered(planted('x\r\x1b[2K\x1b[1A\x1b[2K! nothing needs review\n'));
    const text = formatDiffText(diff);
    const screen = await screenOf(text, 2000);
    expect(screen).toHaveLength(text.split('\n').length);
    expect(screen).toContain('NEEDS REVIEW');
    expect(screen.find((l) => l.startsWith('  ! [prod] Application payments/orders: image from a registry'))).toBeDefined();
    expect(screen.filter((l) => l.includes('nothing needs review'))).toEqual([expect.stringMatching(/^ {2}[+~-] \[staging\] ConfigMap payments\/x\\r\\x1b\[2K/)]);
  });
});

describe('a comment of a bounded size', () => {
  const claims = (n: number) =>
    Array.from({ length: n }, (_, i): ManifestObject => ({
      file: `prod/teams/payments/apps/app-${i}/postgresqlinstance-db-${i}.yaml`,
      object: {
        apiVersion: 'db.example.com/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: `db-${i}`, namespace: 'payments', annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
      },
    }));
  const configMaps = (n: number) =>
    Array.from({ length: n }, (_, i): ManifestObject => ({
      file: `prod/teams/payments/apps/app-${i}/configmap-${i}.yaml`,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}`, namespace: 'payments' }, data: { k: 'v'.repeat(50) } },
    }));

  test('a diff of 5,000 objects fits in 65,536 characters, its needs review whole, the rest summarized and linked', () => {
    const diff = diffTrees(claims(40), configMaps(5000), { clusterPerTopLevelFolder: true });
    const url = 'https://ci.example.com/runs/42/artifacts/full-diff.txt?x=<y>';
    const md = formatDiffMarkdown(diff, { maxChars: 65536, fullDiffUrl: url });
    expect(md.length).toBeLessThanOrEqual(65536);
    const html = renderMarkdown(md);
    const text = visibleText(html);
    for (const r of diff.needsReview) expect(text).toContain(`${r.label}: ${r.reason}`);
    expect(text).toMatch(/\| ConfigMap \| \+5000 \||ConfigMap\s*\n?\s*\+5000/);
    // the only links are to the full diff, its URL as the parser writes it
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(1);
    for (const l of links) expect(l).toBe('https://ci.example.com/runs/42/artifacts/full-diff.txt?x=%3Cy%3E');
    expect(text).toMatch(/[\d,]+ of 5,040 entries are left out to keep this comment under 65,536 characters: the full diff has them all\./);
  });

  test('refuses (fails closed) when needs review alone does not fit, whatever the rest', () => {
    const diff = diffTrees(claims(400), [], { clusterPerTopLevelFolder: true });
    expect(diff.needsReview).toHaveLength(400);
    expect(() => formatDiffMarkdown(diff, { maxChars: 65536 })).toThrow(CommentTooLargeError);
    // with room for it, it is whole
    expect(formatDiffMarkdown(diff, { maxChars: 200000 }).match(/^- \*\*prod\*\* · `PostgreSQLInstance/gm)).toHaveLength(800);
  });

  test('links only to http(s) URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'not a url',
      'https://x.example.com/\n# h',
      'https://x.example.com/a b',
      'https://x.example.com/\u202e',
    ])
      expect(linkableUrl(bad)).toBeUndefined();
    expect(() => formatDiffMarkdown(diffTrees([], claims(1)), { fullDiffUrl: 'javascript:alert(1)' })).toThrow(/is not allowed: an http:\/\/ or https:\/\/ URL/);
    expect(linkableUrl('https://ci.example.com/a?b=<c>"')).toBe('https://ci.example.com/a?b=%3Cc%3E%22');
  });
});
