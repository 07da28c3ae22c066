/**
 * The Git side of `paved publish`: plumbing only (a scratch repository of its
 * own, a temporary index, `git commit-tree`, a fast-forward push), so that
 * neither the source's working tree nor its refs are ever touched.
 * @internal
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** How long one git process may run (a fetch or a push over the network included). */
export const GIT_BUDGET_MS = 300_000;

/** Git failed, or the repository is not as publishing needs it: the command's error (exit 2), or bad input (exit 1). */
export class PublishGitError extends Error {
  constructor(
    message: string,
    /** Whether the input is at fault (exit 1), not Git or the network (exit 2). */
    public readonly badInput = false,
  ) {
    super(message);
    this.name = 'PublishGitError';
  }
}

/** The identity of every commit `paved publish` makes: fixed, so the same source gives the same commit. */
export const PUBLISH_IDENTITY = { name: 'paved publish', email: 'paved-publish@noreply.invalid' } as const;

/** The trailer that names the source commit a published commit was made from. */
export const SOURCE_TRAILER = 'Paved-Source';

/**
 * Git's environment: the user's (credential helpers, SSH), without what would
 * make the result depend on the machine or ask a question: no replace refs,
 * no pager, no prompt, the C locale, only the usual transports, and the identity and dates of `extra`.
 */
function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    // the transports a repository URL may use: no ext:: (a command), no other helper a URL could name
    GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
    ...extra,
  };
  // a repository named by the caller's environment would be written instead of ours
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR']) if (!(name in extra)) delete env[name];
  return env;
}

