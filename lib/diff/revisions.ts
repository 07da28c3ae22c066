/**
 * The two revisions a diff compares, said in its header: a branch is compared
 * with its merge base with the revision it is proposed to (what a merge would
 * bring, as a forge shows a pull request), not with that revision as it moved
 * since; a folder is said as a folder, with its Git commit when it is in a
 * repository.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { markdownProse } from '../private/escape';
import { DiffInputError } from './read-tree';

/** What each side of a diff is, in words (`origin/main at its merge base with HEAD (1a2b3c4d5e6f)`). */
export interface DiffRevisions {
  readonly base: string;
  readonly head: string;
}

/** The commit the base side of a diff is read at, and how it is said. */
export interface DiffBase {
  readonly commit: string;
  readonly description: string;
}

const short = (sha: string) => sha.slice(0, 12);

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT') throw new DiffInputError('no-git', cwd);
    throw new DiffInputError('git-failed', cwd, (error.stderr ?? error.message).trim());
  }
}

/** The commit a revision names, or undefined. */
function commitOf(ref: string, top: string): string | undefined {
  if (ref.startsWith('-')) return undefined;
  try {
    return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], top).trim();
  } catch (e) {
    if (e instanceof DiffInputError && e.problem === 'git-failed') return undefined;
    throw e;
  }
}

/** The top of the Git repository a folder (which may not exist) is in. */
function topOf(dir: string, shown: string): string {
  let cwd = path.resolve(dir);
  while (!fs.existsSync(cwd) && path.dirname(cwd) !== cwd) cwd = path.dirname(cwd);
  try {
    return git(['rev-parse', '--show-toplevel'], cwd).trim();
  } catch (e) {
    throw e instanceof DiffInputError && e.problem === 'git-failed' ? new DiffInputError('not-a-repository', shown, e.detail) : e;
  }
}

/**
 * The base side of a diff of `dir` (a folder of a Git repository, as the work
 * tree has it) with `ref`: the merge base of `ref` and HEAD, so that what
 * `ref` gained since the branch left it (other teams' merged apps) is not shown
 * as removed by the branch. `ref` itself when it is an ancestor of HEAD (HEAD,
 * `HEAD~1`, a tag behind it), or when the two have no history in common. Throws
 * a {@link DiffInputError} when the folder is in no repository, the repository
 * has no commit, or `ref` names none.
 */
export function diffBaseOf(dir: string, ref: string): DiffBase {
  const top = topOf(dir, dir);
  const commit = commitOf(ref, top);
  if (commit === undefined) {
    const head = commitOf('HEAD', top);
    const any = head ?? git(['rev-list', '-n', '1', '--all'], top).trim();
    throw new DiffInputError(any ? 'unknown-revision' : 'no-commits', ref);
  }
  const head = commitOf('HEAD', top);
  if (head === undefined) return { commit, description: `${ref} (${short(commit)})` };
  let bases: string[];
  try {
    bases = git(['merge-base', '--all', commit, head], top).split('\n').filter(Boolean);
  } catch {
    bases = []; // no history in common: git says nothing and exits 1
  }
  if (bases.length === 0) return { commit, description: `${ref} (${short(commit)}; no history in common with HEAD)` };
  if (bases[0] === commit) return { commit, description: `${ref} (${short(commit)})` };
  const several = bases.length > 1 ? `, the first of ${bases.length} merge bases` : '';
  return { commit: bases[0], description: `the merge base of ${ref} and HEAD (${short(bases[0])}${several}; ${ref} is at ${short(commit)})` };
}

/** How a folder on disk is said: `the folder gitops at HEAD (abc…)`, `with uncommitted changes` when it has some; a folder outside Git by its name alone. */
export function describeWorkTree(dir: string, shown: string): string {
  let top: string;
  try {
    top = topOf(dir, shown);
  } catch {
    return `the folder ${shown}`;
  }
  const head = commitOf('HEAD', top);
  if (head === undefined) return `the folder ${shown}`;
  let dirty = false;
  try {
    dirty = git(['status', '--porcelain', '--untracked-files=all', '--', path.resolve(dir)], top).trim() !== '';
  } catch {
    dirty = false;
  }
  return `the folder ${shown} at HEAD (${short(head)})${dirty ? ' with uncommitted changes' : ''}`;
}

/** The header line that states the two sides: for a terminal (invisible and control characters shown as `\\uXXXX`) or Markdown (escaped as text). */
export function formatRevisions(revisions: DiffRevisions, format: 'text' | 'markdown'): string {
  if (format === 'markdown') return `_Base: ${markdownProse(revisions.base, 500)} · head: ${markdownProse(revisions.head, 500)}._`;
  const plain = (s: string) =>
    // eslint-disable-next-line no-control-regex
    s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `base: ${plain(revisions.base)}; head: ${plain(revisions.head)}`;
}
