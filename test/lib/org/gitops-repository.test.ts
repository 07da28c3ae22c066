import { DEFAULT_PUBLISH_BRANCH, Org } from '../../../lib';
import { ORG_PROPS, errorOf } from '../../util';

describe("the org's GitOps repository", () => {
  test('publishes by default to the branch "published" of the source repository, never to main', () => {
    expect(DEFAULT_PUBLISH_BRANCH).toBe('published');
    expect(new Org(ORG_PROPS).gitops.publish).toEqual({ repoURL: ORG_PROPS.gitops.repoURL, branch: 'published' });
  });

  test('publishes to the branch and repository the org names', () => {
    const gitops = { repoURL: 'https://github.com/example/platform.git', revision: 'trunk', publish: { branch: 'deploy/clusters', repoURL: 'git@github.com:example/deploy.git' } };
    expect(new Org({ ...ORG_PROPS, gitops }).gitops.publish).toEqual({ repoURL: 'git@github.com:example/deploy.git', branch: 'deploy/clusters' });
    // in another repository, the published branch may have the source branch's name
    expect(new Org({ ...ORG_PROPS, gitops: { ...gitops, publish: { ...gitops.publish, branch: 'trunk' } } }).gitops.publish.branch).toBe('trunk');
  });

  test.each([
    [{ publish: { branch: 'main' } }, 'gitops.publish.branch = "main" is not allowed: a branch other than gitops.revision ("main"), the branch pull requests merge into'],
    [{ revision: 'trunk', publish: { branch: 'trunk' } }, 'gitops.publish.branch = "trunk" is not allowed: a branch other than gitops.revision ("trunk")'],
    // the same repository, written otherwise
    [{ publish: { branch: 'main', repoURL: 'https://GitHub.com/example/platform/' } }, 'gitops.publish.branch = "main" is not allowed: a branch other than gitops.revision'],
    [{ publish: { branch: 'a..b' } }, 'gitops.publish.branch = "a..b" is not allowed: a branch name'],
    [{ publish: { branch: '-f' } }, 'gitops.publish.branch = "-f" is not allowed: a branch name'],
    [{ publish: { branch: 'deploy/' } }, 'gitops.publish.branch = "deploy/" is not allowed: a branch name'],
    [{ publish: { branch: 'x.lock' } }, 'gitops.publish.branch = "x.lock" is not allowed: a branch name'],
    [{ publish: { branch: 'HEAD' } }, 'gitops.publish.branch = "HEAD" is not allowed: a branch name'],
    [{ publish: { branch: 'a b' } }, 'gitops.publish.branch = "a b" is not allowed: a branch name'],
    [{ publish: { branch: '' } }, 'gitops.publish.branch = "" is not allowed: a branch name'],
    [{ publish: { repoURL: 'deploy' } }, 'gitops.publish.repoURL = "deploy" is not allowed: a Git URL (https://, ssh:// or git@)'],
    [{ revision: 'main~1' }, 'gitops.revision = "main~1" is not allowed: a branch name such as "main": the branch pull requests merge into (Argo CD follows gitops.publish.branch)'],
  ])('fails on where the tree is published: %j', (change, message) => {
    expect(errorOf(() => new Org({ ...ORG_PROPS, gitops: { ...ORG_PROPS.gitops, ...change } }))).toContain(message);
  });
});