/** Runs git in `cwd`; stdout as text, or a {@link PublishGitError} with what git said. */
export function git(cwd: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {}): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', [...args], {
    cwd,
    input: options.input,
    encoding: 'utf8',
    env: gitEnv(options.env),
    timeout: GIT_BUDGET_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 28,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new PublishGitError(code === 'ENOENT' ? 'git is not installed (or not on the PATH): paved publish needs it' : `git ${args[0]}: ${r.error.message} (budget ${GIT_BUDGET_MS} ms)`);
  }
  const ok = r.status === 0;
  if (!ok && !options.allowFailure) throw new PublishGitError(`git ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${String(r.status)}`}`);
  return { ok, stdout: r.stdout, stderr: r.stderr };
}

/** The source: its repository, the commit checked out, and what its message and date say. */
export interface SourceCommit {
  /** The repository's top folder. */
  readonly top: string;
  /** Its object store (for a scratch repository to borrow from). */
  readonly objects: string;
  readonly hash: string;
  readonly subject: string;
  /** The committer date as Git stores it (`<seconds> <offset>`): the published commit's dates. */
  readonly date: string;
}

/** The commit `cwd`'s checkout is at, refusing a checkout that is not exactly that commit (modified or untracked files). */
export function sourceCommit(cwd: string): SourceCommit {
  const inside = git(cwd, ['rev-parse', '--show-toplevel', '--git-common-dir'], { allowFailure: true });
  if (!inside.ok) throw new PublishGitError(`${cwd} is not in a Git repository: paved publish publishes a commit of the source (run it in a checkout)`, true);
  const [top, common] = inside.stdout.trim().split('\n');
  const head = git(top, ['log', '-1', '--format=%H%n%cd%n%s', '--date=raw', 'HEAD'], { allowFailure: true });
  if (!head.ok) throw new PublishGitError(`the repository at ${top} has no commit yet: commit the source first`, true);
  const [hash, date, ...subject] = head.stdout.replace(/\n$/, '').split('\n');
  const status = git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=none']).stdout.split('\0').filter(Boolean);
  if (status.length > 0) {
    const files = status.map((s) => s.slice(3));
    throw new PublishGitError(
      `the checkout is not commit ${hash.slice(0, 12)}: ${files.length} file(s) differ from it (${files.slice(0, 10).join(', ')}${files.length > 10 ? `, and ${files.length - 10} more` : ''}): paved publish publishes a commit, so commit (or stash, or remove) them first`,
      true,
    );
  }
  return { top, objects: path.resolve(top, common, 'objects'), hash, subject: subject.join(' '), date };
}

/** A scratch bare repository that borrows the source's objects: everything publishing writes goes there. */
export function scratchRepository(dir: string, source: SourceCommit): string {
  const repo = path.join(dir, 'publish.git');
  git(dir, ['init', '--quiet', '--bare', repo]);
  fs.writeFileSync(path.join(repo, 'objects', 'info', 'alternates'), `${source.objects}\n`);
  return repo;
}

/** The published branch's head, fetched into the scratch repository; undefined when the branch does not exist yet. */
export function fetchPublished(repo: string, remote: string, branch: string): string | undefined {
  const listed = git(repo, ['ls-remote', '--heads', '--end-of-options', remote, `refs/heads/${branch}`], { allowFailure: true });
  if (!listed.ok) throw new PublishGitError(`cannot read ${remote}: ${listed.stderr.trim() || 'git ls-remote failed'}`);
  const line = listed.stdout.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
  if (line === undefined) return undefined;
  git(repo, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', remote, `+refs/heads/${branch}:refs/published`]);
  return git(repo, ['rev-parse', '--verify', 'refs/published^{commit}']).stdout.trim();
}

/** The source commit a published commit names (its trailer), if it has one. */
export function publishedSource(repo: string, commit: string): string | undefined {
  const message = git(repo, ['log', '-1', '--format=%B', commit]).stdout;
  const m = new RegExp(`^${SOURCE_TRAILER}: ([0-9a-f]{40,64})$`, 'm').exec(message);
  return m?.[1];
}

/** Whether `ancestor` is an ancestor of `commit` (or the same) in the source; undefined when the source does not hold `ancestor`. */
export function isAncestor(top: string, ancestor: string, commit: string): boolean | undefined {
  if (!git(top, ['cat-file', '-e', `${ancestor}^{commit}`], { allowFailure: true }).ok) return undefined;
  return git(top, ['merge-base', '--is-ancestor', ancestor, commit], { allowFailure: true }).ok;
}

/**
 * Writes a folder's files as a Git tree, below `prefix`, into the scratch
 * repository (a temporary index: nothing else is touched); returns its hash.
 */
export function writeTree(repo: string, dir: string, files: readonly string[], prefix: string, indexFile: string): string {
  const env = { GIT_INDEX_FILE: indexFile };
  git(repo, ['read-tree', '--empty'], { env });
  const hashes = git(repo, ['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: files.map((f) => path.join(dir, f)).join('\n') + '\n' })
    .stdout.trim()
    .split('\n');
  if (hashes.length !== files.length) throw new PublishGitError(`git hash-object returned ${hashes.length} hashes for ${files.length} files`);
  const entries = files.map((f, i) => {
    const executable = (fs.statSync(path.join(dir, f)).mode & 0o111) !== 0;
    return `${executable ? '100755' : '100644'} blob ${hashes[i]}\t${prefix ? `${prefix}/` : ''}${f}`;
  });
  if (entries.length > 0) git(repo, ['update-index', '--add', '--index-info'], { input: `${entries.join('\n')}\n`, env });
  return git(repo, ['write-tree'], { env }).stdout.trim();
}

/** Makes the published commit: the tree, on the published head (if any), with the source's date and paved's identity. */
export function commitTree(repo: string, tree: string, parent: string | undefined, message: string, date: string): string {
  const env = {
    GIT_AUTHOR_NAME: PUBLISH_IDENTITY.name,
    GIT_AUTHOR_EMAIL: PUBLISH_IDENTITY.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: PUBLISH_IDENTITY.name,
    GIT_COMMITTER_EMAIL: PUBLISH_IDENTITY.email,
    GIT_COMMITTER_DATE: date,
  };
  // no signing, no hooks: commit-tree runs neither, whatever the user's configuration says
  return git(repo, ['-c', 'commit.gpgSign=false', 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], { input: message, env }).stdout.trim();
}

/** The files two commits' trees differ in (all files of `to` when there is no `from`). */
export function changedFiles(repo: string, from: string | undefined, to: string): number {
  const args = from ? ['diff-tree', '-r', '--name-only', '--no-renames', '-z', from, to] : ['ls-tree', '-r', '--name-only', '-z', to];
  return git(repo, args).stdout.split('\0').filter(Boolean).length;
}

/**
 * Pushes the published commit to the branch: a fast-forward only (never
 * forced); a branch that moved meanwhile refuses it, and nothing changes.
 */
export function pushPublished(repo: string, remote: string, commit: string, branch: string): void {
  const pushed = git(repo, ['push', '--quiet', '--porcelain', '--end-of-options', remote, `${commit}:refs/heads/${branch}`], { allowFailure: true });
  if (pushed.ok) return;
  const rejected = /\[rejected\]|non-fast-forward|fetch first|stale info/.test(pushed.stdout + pushed.stderr);
  throw new PublishGitError(
    rejected
      ? `${remote} refused the push to ${branch}: the branch moved while paved publish ran (another publish?); nothing changed there: run paved publish again`
      : `cannot push to ${branch} of ${remote}: ${(pushed.stderr || pushed.stdout).trim() || 'git push failed'}`,
  );
}
