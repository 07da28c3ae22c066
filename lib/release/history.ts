import { spawnSync } from 'child_process';
import * as path from 'path';
import { parseReleaseRecord } from '../org/release-records';

/**
 * The history of release records, from Git alone: each version of a record
 * file on the first-parent line of a revision (the line of the branch pull
 * requests merge into: a merge counts from when it landed), with its commit's
 * time. The same repository gives the same answer on any machine, any day.
 */

/** Git cannot say (not a repository, a shallow clone, a revision it does not know, a Git that failed or ran too long). */
export class ReleaseHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseHistoryError';
  }
}

/** One version of a record: the commit that wrote it, its committer time, and the image (absent where the commit deleted it). */
export interface RecordVersion {
  readonly commit: string;
  /** Committer time, milliseconds since the epoch (UTC). */
  readonly time: number;
  readonly image?: string;
}

/** A project inside a Git repository. */
export interface ReleaseRepository {
  /** The repository's top folder. */
  readonly top: string;
  /** The project's folder relative to it (`''` at the top), `/`-separated. */
  readonly prefix: string;
}

/** Git's environment for reading history: without what would make the answer depend on the machine. */
function gitEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_NO_REPLACE_OBJECTS: '1', GIT_PAGER: 'cat', LC_ALL: 'C' };
}

/** The largest version of a file the history reads (a record is a few lines, an Application a few kB): a larger one holds no image. */
const MAX_VERSION_BYTES = 1024 * 1024;

function git(cwd: string, args: readonly string[], allowFail = false, maxBuffer = 64 * 1024 * 1024): string | undefined {
  const r = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', env: gitEnvironment(), maxBuffer });
  // a version too large to be a record or an Application is none (a commit may hold anything)
  if (allowFail && (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOBUFS') return undefined;
  if (r.error) throw new ReleaseHistoryError(`git ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    if (allowFail) return undefined;
    throw new ReleaseHistoryError(`git ${args.join(' ')} in ${cwd}: ${r.stderr.trim() || `exit ${String(r.status)}`}`);
  }
  return r.stdout;
}

/** The repository a project folder is in; a shallow clone is refused (its oldest commit would look like every record's start). */
export function releaseRepository(cwd: string): ReleaseRepository {
  const top = git(cwd, ['rev-parse', '--show-toplevel'], true)?.trim();
  if (!top) throw new ReleaseHistoryError(`${cwd} is not in a Git repository: the release gates are proved from its history`);
  if (git(cwd, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true')
    throw new ReleaseHistoryError(`${top} is a shallow clone: the release gates need the whole history (actions/checkout with fetch-depth: 0)`);
  const prefix = path.relative(top, path.resolve(cwd)).split(path.sep).join('/');
  return { top, prefix };
}

/**
 * Every version of a record file on the first-parent line of `revision`,
 * newest first (the commits that changed it, and what each left).
 */
export function recordVersions(repo: ReleaseRepository, file: string, revision = 'HEAD'): RecordVersion[] {
  return fileVersions(repo, file, (text) => parseReleaseRecord(file, text).record?.image, revision);
}

/**
 * Every version of a file on the first-parent line of `revision`, newest
 * first, with the image `read` finds in each (a record's, or an
 * Application's in the committed tree).
 */
export function fileVersions(repo: ReleaseRepository, file: string, read: (text: string) => string | undefined, revision = 'HEAD'): RecordVersion[] {
  const inRepo = repo.prefix ? `${repo.prefix}/${file}` : file;
  if (git(repo.top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], true) === undefined) return [];
  const log = git(repo.top, ['log', '--first-parent', '--no-renames', '--format=%H %ct', revision, '--', inRepo]) ?? '';
  return log
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit, seconds] = line.split(' ');
      const text = git(repo.top, ['show', `${commit}:${inRepo}`], true, MAX_VERSION_BYTES);
      const image = text === undefined ? undefined : read(text);
      return { commit, time: Number(seconds) * 1000, ...(image !== undefined ? { image } : {}) };
    });
}

/** The committed time of a revision (the moment a check "now" stands for when the checked records are committed). */
export function commitTime(repo: ReleaseRepository, revision = 'HEAD'): number | undefined {
  const out = git(repo.top, ['log', '-1', '--format=%ct', revision], true)?.trim();
  return out ? Number(out) * 1000 : undefined;
}

/** A record file's text at a revision (undefined where it does not exist). */
export function recordAt(repo: ReleaseRepository, file: string, revision = 'HEAD'): string | undefined {
  return git(repo.top, ['show', `${revision}:${repo.prefix ? `${repo.prefix}/${file}` : file}`], true);
}

/**
 * The day (`YYYY-MM-DD`, UTC) each release record at a revision last changed on
 * its first-parent line: when its environment got the build it names.
 * Keyed `team/app/env`.
 */
export function recordDays(repo: ReleaseRepository, revision: string): Map<string, string> {
  const folder = repo.prefix ? `${repo.prefix}/releases` : 'releases';
  const files = (git(repo.top, ['ls-tree', '-r', '--name-only', revision, '--', folder], true) ?? '').split('\n').filter((f) => /^(.*\/)?releases\/[^/]+\/[^/]+\/[^/]+\.yaml$/.test(f));
  const days = new Map<string, string>();
  for (const file of files) {
    const seconds = git(repo.top, ['log', '-1', '--first-parent', '--format=%ct', revision, '--', file])?.trim();
    if (!seconds) continue;
    const [team, app, env] = file
      .slice(folder.length + 1)
      .replace(/\.yaml$/, '')
      .split('/');
    days.set(`${team}/${app}/${env}`, new Date(Number(seconds) * 1000).toISOString().slice(0, 10));
  }
  return days;
}

/** The commit a revision names (undefined in a repository without commits). */
export function commitOf(repo: ReleaseRepository, revision = 'HEAD'): string | undefined {
  return git(repo.top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], true)?.trim() || undefined;
}
