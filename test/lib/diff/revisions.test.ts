/**
 * `paved diff --base <ref>` on real Git repositories: a team's branch behind
 * main is compared with its merge base (what a merge brings), and the header
 * says which two revisions are compared.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { diffBaseOf, formatRevisions } from '../../../lib/diff/tree-diff';
import { HOSTILE_TEXT, nodes, sampleName, visibleText } from '../private/markdown-samples';
import { cleanTmpDirs, pavedInProcess, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
const commit = (dir: string, message: string) => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
};
const sha = (dir: string, ref: string) => git(dir, 'rev-parse', ref).trim();

/** An app of a team in prod, as a file of the tree. */
const app = (team: string, name: string, image = `${name}:1.0.0`) => ({
  [`gitops/prod/teams/${team}/apps/${name}/application-${name}.yaml`]: stringify({
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name, namespace: team },
    spec: { components: [{ name, type: 'webservice', properties: { image } }] },
  }),
});

/** A platform repository on main with one app per team; a team branch apps/mobile adding one; main then merging 21 apps of payments. */
function repoWithBranchBehind(): string {
  const dir = tmpDir('paved-revisions-');
  git(dir, 'init', '-q', '-b', 'main');
  // the platform's tree: a platform object beside the teams' apps
  writeFiles(dir, {
    ...app('mobile', 'bff'),
    ...app('payments', 'checkout'),
    'gitops/prod/platform/namespace-argocd.yaml': stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } }),
  });
  commit(dir, 'main');
  git(dir, 'checkout', '-q', '-b', 'apps/mobile');
  writeFiles(dir, app('mobile', 'push'));
  commit(dir, 'mobile: push');
  git(dir, 'checkout', '-q', 'main');
  for (let i = 0; i < 21; i++) writeFiles(dir, app('payments', `refunds-${i}`));
  commit(dir, 'payments: 21 apps');
  git(dir, 'checkout', '-q', 'apps/mobile');
  return dir;
}

describe('a branch behind its base', () => {
  test('is compared with its merge base: the base’s newer apps are not removals, the branch’s own change is all there is', async () => {
    const dir = repoWithBranchBehind();
    const r = await pavedInProcess(['diff', 'gitops', '--base', 'main'], dir);
    expect(r.code).toBe(1);
    const [summary, revisions] = r.stdout.split('\n');
    expect(summary).toBe('1 added, 0 removed, 0 changed (2 → 3 objects)');
    expect(revisions).toBe(
      `base: the merge base of main and HEAD (${sha(dir, 'main~1').slice(0, 12)}; main is at ${sha(dir, 'main').slice(0, 12)}); head: the folder gitops at HEAD (${sha(dir, 'HEAD').slice(0, 12)})`,
    );
    expect(r.stdout).toContain('+ [prod] Application mobile/push');
    expect(r.stdout).not.toContain('refunds');
  });

  test('scoped to the team, in Markdown: the header says the scope and both revisions', async () => {
    const dir = repoWithBranchBehind();
    const r = await pavedInProcess(['diff', 'gitops', '--base', 'main', '--team', 'mobile', '--format', 'markdown'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('### paved diff: 1 added, 0 removed, 0 changed (1 → 2 objects)');
    expect(lines).toContain('_Scope: team `mobile` only (`<env>/teams/mobile/apps/` and `catalog/teams/mobile/apps/`, on both sides)._');
    expect(lines).toContain(
      `_Base: the merge base of main and HEAD (${sha(dir, 'main~1').slice(0, 12)}; main is at ${sha(dir, 'main').slice(0, 12)}) · head: the folder gitops at HEAD (${sha(dir, 'HEAD').slice(0, 12)})._`,
    );
    const json = JSON.parse((await pavedInProcess(['diff', 'gitops', '--base', 'main', '--format', 'json'], dir)).stdout) as {
      revisions: { base: string; head: string };
      summary: { removed: number };
    };
    expect(json.summary.removed).toBe(0);
    expect(json.revisions.base).toMatch(/^the merge base of main and HEAD/);
  });

  test('after merging its base in, it shows its own change only, against the base itself', async () => {
    const dir = repoWithBranchBehind();
    git(dir, 'merge', '-q', '--no-edit', 'main');
    const r = await pavedInProcess(['diff', 'gitops', '--base', 'main'], dir);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      '1 added, 0 removed, 0 changed (23 → 24 objects)',
      `base: main (${sha(dir, 'main').slice(0, 12)}); head: the folder gitops at HEAD (${sha(dir, 'HEAD').slice(0, 12)})`,
    ]);
  });
});

