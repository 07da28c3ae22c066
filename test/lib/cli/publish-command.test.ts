import * as fs from 'fs';
import * as path from 'path';
import { type OrgProps } from '../../../lib';
import { publishMessage } from '../../../lib/cli/publish-command';
import { ORG_PROPS } from '../../util';
import { parse, stringify } from 'yaml';
import { ROOT, cleanTmpDirs, tmpDir, writeFiles } from '../../cli-util';
import { appModule, branchFiles, commitAll, folderFiles, git, pavedIn, platformFiles, tryGit } from '../../git-util';

afterAll(cleanTmpDirs);
// a publish synthesizes, validates and renders the tree of a small org: seconds each, more on a loaded machine
jest.setTimeout(600_000);

const DAY = 86_400;
const day = (n: number) => 1_780_315_200 + n * DAY;

const ORG: OrgProps = {
  ...ORG_PROPS,
  teams: [
    ...ORG_PROPS.teams,
    { name: 'mobile', ownerGroup: 'mobile-engineers', zone: 'mobile.example.com', secretPrefix: 'teams/mobile/', appsRepository: 'https://github.com/example/mobile-apps.git' },
  ],
};

/** A platform repository (its central bare repository and a clone), synthesized and committed on day 0, not published yet. */
function platform(files: Record<string, string> = {}): { dir: string; central: string; clone: string; source: string } {
  const dir = tmpDir('paved-publish-test-');
  const central = path.join(dir, 'central.git');
  git(dir, ['init', '--quiet', '--bare', '-b', 'main', central]);
  const clone = path.join(dir, 'clone');
  git(dir, ['clone', '--quiet', central, clone]);
  writeFiles(clone, { ...platformFiles(ORG, { 'payments/checkout.js': appModule('checkout') }), ...files });
  const synth = pavedIn(clone, ['synth']);
  if (synth.code !== 0) throw new Error(synth.stdout + synth.stderr);
  const source = commitAll(clone, 'the platform', day(0));
  git(clone, ['push', '--quiet', 'origin', 'main']);
  return { dir, central, clone, source };
}

const head = (repo: string, branch = 'published') => tryGit(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).stdout.trim();

