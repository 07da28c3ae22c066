/**
 * Many pull requests at once, played with real Git repositories: a bare
 * central repository (the forge), clones for each author, the forge's merges
 * and the platform's CI on main (`paved publish`). Git's identity and every
 * commit date are fixed, every process has a time budget, and the temporary
 * folders are removed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type OrgProps } from '../../lib';
import { ORG_PROPS } from '../util';
import { type CliRun, ROOT, cleanTmpDirs, tmpDir, writeFiles } from '../cli-util';
import { appModule, branchFiles, commitAll, folderFiles, git, pavedIn, platformFiles, tryGit } from '../git-util';

afterAll(cleanTmpDirs);
// each scenario runs a dozen paved and git processes (each held to its own budget): minutes on a loaded 2-core machine
jest.setTimeout(900_000);

const DAY = 86_400;
/** 2026-06-01T12:00:00Z and the days after it: every commit's date. */
const day = (n: number) => 1_780_315_200 + n * DAY;
const iso = (n: number) => new Date(day(n) * 1000).toISOString().slice(0, 10);

/** The org: payments (with a cost centre), search, and mobile, which proposes its apps from its own repository. */
const ORG: OrgProps = {
  ...ORG_PROPS,
  teams: [
    ...ORG_PROPS.teams.map((t) => (t.name === 'payments' ? { ...t, costCentre: 'cc-100' } : t)),
    { name: 'mobile', ownerGroup: 'mobile-engineers', zone: 'mobile.example.com', secretPrefix: 'teams/mobile/', appsRepository: 'https://github.com/example/mobile-apps.git' },
  ],
};

/** The files only the published tree holds. */
const PUBLISHED_ONLY = ['CATALOG.md', 'catalog/last-changed.json'];

interface World {
  readonly dir: string;
  readonly central: string;
}

let base: World;

/** The platform as its first commit made it, synthesized, committed, pushed and published. */
function makeBase(): World {
  const dir = tmpDir('paved-prs-');
  const central = path.join(dir, 'central.git');
  git(dir, ['init', '--quiet', '--bare', '-b', 'main', central]);
  const admin = cloneOf({ dir, central }, 'admin');
  writeFiles(admin, platformFiles(ORG, { 'payments/checkout.js': appModule('checkout', "database: { size: 'small', storageGB: 20 }"), 'search/search-api.js': appModule('search-api') }));
  expectOk(pavedIn(admin, ['synth']), 'synth');
  commitAll(admin, 'the platform', day(0));
  git(admin, ['push', '--quiet', 'origin', 'main']);
  expectOk(pavedIn(admin, ['publish', '--repo', central], day(0)), 'publish');
  return { dir, central };
}

/** A world of its own for one scenario: a copy of the base's central repository. */
function world(): World {
  const dir = tmpDir('paved-prs-');
  const central = path.join(dir, 'central.git');
  fs.cpSync(base.central, central, { recursive: true });
  return { dir, central };
}

function cloneOf(w: World, name: string): string {
  const clone = path.join(w.dir, name);
  if (!fs.existsSync(clone)) git(w.dir, ['clone', '--quiet', w.central, clone]);
  git(clone, ['fetch', '--quiet', 'origin']);
  return clone;
}

function expectOk(r: { code: number | null; stdout: string; stderr: string }, what: string): void {
  if (r.code !== 0) throw new Error(`${what} exited ${String(r.code)}:\n${r.stdout}\n${r.stderr}`);
}

/** An author's pull request: a branch from main as it is now, the edit, `paved synth`, one commit, pushed. */
function propose(w: World, branch: string, date: number, files: Record<string, string>): string {
  const clone = cloneOf(w, `author-${branch.replace(/\//g, '-')}`);
  git(clone, ['checkout', '--quiet', '-B', branch, 'origin/main']);
  writeFiles(clone, files);
  expectOk(pavedIn(clone, ['synth']), `synth on ${branch}`);
  const commit = commitAll(clone, `propose ${branch}`, date);
  git(clone, ['push', '--quiet', '--force', 'origin', branch]);
  return commit;
}

