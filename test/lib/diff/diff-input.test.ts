import { execFileSync } from 'child_process';
import * as path from 'path';
import { cleanTmpDirs, pavedInProcess, PROCESS_LIMITS, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const TREE = { 'gitops/prod/configmap-a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n' };
const BASE_DIR_HINT = "--base-dir <a checkout of the platform's gitops/>";

describe('paved diff: a side it cannot read is an error (exit 2) saying what to pass', () => {
  test('--base-dir that does not exist', async () => {
    const repo = tmpDir();
    writeFiles(repo, TREE);
    const r = await pavedInProcess(['diff', 'gitops', '--base-dir', 'gitops-checkout/gitops'], repo);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `paved diff: --base-dir gitops-checkout/gitops: no such folder (${path.join(repo, 'gitops-checkout/gitops')}): pass ${BASE_DIR_HINT} (e.g. a clone of the platform repository, then --base-dir <clone>/gitops), or --base <ref> to compare with a Git revision\n`,
    );
  });

  test('a tree that does not exist', async () => {
    const repo = tmpDir();
    const r = await pavedInProcess(['diff', 'out', '--base-dir', '.'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^paved diff: out: no such folder: pass the tree to compare/);
  });

  test('a repository without history (git init, no commit)', async () => {
    const repo = tmpDir();
    writeFiles(repo, TREE);
    execFileSync('git', ['init', '-q'], { cwd: repo, ...PROCESS_LIMITS });
    const r = await pavedInProcess(['diff', 'gitops'], repo);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`paved diff: the Git repository of gitops has no commit yet, so there is no revision to compare with: commit first, or pass ${BASE_DIR_HINT}\n`);
  });

  test('a --base revision that does not exist, and a folder outside any repository', async () => {
    const repo = tmpDir();
    writeFiles(repo, TREE);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8', ...PROCESS_LIMITS });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'tree');
    for (const ref of ['origin/main', '--output=x']) {
      const r = await pavedInProcess(['diff', 'gitops', `--base=${ref}`], repo);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `paved diff: --base ${ref}: no such revision in the Git repository of gitops: pass --base <ref> naming a commit, branch or tag that exists (in a shallow CI checkout fetch it first: git fetch origin <branch>, or fetch-depth: 0), or ${BASE_DIR_HINT}\n`,
      );
      expect(r.stderr).not.toMatch(/fatal|rev-parse/);
    }
    // HEAD exists: no change
    expect((await pavedInProcess(['diff', 'gitops'], repo)).code).toBe(0);
    const outside = tmpDir();
    writeFiles(outside, TREE);
    const r = await pavedInProcess(['diff', 'gitops'], outside);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`paved diff: gitops is not in a Git repository, so there is no revision to compare with: pass ${BASE_DIR_HINT}\n`);
  });
});