describe('the revisions a diff states', () => {
  test('an ancestor is compared as it is; uncommitted changes are said', async () => {
    const dir = repoWithBranchBehind();
    expect(diffBaseOf(path.join(dir, 'gitops'), 'HEAD~1')).toEqual({ commit: sha(dir, 'HEAD~1'), description: `HEAD~1 (${sha(dir, 'HEAD~1').slice(0, 12)})` });
    writeFiles(dir, app('mobile', 'push', 'push:2.0.0'));
    const r = await pavedInProcess(['diff', 'gitops'], dir);
    expect(r.stdout.split('\n')[1]).toBe(`base: HEAD (${sha(dir, 'HEAD').slice(0, 12)}); head: the folder gitops at HEAD (${sha(dir, 'HEAD').slice(0, 12)}) with uncommitted changes`);
  });

  test('a base without history in common is compared as it is, and said so', () => {
    const dir = repoWithBranchBehind();
    git(dir, 'checkout', '-q', '--orphan', 'elsewhere');
    commit(dir, 'unrelated');
    expect(diffBaseOf(path.join(dir, 'gitops'), 'main')).toEqual({ commit: sha(dir, 'main'), description: `main (${sha(dir, 'main').slice(0, 12)}; no history in common with HEAD)` });
  });

  test('folders are said as folders, with their commit when they are in a repository', async () => {
    const dir = repoWithBranchBehind();
    const outside = tmpDir('paved-revisions-out-');
    writeFiles(outside, app('mobile', 'push'));
    const r = await pavedInProcess(['diff', path.join(outside, 'gitops'), '--base-dir', 'gitops'], dir);
    // (a tree of one team's folders only is scoped to that team)
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      'scope: team mobile only (<env>/teams/mobile/apps/ and catalog/teams/mobile/apps/, on both sides)',
      `base: the folder gitops at HEAD (${sha(dir, 'HEAD').slice(0, 12)}); head: the folder ${path.relative(dir, path.join(outside, 'gitops'))}`,
    ]);
  });

  test('fails as before on a revision that does not exist', () => {
    const dir = repoWithBranchBehind();
    expect(() => diffBaseOf(path.join(dir, 'gitops'), 'origin/main')).toThrow(expect.objectContaining({ problem: 'unknown-revision', where: 'origin/main' }));
    expect(() => diffBaseOf(path.join(dir, 'gitops'), '--output=x')).toThrow(expect.objectContaining({ problem: 'unknown-revision' }));
    const empty = tmpDir('paved-revisions-empty-');
    git(empty, 'init', '-q');
    expect(() => diffBaseOf(empty, 'HEAD')).toThrow(expect.objectContaining({ problem: 'no-commits' }));
  });
});

describe('the header cannot be steered by a branch’s or a folder’s name', () => {
  test.each(HOSTILE_TEXT.map((t) => [sampleName(t), t]))('%s shows as text in the Markdown header', (_sample, name) => {
    const line = formatRevisions({ base: `the merge base of ${name} and HEAD`, head: `the folder ${name}` }, 'markdown');
    const parsed = nodes(line);
    expect([...new Set(parsed.map((n) => n.type))].sort()).toEqual(['document', 'emph', 'paragraph', 'text']);
    expect(parsed.filter((n) => n.type === 'emph')).toHaveLength(1);
    expect(visibleText(line)).toContain('· head: the folder');
  });

  test('control and invisible characters are shown escaped on a terminal', () => {
    const line = formatRevisions({ base: 'a\u001b[2Jb', head: 'c\u202ed\r0 error(s)' }, 'text');
    expect(line).toBe('base: a\\u001b[2Jb; head: c\\u202ed\\u000d0 error(s)');
  });

  test('a real branch with Markdown in its name', async () => {
    const dir = repoWithBranchBehind();
    const branch = 'apps/<!--x_y_|`z`&lt;';
    git(dir, 'branch', branch, 'main');
    const r = await pavedInProcess(['diff', 'gitops', '--base', branch, '--format', 'markdown'], dir);
    const header = r.stdout.split('\n').find((l) => l.startsWith('_Base: '));
    expect(header).toBeDefined();
    const parsed = nodes(String(header));
    expect(parsed.filter((n) => !['document', 'paragraph', 'emph', 'text'].includes(n.type))).toEqual([]);
    expect(visibleText(String(header))).toContain(`the merge base of ${branch} and HEAD`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
