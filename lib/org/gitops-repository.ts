import type { PropChecker } from '../private/problems';
import { isBranchName, sameGitRepository } from '../private/git-url';
import type { TeamProps } from './team';

/** The GitOps repository. */
export interface GitOpsRepositoryProps {
  /** The repository's URL, e.g. `https://github.com/acme/platform.git`. */
  readonly repoURL: string;
  /**
   * The branch pull requests merge into: the source (the org, the app
   * definitions and the tree they carry for review). Links to definitions
   * point at it; no Argo CD source follows it: Argo CD follows what `paved
   * publish` wrote to {@link GitOpsRepositoryProps.publish} after every check passed.
   * @default "main"
   */
  readonly revision?: string;
  /**
   * The tree's folder inside the repository.
   * @default "gitops"
   */
  readonly path?: string;

  /**
   * For a private repository: the AWS Secrets Manager secret (a JSON object with
   * `username` and `password`, e.g. a read-only token) that Argo CD reads the
   * repository with. It reaches the cluster through an ExternalSecret, never Git.
   * @default - a public repository: no credentials
   */
  readonly credentialsSecret?: string;

  /**
   * Where `paved publish` writes the tree once every check passed on the
   * merged source: the revision every Argo CD source of the tree and the
   * bootstrap's root Application follow.
   * @default - branch "published" of `repoURL`
   */
  readonly publish?: GitOpsPublishProps;
}

/** Where `paved publish` writes the checked tree, and Argo CD reads it. */
export interface GitOpsPublishProps {
  /**
   * The branch Argo CD follows; only the platform's CI pushes it (`paved
   * publish`, on `gitops.revision` after every check passed). Never the branch
   * pull requests merge into.
   * @default "published"
   */
  readonly branch?: string;
  /**
   * The repository the branch lives in: another repository (one only the
   * platform's CI writes) lets the Argo CD projects allow that repository
   * alone, so no Application can follow the source's branches.
   * @default - `gitops.repoURL`
   */
  readonly repoURL?: string;
}

/** Where Argo CD reads the tree: the published branch (see {@link GitOpsPublishProps}). */
export interface PublishedRevision {
  /** The repository. */
  readonly repoURL: string;
  /** The branch. */
  readonly branch: string;
}

/** The org's GitOps repository, with every default filled in. */
export interface GitOpsRepository {
  /** The source's repository. */
  readonly repoURL: string;
  /** The branch pull requests merge into (the source). */
  readonly revision: string;
  /** The tree's folder, in the source and in the published branch. */
  readonly path: string;
  /** The Secrets Manager secret Argo CD reads the published repository with, if private. */
  readonly credentialsSecret?: string;
  /** Where the checked tree is published: what Argo CD follows. */
  readonly publish: PublishedRevision;
}

/** The branch `paved publish` writes when the org names none. */
export const DEFAULT_PUBLISH_BRANCH = 'published';

/** The org's GitOps repository with every default filled in. @internal */
export function gitOpsRepository(props: GitOpsRepositoryProps): GitOpsRepository {
  return {
    repoURL: props.repoURL,
    revision: props.revision ?? 'main',
    path: props.path ?? 'gitops',
    credentialsSecret: props.credentialsSecret,
    publish: { repoURL: props.publish?.repoURL ?? props.repoURL, branch: props.publish?.branch ?? DEFAULT_PUBLISH_BRANCH },
  };
}

/** Checks the org's GitOps repository: its URL and folder, its credentials outside every team's prefix, where the tree is published. @internal */
export function checkGitOpsRepository(check: PropChecker, props: GitOpsRepositoryProps, teams: readonly TeamProps[]): void {
  check.check(/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(props.repoURL), 'gitops.repoURL', props.repoURL, 'a Git URL (https://, ssh:// or git@)');
  checkPublish(check, props);
  if (props.path !== undefined) check.check(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(props.path), 'gitops.path', props.path, 'a relative folder path such as "gitops"');
  const creds = props.credentialsSecret;
  if (creds !== undefined) {
    const owner = teams.find((t) => creds.startsWith(t.secretPrefix));
    check.check(
      creds.length > 0 && owner === undefined,
      'gitops.credentialsSecret',
      creds,
      owner ? `a secret outside team ${owner.name}'s prefix "${owner.secretPrefix}"` : 'a Secrets Manager secret name',
    );
  }
}

/** Checks where the tree is published: a branch name, a Git URL, and never the branch pull requests merge into. */
function checkPublish(check: PropChecker, gitops: GitOpsRepositoryProps): void {
  const revision = gitops.revision ?? 'main';
  if (gitops.revision !== undefined) {
    check.check(isBranchName(gitops.revision), 'gitops.revision', gitops.revision, 'a branch name such as "main": the branch pull requests merge into (Argo CD follows gitops.publish.branch)');
  }
  const publish = gitops.publish ?? {};
  const repoURL = publish.repoURL ?? gitops.repoURL;
  const branch = publish.branch ?? DEFAULT_PUBLISH_BRANCH;
  if (publish.repoURL !== undefined) check.check(/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(publish.repoURL), 'gitops.publish.repoURL', publish.repoURL, 'a Git URL (https://, ssh:// or git@)');
  if (check.check(isBranchName(branch), 'gitops.publish.branch', branch, 'a branch name such as "published" (letters, digits and "._/-", no ".." or empty segment)')) {
    const same = sameGitRepository(repoURL, gitops.repoURL) && branch === revision;
    check.check(
      !same,
      'gitops.publish.branch',
      branch,
      `a branch other than gitops.revision ("${revision}"), the branch pull requests merge into: Argo CD follows only what paved publish wrote after every check passed`,
    );
  }
}