/** The forge merges a pull request into main with a merge commit: the files in conflict (none when it merged and pushed). */
function merge(w: World, branch: string, date: number): string[] {
  const forge = cloneOf(w, 'forge');
  git(forge, ['checkout', '--quiet', '-B', 'main', 'origin/main']);
  const r = tryGit(forge, ['merge', '--no-ff', '--quiet', '-m', `Merge ${branch}`, `origin/${branch}`], date);
  if (r.code !== 0) {
    const conflicts = git(forge, ['diff', '--name-only', '--diff-filter=U']).split('\n').filter(Boolean);
    git(forge, ['merge', '--abort']);
    if (conflicts.length === 0) throw new Error(`merge of ${branch} failed: ${r.stderr}`);
    return conflicts;
  }
  git(forge, ['push', '--quiet', 'origin', 'main']);
  return [];
}

/** The platform's CI on main: `paved publish` on main's newest commit, as its job runs it. */
function publishMain(w: World): { code: number | null; stdout: string; stderr: string; clone: string } {
  const ci = cloneOf(w, 'ci');
  git(ci, ['checkout', '--quiet', '--detach', 'origin/main']);
  return { ...pavedIn(ci, ['publish', '--repo', w.central]), clone: ci };
}

const publishedHead = (w: World) => git(w.central, ['rev-parse', 'refs/heads/published']).trim();

/**
 * The pull request's comment as CI computes it: on the merge of the branch
 * into main as it is now, the tree `paved publish --into` would publish,
 * against the published tree; the files of the objects and files it lists.
 */
function commentFiles(w: World, branch: string, date: number): string[] {
  const r = comment(w, branch, date);
  if ('conflicts' in r) throw new Error(`${branch} does not merge into main: ${r.conflicts.join(', ')}`);
  return r.files;
}

/** The merge result of a branch into main as it is now, checked out in a clone of its own; or the files in conflict. */
function mergeResult(w: World, branch: string, date: number): { clone: string } | { conflicts: string[] } {
  const pr = cloneOf(w, `pr-${branch.replace(/\//g, '-')}`);
  git(pr, ['checkout', '--quiet', '-B', 'merge-result', 'origin/main']);
  if (tryGit(pr, ['merge', '--no-ff', '--quiet', '-m', `Merge ${branch} into main`, `origin/${branch}`], date).code !== 0) {
    const conflicts = git(pr, ['diff', '--name-only', '--diff-filter=U']).split('\n').filter(Boolean);
    git(pr, ['merge', '--abort']);
    return { conflicts };
  }
  return { clone: pr };
}

/** CI's check of a pull request's merge result: everything paved publish checks, nothing pushed (`paved publish --into`). */
function mergeResultCheck(w: World, branch: string, date: number): CliRun {
  const r = mergeResult(w, branch, date);
  if ('conflicts' in r) throw new Error(`${branch} does not merge into main: ${r.conflicts.join(', ')}`);
  return pavedIn(r.clone, ['publish', '--into', path.join(tmpDir('paved-prs-'), 'next')]);
}

/** {@link commentFiles}, or the files in conflict when the branch does not merge (the forge makes no merge result then). */
function comment(w: World, branch: string, date: number): { files: string[] } | { conflicts: string[] } {
  const result = mergeResult(w, branch, date);
  if ('conflicts' in result) return result;
  const pr = result.clone;
  const scratch = tmpDir('paved-prs-');
  expectOk(pavedIn(pr, ['publish', '--into', path.join(scratch, 'next')]), `publish --into for ${branch}`);
  git(pr, ['worktree', 'add', '--quiet', '--detach', path.join(scratch, 'published'), 'origin/published']);
  const r = pavedIn(pr, ['diff', path.join(scratch, 'next'), '--base-dir', path.join(scratch, 'published', 'gitops'), '--format', 'json']);
  git(pr, ['worktree', 'remove', '--force', path.join(scratch, 'published')]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`paved diff for ${branch} exited ${String(r.code)}: ${r.stderr}`);
  const diff = JSON.parse(r.stdout) as { added: { file: string }[]; removed: { file: string }[]; changed: { file: string }[]; files: { file: string }[] };
  return { files: [...new Set([...diff.added, ...diff.removed, ...diff.changed, ...diff.files].map((e) => e.file))].sort() };
}

