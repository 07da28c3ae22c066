import { spawn, spawnSync } from 'child_process';
import type { LastChange, LastChanged } from '../portal/service-index';
import { compareStrings } from '../private/compare';

/** What {@link lastChangedFromHistory} reads. */
export interface ChangeHistoryOptions {
  /** A folder of the repository (its work tree or its Git folder). */
  readonly repository: string;
  /** The source commit whose history is read (a hash, or any revision Git resolves). */
  readonly commit: string;
  /** The tree's folder inside the repository (`org.gitops.path`, e.g. `gitops`). */
  readonly treePath: string;
  /** The apps (`team/app`) to date: those with a folder in the tree at that commit. */
  readonly apps: readonly string[];
  /**
   * How long Git may run before it is stopped and the history counts as unreadable.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

/** The history cannot say when an app changed: a shallow clone, an unknown commit, an app no commit added. */
export class ChangeHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChangeHistoryError';
  }
}

/** A commit's day, `YYYY-MM-DD` in UTC, from its committer time in seconds. */
function dayOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Runs a short git command; its output, or a {@link ChangeHistoryError} naming what failed. */
function gitLine(repository: string, args: readonly string[]): string {
  const r = spawnSync('git', ['-C', repository, ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', env: gitEnvironment() });
  if (r.error) throw new ChangeHistoryError(`git ${args.join(' ')} in ${repository}: ${r.error.message}`);
  if (r.status !== 0) throw new ChangeHistoryError(`git ${args.join(' ')} in ${repository}: ${r.stderr.trim() || `exit ${String(r.status)}`}`);
  return r.stdout.trim();
}

/**
 * Git's environment for reading history: the user's, without what would make
 * the answer depend on the machine (a replace ref, a grafts file, a pager).
 */
function gitEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_NO_REPLACE_OBJECTS: '1', GIT_PAGER: 'cat', LC_ALL: 'C' };
}

/**
 * When each app last changed, from the source's Git history alone: the last
 * commit on the first-parent line of `commit` (the line of the branch pull
 * requests merge into: a merge counts as the day it landed) that changed any
 * of the app's folders of the tree, `<treePath>/<env>/teams/<team>/apps/<app>/`
 * in any environment or `<treePath>/catalog/teams/<team>/apps/<app>/`, and its
 * day (committer date, UTC). Those folders are what the app deploys and what
 * the catalog says of it, however it came there: its definition, the org, the
 * platform, or a team repository's proposal (whose definitions are not in this
 * repository). The same commit gives the same record on any machine, on any day.
 *
 * One `git log` reads the history, newest first, and stops once every app is dated.
 *
 * @throws ChangeHistoryError for a shallow clone (its oldest commit would look like the change of every app), a
 * commit Git does not know, an app whose folders no commit changed, or a Git that fails or runs past its time
 */
export async function lastChangedFromHistory(options: ChangeHistoryOptions): Promise<LastChanged> {
  const { repository, commit, treePath } = options;
  if (gitLine(repository, ['rev-parse', '--is-shallow-repository']) === 'true') {
    throw new ChangeHistoryError(
      `${repository} is a shallow clone: its history stops early, so the oldest commit it holds would look like the last change of every app; fetch the whole history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)`,
    );
  }
  let resolved: string;
  try {
    resolved = gitLine(repository, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit}^{commit}`]);
  } catch {
    throw new ChangeHistoryError(`${commit} is not a commit of the repository at ${repository}`);
  }
  const wanted = new Set(options.apps);
  const found = new Map<string, LastChange>();
  if (wanted.size === 0) return {};
  const prefix = treePath.replace(/\/+$/, '');
  const args = ['-C', repository, 'log', '--first-parent', '-m', '--no-renames', '-z', '--format=%x01%H %ct', '--name-only', resolved, '--', `:(glob)${prefix}/*/teams/*/apps/**`];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', args, { env: gitEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    let pending = '';
    let stderr = '';
    let current: LastChange | undefined;
    const timer = setTimeout(() => finish(new ChangeHistoryError(`git log in ${repository} ran past ${options.timeoutMs ?? 120_000} ms: stopped`)), options.timeoutMs ?? 120_000);
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve();
    };
    const take = (token: string) => {
      if (token.startsWith('\x01')) {
        const [hash, time] = token.slice(1).split(' ');
        current = { commit: hash, date: dayOf(Number(time)) };
        return;
      }
      const file = token.replace(/^\n/, '');
      if (!current || !file.startsWith(`${prefix}/`)) return;
      const m = /^[^/]+\/teams\/([^/]+)\/apps\/([^/]+)\//.exec(file.slice(prefix.length + 1));
      const app = m ? `${m[1]}/${m[2]}` : undefined;
      if (app !== undefined && wanted.has(app) && !found.has(app)) found.set(app, current);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (done) return;
      const tokens = (pending + chunk).split('\0');
      pending = tokens.pop() ?? '';
      for (const token of tokens) take(token);
      // every app dated: the rest of the history is not needed
      if (found.size === wanted.size) finish();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.on('error', (e) => finish(new ChangeHistoryError(`git log in ${repository}: ${e.message}`)));
    child.on('close', (code) => {
      if (pending) take(pending);
      finish(code === 0 || done ? undefined : new ChangeHistoryError(`git log in ${repository}: ${stderr.trim() || `exit ${String(code)}`}`));
    });
  });
  const undated = [...wanted].filter((app) => !found.has(app)).sort(compareStrings);
  if (undated.length > 0) {
    throw new ChangeHistoryError(`no commit of the first-parent history of ${commit} changed the folders of ${undated.map((a) => `app ${a}`).join(', ')} below ${prefix}/: are they committed?`);
  }
  const out: Record<string, LastChange> = {};
  for (const app of [...found.keys()].sort(compareStrings)) out[app] = found.get(app) as LastChange;
  return out;
}