describe('paved publish', () => {
  const p = platform();
  const first = pavedIn(p.clone, ['publish', '--repo', p.central]);

  test('commits the checked tree to the published branch: one commit, named and dated by its source commit, with the index files only it holds', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('gitops is exactly what synth writes');
    expect(first.stdout).toContain('0 error(s), 0 warning(s)');
    expect(first.stdout).toMatch(
      new RegExp(`^published ${p.source.slice(0, 12)} as [0-9a-f]{12} on published of ${p.central}: \\d+ files below gitops/, \\d+ changed since nothing \\(the first publication\\)`, 'm'),
    );
    const commit = head(p.central);
    expect(git(p.central, ['log', '-1', '--format=%an <%ae>|%cn <%ce>|%at|%ct|%P', commit]).trim()).toBe(
      `paved publish <paved-publish@noreply.invalid>|paved publish <paved-publish@noreply.invalid>|${day(0)}|${day(0)}|`,
    );
    expect(git(p.central, ['log', '-1', '--format=%B', commit]).trimEnd()).toBe(publishMessage({ hash: p.source, subject: 'the platform' }).trimEnd());
    expect(git(p.central, ['log', '-1', '--format=%(trailers:key=Paved-Source,valueonly)', commit]).trim()).toBe(p.source);
    // the tree is the committed tree, below the org's gitops.path, and the two index files; nothing else
    expect(git(p.central, ['ls-tree', '--name-only', commit]).trim()).toBe('gitops');
    const published = branchFiles(p.central, 'published', 'gitops');
    const committed = folderFiles(path.join(p.clone, 'gitops'));
    expect([...published.keys()].filter((f) => !['CATALOG.md', 'catalog/last-changed.json'].includes(f))).toEqual([...committed.keys()]);
    for (const [file, text] of committed) expect(published.get(file)).toBe(text);
    expect(JSON.parse(published.get('catalog/last-changed.json') ?? '')).toEqual({ 'payments/checkout': { date: '2026-06-01', commit: p.source } });
    expect(published.get('CATALOG.md')).toContain('| [checkout](catalog/teams/payments/apps/checkout/component-checkout.yaml) |');
    // the source's work tree and refs are untouched
    expect(git(p.clone, ['status', '--porcelain']).trim()).toBe('');
    expect(git(p.clone, ['for-each-ref', '--format=%(refname)']).trim().split('\n')).toEqual(['refs/heads/main', 'refs/remotes/origin/main']);
  });

  test('is deterministic: the same source published from another clone into another repository is the same commit', () => {
    const other = path.join(p.dir, 'other');
    git(p.dir, ['clone', '--quiet', p.central, other]);
    git(p.dir, ['init', '--quiet', '--bare', path.join(p.dir, 'other.git')]);
    const r = pavedIn(other, ['publish', '--repo', path.join(p.dir, 'other.git')], day(40));
    expect(r.code).toBe(0);
    expect(head(path.join(p.dir, 'other.git'))).toBe(head(p.central));
  });

  test('is idempotent: publishing the same commit again makes no commit, and synthesizes nothing', () => {
    const before = head(p.central);
    const r = pavedIn(p.clone, ['publish', '--repo', p.central]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`already published: published of ${p.central} is at ${before.slice(0, 12)}, made from ${p.source.slice(0, 12)}; nothing to do`);
    expect(r.stdout).not.toContain('synthesized');
    expect(head(p.central)).toBe(before);
  });

  test('publishes the next commit on the last publication, and refuses to move the branch back to an older one', () => {
    const before = head(p.central);
    writeFiles(p.clone, { 'platform/apps/payments/orders.js': appModule('orders') });
    expect(pavedIn(p.clone, ['synth']).code).toBe(0);
    const next = commitAll(p.clone, 'add orders', day(1));
    const r = pavedIn(p.clone, ['publish', '--repo', p.central]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\d+ changed since [0-9a-f]{12}/);
    const after = head(p.central);
    expect(git(p.central, ['log', '-1', '--format=%P|%s', after]).trim()).toBe(`${before}|Publish ${next.slice(0, 12)}: add orders`);
    expect(JSON.parse(git(p.central, ['show', 'published:gitops/catalog/last-changed.json']))['payments/orders']).toEqual({ date: '2026-06-02', commit: next });
    // the older commit again (a re-run of a slow job): refused, the branch stays
    git(p.clone, ['checkout', '--quiet', '--detach', p.source]);
    const older = pavedIn(p.clone, ['publish', '--repo', p.central]);
    git(p.clone, ['checkout', '--quiet', 'main']);
    expect(older.code).toBe(1);
    expect(older.stderr).toContain(`paved publish: published holds ${next.slice(0, 12)}, not an ancestor of ${p.source.slice(0, 12)}; nothing published:`);
    expect(older.stderr).toContain('would take back what');
    expect(head(p.central)).toBe(after);
  });

  test('refuses a checkout that is not its commit (a file changed, one added), naming them; nothing published', () => {
    const before = head(p.central);
    fs.appendFileSync(path.join(p.clone, 'platform', 'org.json'), '\n');
    fs.writeFileSync(path.join(p.clone, 'platform', 'apps', 'payments', 'draft.js'), appModule('draft'));
    const r = pavedIn(p.clone, ['publish', '--repo', p.central]);
    git(p.clone, ['checkout', '--quiet', '--', '.']);
    fs.rmSync(path.join(p.clone, 'platform', 'apps', 'payments', 'draft.js'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^paved publish: the checkout is not commit [0-9a-f]{12}: 2 file\(s\) differ from it \(.*\): paved publish publishes a commit, so commit \(or stash, or remove\) them first\n$/,
    );
    expect(r.stderr).toContain('platform/org.json');
    expect(r.stderr).toContain('platform/apps/payments/draft.js');
    expect(head(p.central)).toBe(before);
  });

  test('refuses a committed tree that is not what synth writes (a file edited by hand), naming it; the branch does not move', () => {
    const q = platform();
    const file = 'gitops/prod/teams/payments/apps/checkout/application-checkout.yaml';
    fs.appendFileSync(path.join(q.clone, file), '# edited by hand\n');
    commitAll(q.clone, 'edit the tree', day(1));
    const r = pavedIn(q.clone, ['publish', '--repo', q.central]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^paved publish: gitops as committed in [0-9a-f]{12} is not what synth writes \(1 file\(s\)\); run paved synth and commit; nothing published:$/m);
    expect(r.stderr).toContain(`  - ~ ${file.slice('gitops/'.length)}\n`);
    expect(head(q.central)).toBe('');
  });

  test('refuses a tree in which an Argo CD source follows another revision (an Application of the platform pinned to main)', () => {
    const q = platform({
      'platform/k8s.js': platformFiles(ORG, {})['platform/k8s.js'].replace(
        'exports.platform = util.minimalPlatform;',
        [
          'exports.platform = (env) => {',
          '  util.minimalPlatform(env);',
          "  new lib.ArgoApplication(env, 'Extra', { name: 'extra', project: 'platform', destinationNamespace: 'argocd', wave: 0,",
          "    source: { kind: 'git', repoURL: env.org.gitops.repoURL, revision: env.org.gitops.revision, path: `gitops/${env.environment.name}/platform/config`, recurse: true } });",
          '};',
        ].join('\n'),
      ),
    });
    const r = pavedIn(q.clone, ['publish', '--repo', q.central]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('paved publish: Argo CD sources of the tree follow another revision than published; nothing published:');
    expect(r.stderr).toContain('  - prod/application-extra.yaml: Application extra: targetRevision = "main" is not allowed: published, the branch paved publish writes');
    expect(head(q.central)).toBe('');
  });

  test('refuses what paved validate --render refuses though synth keeps it (a team repository proposes an app whose rendered pods request no CPU)', () => {
    const q = platform();
    // the team's repository synthesizes its app with the org the platform publishes
    const team = path.join(q.dir, 'mobile-apps');
    writeFiles(team, {
      'package.json': `${JSON.stringify({ name: 'mobile-apps', private: true, paved: { definition: 'src/paved.js', org: 'org.json', out: 'out' } })}\n`,
      'org.json': fs.readFileSync(path.join(q.clone, 'gitops', 'org.json'), 'utf8'),
      'src/paved.js': `const path = require('path');\nconst lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib'))});\nexports.apps = [{ team: 'mobile', apps: lib.loadAppDefinitions(path.join(__dirname, 'apps')) }];\n`,
      'src/apps/bare.js': appModule('bare'),
    });
    const teamSynth = pavedIn(team, ['synth', '--team', 'mobile']);
    expect(teamSynth.stderr).toBe('');
    const proposal: Record<string, string> = {};
    for (const [file, text] of folderFiles(path.join(team, 'out'))) if (/^([^/]+\/teams|catalog\/teams)\/mobile\/apps\//.test(file)) proposal[`gitops/${file}`] = text;
    // its production Application, edited after the synth: no CPU request (only the rendered pod shows it)
    const file = 'gitops/prod/teams/mobile/apps/bare/application-bare.yaml';
    const application = parse(proposal[file]) as { spec: { components: { properties: Record<string, unknown> }[] } };
    delete application.spec.components[0].properties.cpu;
    proposal[file] = `# Generated by paved (npm run synth) from the TypeScript definitions: do not edit.\n${stringify(application)}`;
    writeFiles(q.clone, proposal);
    const synth = pavedIn(q.clone, ['synth']);
    expect(synth.stderr).toBe('');
    commitAll(q.clone, 'mobile proposes bare', day(1));
    const r = pavedIn(q.clone, ['publish', '--repo', q.central]);
    expect(r.stdout).toMatch(
      /error \[policy\] prod\/teams\/mobile\/apps\/bare\/application-bare\.yaml: Deployment mobile\/bare \(rendered from .*\): spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: must be set/,
    );
    expect(r.stderr).toMatch(/^paved publish: paved validate --render finds errors in the tree of [0-9a-f]{12}; nothing published:$/m);
    expect(r.code).toBe(1);
    expect(head(q.central)).toBe('');
  });

  test('with --into, checks everything and writes the tree it would publish into a new folder; commits and pushes nothing', () => {
    const q = platform();
    const into = path.join(tmpDir('paved-publish-test-'), 'next');
    const r = pavedIn(q.clone, ['publish', '--into', into]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote the tree paved publish would publish for ${q.source.slice(0, 12)} to ${into} \\(\\d+ files; nothing committed or pushed\\)`, 'm'));
    const written = folderFiles(into);
    expect(written.get('catalog/last-changed.json')).toContain(q.source);
    expect(written.get('prod/teams/payments/apps/checkout/application-checkout.yaml')).toBe(
      fs.readFileSync(path.join(q.clone, 'gitops/prod/teams/payments/apps/checkout/application-checkout.yaml'), 'utf8'),
    );
    expect(head(q.central)).toBe('');
    // a folder that holds files is never written over
    const again = pavedIn(q.clone, ['publish', '--into', into]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not allowed: a folder that does not exist yet or is empty (nothing is overwritten)');
  });

  test.each([
    [['--branch', 'main'], '--branch main is not allowed: the branch pull requests merge into (gitops.revision); publish to gitops.publish.branch (published)'],
    [['--branch', 'a..b'], '--branch "a..b" is not allowed: a branch name'],
    [['--repo', '--upload-pack=x'], '--repo "--upload-pack=x" is not allowed: a Git URL or a path'],
  ])('refuses %j, publishing nothing', (args, message) => {
    const before = head(p.central);
    const r = pavedIn(p.clone, ['publish', '--repo', p.central, ...args]);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(1);
    expect(head(p.central)).toBe(before);
    expect(head(p.central, 'main')).toBe(git(p.central, ['rev-parse', 'main']).trim());
  });

  test('refuses a branch another hand wrote (no Paved-Source trailer)', () => {
    const q = platform();
    git(q.clone, ['push', '--quiet', 'origin', 'main:published']);
    const r = pavedIn(q.clone, ['publish', '--repo', q.central]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`paved publish: published of ${q.central} is at ${q.source.slice(0, 12)}, which paved publish did not make (no Paved-Source trailer); nothing published:`);
    expect(head(q.central)).toBe(q.source);
  });

  test('refuses a shallow clone: its history cannot say when each app last changed', () => {
    const shallow = path.join(p.dir, 'shallow');
    git(p.dir, ['clone', '--quiet', '--depth', '1', `file://${p.central}`, shallow]);
    git(p.dir, ['init', '--quiet', '--bare', path.join(p.dir, 'shallow.git')]);
    const r = pavedIn(shallow, ['publish', '--repo', path.join(p.dir, 'shallow.git')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a shallow clone: .*fetch-depth: 0 in actions\/checkout\); nothing published/);
    expect(head(path.join(p.dir, 'shallow.git'))).toBe('');
  });

  test('refuses to run outside a Git repository', () => {
    const dir = tmpDir('paved-publish-test-');
    writeFiles(dir, platformFiles(ORG, {}));
    const r = pavedIn(dir, ['publish']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`paved publish: ${dir} is not in a Git repository: paved publish publishes a commit of the source (run it in a checkout)\n`);
  });
});

test('the message names the source commit, with control characters of its subject taken out', () => {
  // ESC, BEL and the one-byte CSI (U+009B) a terminal would read as the start of a sequence
  const message = publishMessage({ hash: 'a'.repeat(40), subject: 'add \u001b[31morders\u0007\u009b2J' });
  expect(message.split('\n')[0]).toBe(`Publish ${'a'.repeat(12)}: add  [31morders  2J`);
  expect(message).toMatch(new RegExp(`\\nPaved-Source: ${'a'.repeat(40)}\\n$`));
});