/** Whether a file of the tree is one a pull request that adds (or changes) app `team/app` changes: its folders, its policy, the indexes. */
const ownFile = (team: string, app: string) => (file: string) =>
  new RegExp(`^([^/]+/teams/${team}/apps/${app}/|catalog/teams/${team}/apps/${app}/|[^/]+/teams/${team}/tenant/namespaces/${team}/networkpolicy-app-${app}\\.yaml$)`).test(file) ||
  ['catalog/location.yaml', ...PUBLISHED_ONLY].includes(file);

/** The published tree equals what synth writes into the committed tree of `clone`'s checkout, plus the index files only it holds. */
function expectPublishedIsSynth(w: World, clone: string): void {
  const scratch = path.join(tmpDir('paved-prs-'), 'gitops');
  fs.cpSync(path.join(clone, 'gitops'), scratch, { recursive: true });
  expectOk(pavedIn(clone, ['synth', '--out', scratch]), 'synth into a copy');
  const published = branchFiles(w.central, 'published', 'gitops');
  const synthesized = folderFiles(scratch);
  expect([...published.keys()].filter((f) => !PUBLISHED_ONLY.includes(f))).toEqual([...synthesized.keys()]);
  for (const [file, text] of synthesized) expect(published.get(file)).toBe(text);
  for (const file of PUBLISHED_ONLY) expect(published.has(file)).toBe(true);
}

beforeAll(() => {
  base = makeBase();
});

