import * as path from 'path';
import { ChangeHistoryError, lastChangedFromHistory } from '../../../lib';
import { cleanTmpDirs, tmpDir } from '../../cli-util';
import { commitAll, git } from '../../git-util';

afterAll(cleanTmpDirs);

const DAY = 86_400;
/** 2026-06-01T12:00:00Z and the days after it. */
const day = (n: number) => 1_780_315_200 + n * DAY;
const iso = (n: number) => new Date(day(n) * 1000).toISOString().slice(0, 10);

/** A repository whose history the tests date apps from: web added on day 0, api on day 1, … */
function history(): { repo: string; commits: Record<string, string> } {
  const dir = tmpDir('paved-history-');
  const repo = path.join(dir, 'repo');
  git(dir, ['init', '--quiet', '-b', 'main', repo]);
  const commits: Record<string, string> = {};
  commits.web = commitAll(repo, 'web', day(0), {
    'gitops/prod/teams/t/apps/web/application-web.yaml': 'v1\n',
    'gitops/catalog/teams/t/apps/web/component-web.yaml': 'c1\n',
  });
  commits.api = commitAll(repo, 'api', day(1), { 'gitops/staging/teams/t/apps/api/application-api.yaml': 'v1\n' });
  // a platform change beside the apps, and a file outside the tree: no app changed
  commits.platform = commitAll(repo, 'platform', day(2), { 'gitops/prod/teams/t/tenant/namespaces/t/networkpolicy-app-web.yaml': 'p\n', 'apps/t/web.ts': 'x\n' });
  // web's catalog entry alone changes: web changed
  commits.catalog = commitAll(repo, 'web catalog', day(3), { 'gitops/catalog/teams/t/apps/web/component-web.yaml': 'c2\n' });
  // a branch that changes api, merged with a merge commit two days after its own commit
  git(repo, ['checkout', '--quiet', '-b', 'change-api']);
  commits.branch = commitAll(repo, 'api 2', day(4), { 'gitops/prod/teams/t/apps/api/application-api.yaml': 'v2\n' });
  git(repo, ['checkout', '--quiet', 'main']);
  commitAll(repo, 'unrelated', day(5), { 'README.md': 'r\n' });
  git(repo, ['merge', '--quiet', '--no-ff', '-m', 'merge change-api', 'change-api'], day(6));
  commits.merge = git(repo, ['rev-parse', 'HEAD']).trim();
  return { repo, commits };
}

describe('when each app last changed, from Git history alone', () => {
  const { repo, commits } = history();
  const read = (commit = 'HEAD', apps = ['t/api', 't/web']) => lastChangedFromHistory({ repository: repo, commit, treePath: 'gitops', apps });

  test("is the last first-parent commit that changed any of the app's folders: a merge counts the day it landed, not its branch's commit", async () => {
    expect(await read()).toEqual({
      't/api': { date: iso(6), commit: commits.merge },
      't/web': { date: iso(3), commit: commits.catalog },
    });
  });

  test("changes beside the app's folders (its NetworkPolicy in the tenant, its definition's source) do not count", async () => {
    expect(await read(commits.platform)).toEqual({
      't/api': { date: iso(1), commit: commits.api },
      't/web': { date: iso(0), commit: commits.web },
    });
  });

  test('is the same read from another clone, on any machine (only the repository is read)', async () => {
    const other = path.join(tmpDir('paved-history-'), 'clone');
    git(path.dirname(other), ['clone', '--quiet', repo, other]);
    expect(await lastChangedFromHistory({ repository: other, commit: commits.merge, treePath: 'gitops/', apps: ['t/api', 't/web'] })).toEqual(await read(commits.merge));
  });

  test('dates only the apps asked for, and nothing for none', async () => {
    expect(Object.keys(await read('HEAD', ['t/web']))).toEqual(['t/web']);
    expect(await read('HEAD', [])).toEqual({});
  });

  test('fails for an app whose folders no commit changed (not committed), naming it', async () => {
    await expect(read('HEAD', ['t/web', 't/new'])).rejects.toThrow('changed the folders of app t/new below gitops/: are they committed?');
    await expect(read(commits.web, ['t/api'])).rejects.toThrow(ChangeHistoryError);
  });

  test('fails for a commit the repository does not have', async () => {
    await expect(read('f'.repeat(40))).rejects.toThrow(`${'f'.repeat(40)} is not a commit of the repository at ${repo}`);
  });

  test('refuses a shallow clone, whose oldest commit would look like the last change of every app', async () => {
    const shallow = path.join(tmpDir('paved-history-'), 'shallow');
    git(path.dirname(shallow), ['clone', '--quiet', '--depth', '1', `file://${repo}`, shallow]);
    await expect(lastChangedFromHistory({ repository: shallow, commit: 'HEAD', treePath: 'gitops', apps: ['t/web'] })).rejects.toThrow(/is a shallow clone: .*fetch-depth: 0/);
  });
});