describe('many pull requests at once', () => {
  test.each([
    ['the same team', ['payments', 'orders'], ['payments', 'refunds']],
    ['two teams', ['payments', 'orders'], ['search', 'indexer']],
  ])('two pull requests that add an app each to %s: each comment shows its own app only, before and after main moved; main publishes exactly what synth writes', (_, [teamA, appA], [teamB, appB]) => {
    const w = world();
    propose(w, 'add-a', day(1), { [`platform/apps/${teamA}/${appA}.js`]: appModule(appA) });
    propose(w, 'add-b', day(1), { [`platform/apps/${teamB}/${appB}.js`]: appModule(appB) });
    for (const [branch, team, app] of [
      ['add-a', teamA, appA],
      ['add-b', teamB, appB],
    ]) {
      const files = commentFiles(w, branch, day(2));
      expect(files.some((f) => f.startsWith(`prod/teams/${team}/apps/${app}/`))).toBe(true);
      expect(files.filter((f) => !ownFile(team, app)(f))).toEqual([]);
    }
    expect(merge(w, 'add-a', day(2))).toEqual([]);
    const first = publishMain(w);
    expectOk(first, `publish of main with ${appA}`);
    expectPublishedIsSynth(w, first.clone);

    // main moved: the other pull request's comment is recomputed on its merge result with main as it is now
    const again = comment(w, 'add-b', day(3));
    if ('conflicts' in again) throw new Error(`the second pull request conflicts with main in ${again.conflicts.join(', ')}`);
    // it shows its own app only (the first app, published meanwhile, is not "removed")
    expect(again.files.some((f) => f.startsWith(`prod/teams/${teamB}/apps/${appB}/`))).toBe(true);
    expect(again.files.filter((f) => !ownFile(teamB, appB)(f))).toEqual([]);
    expect(merge(w, 'add-b', day(3))).toEqual([]);
    const second = publishMain(w);
    expectOk(second, `publish of main with ${appA} and ${appB}`);
    expectPublishedIsSynth(w, second.clone);
    // each app's last change is the day its pull request landed on main; the app neither touched keeps its day
    const changed = JSON.parse(git(w.central, ['show', 'published:gitops/catalog/last-changed.json'])) as Record<string, { date: string }>;
    expect([changed[`${teamA}/${appA}`].date, changed[`${teamB}/${appB}`].date, changed['payments/checkout'].date]).toEqual([iso(2), iso(3), iso(0)]);
    // one published commit per source commit, each naming it; a second run on the same commit makes none
    const log = git(w.central, ['log', '--format=%s', 'published']).trim().split('\n');
    expect(log).toEqual([
      expect.stringMatching(/^Publish [0-9a-f]{12}: Merge add-b$/),
      expect.stringMatching(/^Publish [0-9a-f]{12}: Merge add-a$/),
      expect.stringMatching(/^Publish [0-9a-f]{12}: the platform$/),
    ]);
    const head = publishedHead(w);
    expect(publishMain(w).stdout).toContain('already published');
    expect(publishedHead(w)).toBe(head);
  });

  test('two callers of one service: the callee consents to both, the pull requests merge without conflict and the callee keeps both callers', () => {
    const w = world();
    // search-api consents to callers from payments (one change, merged first)
    propose(w, 'consent', day(1), { 'platform/apps/search/search-api.js': appModule('search-api', "callableBy: ['payments']") });
    expect(merge(w, 'consent', day(1))).toEqual([]);
    expectOk(publishMain(w), 'publish of the consent');
    propose(w, 'orders-calls', day(2), { 'platform/apps/payments/orders.js': appModule('orders', "calls: [{ team: 'search', app: 'search-api' }]") });
    propose(w, 'refunds-calls', day(2), { 'platform/apps/payments/refunds.js': appModule('refunds', "calls: [{ team: 'search', app: 'search-api' }]") });
    expect(merge(w, 'orders-calls', day(3))).toEqual([]);
    expect(merge(w, 'refunds-calls', day(3))).toEqual([]);
    const published = publishMain(w);
    expectOk(published, 'publish of both callers');
    expectPublishedIsSynth(w, published.clone);
    // the callee's namespace lets both callers in (however its policies are split: per app or per call)
    const policies = [...branchFiles(w.central, 'published', 'gitops/prod/teams/search/tenant/namespaces/search')].filter(([f]) => f.startsWith('networkpolicy-')).map(([, text]) => text);
    expect(policies.some((text) => text.includes('orders'))).toBe(true);
    expect(policies.some((text) => text.includes('refunds'))).toBe(true);
  });

  const withQuota =
    (pods: number) =>
    (org: OrgProps): OrgProps => ({
      ...org,
      teams: org.teams.map((t) => (t.name === 'payments' ? { ...t, quotas: { staging: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods } } } : t)),
    });
  test.each<[string, (org: OrgProps) => OrgProps, string, string]>([
    ['a team quota lowered', withQuota(1), '', 'quotas.staging.pods = 1 is not allowed: at least what the apps in namespace payments ask for, 2 (checkout 1, orders 1)'],
    ['registries narrowed', (org) => ({ ...org, images: { registries: ['registry.example.com'] } }), "image: 'docker.io/acme/orders:1.0.0'", 'docker.io/acme/orders:1.0.0'],
  ])('%s and a new app, each valid alone, merge cleanly; the merged main fails synth: it is not published and the published branch does not move', (_, change, props, refusal) => {
    const w = world();
    propose(w, 'org-change', day(1), { 'platform/org.json': `${JSON.stringify(change(ORG), null, 2)}\n` });
    propose(w, 'add-orders', day(1), { 'platform/apps/payments/orders.js': appModule('orders', props) });
    expect(merge(w, 'org-change', day(2))).toEqual([]);
    expectOk(publishMain(w), 'publish of the org change');
    const before = publishedHead(w);
    // the app's pull request checked again on its merge result, now that main moved (the merge queue, or a re-run when the base
    // moves): the same checks as paved publish, and they refuse it, so it cannot merge
    const gate = mergeResultCheck(w, 'add-orders', day(3));
    expect(gate.code).toBe(1);
    expect(gate.stderr).toContain(refusal);
    // a forge without that gate merges it all the same (its checks passed when they ran, on main as it was)
    expect(merge(w, 'add-orders', day(3))).toEqual([]);
    const r = publishMain(w);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^paved publish: synth refuses [0-9a-f]{12} \(\d+ problem\(s\)\); nothing published:$/m);
    expect(r.stderr).toContain(refusal);
    expect(publishedHead(w)).toBe(before);
    // main fixed by the next merge (the org change reverted): published
    propose(w, 'revert', day(4), { 'platform/org.json': `${JSON.stringify(ORG, null, 2)}\n` });
    expect(merge(w, 'revert', day(4))).toEqual([]);
    const fixed = publishMain(w);
    expectOk(fixed, 'publish of the fixed main');
    expectPublishedIsSynth(w, fixed.clone);
    expect(git(w.central, ['log', '-1', '--format=%s', 'published']).trim()).toMatch(/^Publish [0-9a-f]{12}: Merge revert$/);
  });

  test('a cost centre changed and a new app with a database merge cleanly; the merged tree is not what synth writes: not published until main is synthesized again', () => {
    const w = world();
    const org = { ...ORG, teams: ORG.teams.map((t) => (t.name === 'payments' ? { ...t, costCentre: 'cc-200' } : t)) };
    propose(w, 'cost-centre', day(1), { 'platform/org.json': `${JSON.stringify(org, null, 2)}\n` });
    propose(w, 'add-ledger', day(1), { 'platform/apps/payments/ledger.js': appModule('ledger', "database: { size: 'small', storageGB: 20 }") });
    expect(merge(w, 'cost-centre', day(2))).toEqual([]);
    expect(merge(w, 'add-ledger', day(2))).toEqual([]);
    const before = publishedHead(w);
    const r = publishMain(w);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gitops as committed in [0-9a-f]{12} is not what synth writes \(\d+ file\(s\)\); run paved synth and commit; nothing published/);
    expect(r.stderr).toMatch(/~ (staging|prod)\/teams\/payments\/apps\/ledger\/postgresqlinstance-ledger-db\.yaml/);
    expect(publishedHead(w)).toBe(before);
    // the fix: main synthesized again and committed; then it is published, exactly as synth writes it
    propose(w, 'resynth', day(3), {});
    expect(merge(w, 'resynth', day(3))).toEqual([]);
    const fixed = publishMain(w);
    expectOk(fixed, 'publish after the fix');
    expectPublishedIsSynth(w, fixed.clone);
    expect(git(w.central, ['show', 'published:gitops/prod/teams/payments/apps/ledger/postgresqlinstance-ledger-db.yaml'])).toContain('paved.dev/cost-centre: cc-200');
  });

  test("a team repository's branch behind main merges cleanly; its comment shows only the team's apps; main publishes what synth writes", () => {
    const w = world();
    // the team's repository synthesizes its part with the org the platform publishes
    const team = path.join(w.dir, 'mobile-apps');
    writeFiles(team, {
      'package.json': `${JSON.stringify({ name: 'mobile-apps', private: true, paved: { definition: 'src/paved.js', org: 'org.json', out: 'out' } })}\n`,
      'org.json': git(w.central, ['show', 'main:gitops/org.json']),
      'src/paved.js': [
        "const path = require('path');",
        `const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib'))});`,
        "exports.apps = [{ team: 'mobile', apps: lib.loadAppDefinitions(path.join(__dirname, 'apps')) }];",
        '',
      ].join('\n'),
      'src/apps/mobile-bff.js': appModule('mobile-bff'),
    });
    expectOk(pavedIn(team, ['synth', '--team', 'mobile']), "the team's synth");
    const proposal: Record<string, string> = {};
    for (const [file, text] of folderFiles(path.join(team, 'out'))) if (/^([^/]+\/teams|catalog\/teams)\/mobile\/apps\//.test(file)) proposal[`gitops/${file}`] = text;
    // the branch apps/mobile starts from main as it is now, then main moves on with another team's app
    propose(w, 'apps/mobile', day(1), proposal);
    propose(w, 'add-orders', day(1), { 'platform/apps/payments/orders.js': appModule('orders') });
    expect(merge(w, 'add-orders', day(2))).toEqual([]);
    expectOk(publishMain(w), 'publish of orders');
    const comment = commentFiles(w, 'apps/mobile', day(3));
    expect(comment.some((f) => f.startsWith('prod/teams/mobile/apps/mobile-bff/'))).toBe(true);
    // the team's first app: its apps Application, its catalog Location and its paths in ACCESS.md come with it
    const firstApp = (f: string) => /^[^/]+\/application-team-mobile-apps\.yaml$/.test(f) || ['catalog/teams/mobile/apps/location.yaml', 'ACCESS.md'].includes(f);
    expect(comment.filter((f) => !ownFile('mobile', 'mobile-bff')(f) && !firstApp(f))).toEqual([]);
    expect(merge(w, 'apps/mobile', day(3))).toEqual([]);
    const published = publishMain(w);
    expectOk(published, 'publish with the team repository’s apps');
    expectPublishedIsSynth(w, published.clone);
    expect(git(w.central, ['show', 'published:gitops/CATALOG.md'])).toMatch(/\| \[mobile-bff\]\(catalog\/teams\/mobile\/apps\/mobile-bff\/component-mobile-bff\.yaml\) .*\| 2026-06-04 \|$/m);
  });
});
