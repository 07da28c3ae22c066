/**
 * `paved proposal`: the files a team's branch changes, checked before anything
 * of the branch runs. A team's proposal (a branch `apps/<team>` of the
 * platform repository) may change the team's own folders of the tree and
 * nothing else: every file it changes since its merge base with the branch it
 * proposes to, each named with why it is refused.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { readConfig } from './definition';
import { Org, type OrgProps } from '../org/org';
import { isDns1123Label } from '../private/names';
import { show } from '../private/problems';

/** Options of `paved proposal`. */
export interface ProposalCliOptions {
  readonly team?: string;
  readonly base?: string;
  readonly head?: string;
  readonly tree?: string;
}

/** A file a branch changes. */
export interface ProposalFile {
  /** Its path in the repository ('/' separated). */
  readonly file: string;
  readonly change: 'added' | 'modified' | 'deleted' | 'type changed';
  /** Why it is refused, when it is. */
  readonly problem?: string;
}

/** What a team's branch changes, since its merge base with the base. */
export interface ProposalScope {
  readonly team: string;
  /** The commits compared: the merge base and the head. */
  readonly mergeBase: string;
  readonly head: string;
  /** The folder of the tree in the repository (`gitops`). */
  readonly tree: string;
  /** The org's environments (from the tree's org.json at the base), when it has one. */
  readonly environments?: readonly string[];
  /** Every file changed, in Git's order. */
  readonly files: readonly ProposalFile[];
}

/** A proposal that cannot be read (not a Git repository, an unknown revision: exit 2) or cannot be judged as one diff (no common history, several merge bases: refused, exit 1). */
export class ProposalInputError extends Error {
  constructor(
    message: string,
    public readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'ProposalInputError';
  }
}

/** Runs git; `quietFailure` is what a failure that printed nothing means (`git merge-base` without a common ancestor). */
function git(args: readonly string[], cwd: string, quietFailure?: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (error.code === 'ENOENT') throw new ProposalInputError('git is not installed (or not on the PATH)');
    if (quietFailure !== undefined && error.status === 1 && !error.stderr?.trim()) return quietFailure;
    throw new ProposalInputError(`git ${args[0]} failed: ${(error.stderr ?? error.message).trim().split('\n')[0]}`);
  }
}

/** The commit a revision names, or why it names none. */
function commitOf(ref: string, option: string, top: string): string {
  if (!ref || ref.startsWith('-')) throw new ProposalInputError(`${option} ${show(ref)}: not a revision`);
  try {
    return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], top).trim();
  } catch {
    throw new ProposalInputError(`${option} ${ref}: no such commit in the repository (in a shallow CI checkout fetch it first: git fetch origin <branch>, or fetch-depth: 0)`);
  }
}

/** The org's environments, as the tree's org.json at a commit publishes them; undefined when it has none. */
function environmentsAt(top: string, commit: string, tree: string): string[] | undefined {
  const file = `${tree === '.' ? '' : `${tree}/`}org.json`;
  let text: string;
  try {
    text = git(['show', `${commit}:${file}`], top);
  } catch {
    return undefined;
  }
  return new Org(JSON.parse(text) as OrgProps).environments.map((e) => e.name);
}

const CHANGES: Record<string, ProposalFile['change']> = { A: 'added', M: 'modified', D: 'deleted', T: 'type changed' };

/** Why a changed file is refused in team `team`'s proposal, if it is. */
function problemOf(file: string, newMode: string, team: string, tree: string, environments: readonly string[] | undefined): string | undefined {
  if (newMode === '120000') return 'a symbolic link: refused anywhere in a proposal (the compiler, the synth and the tests would follow it out of the repository)';
  if (newMode === '160000') return 'a Git submodule: refused anywhere in a proposal';
  const inTree = tree === '.' ? file : file.startsWith(`${tree}/`) ? file.slice(tree.length + 1) : undefined;
  const [folder, teams, owner, apps, ...rest] = (inTree ?? '').split('/');
  if (inTree === undefined || teams !== 'teams' || owner !== team || apps !== 'apps' || rest.length === 0 || rest.some((p) => p === '')) return `outside team ${team}'s folders`;
  if (environments && folder !== 'catalog' && !environments.includes(folder)) return `${show(folder)} is not an environment of the org (${environments.join(', ')}) nor the catalog`;
  // what the synth writes there: <kind>-<name>.yaml in an app's folder, the team's location.yaml; never a hidden file
  // (Argo CD reads .argocd-source*.yaml as overrides, Git reads .gitattributes) or a name a terminal would interpret
  if (rest.some((p) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p))) return 'a name the synth never writes: letters, digits, ".", "_" and "-" in each part, not starting with "."';
  return undefined;
}

/**
 * The files team `team`'s branch `head` changes since its merge base with
 * `base` (what a merge would bring), each with why it is refused when it is:
 * outside `<tree>/<env>/teams/<team>/apps/` and `<tree>/catalog/teams/<team>/apps/`
 * (an `<env>` the org at `base` has, when the tree publishes its org), a
 * symbolic link or a submodule anywhere. `cwd` is in the repository; `tree`
 * is relative to it. A branch with several merge bases (criss-cross merges) is
 * refused: rebase it.
 */
export function proposalScope(cwd: string, options: { readonly team: string; readonly base: string; readonly head: string; readonly tree: string }): ProposalScope {
  let top: string;
  let prefix: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd).trim();
    prefix = git(['rev-parse', '--show-prefix'], cwd).trim();
  } catch (e) {
    throw new ProposalInputError(`${cwd} is not in a Git repository (${e instanceof Error ? e.message : String(e)})`);
  }
  const relative = path.isAbsolute(options.tree) ? path.relative(top, options.tree) : path.join(prefix, options.tree);
  const tree = path.posix.normalize(relative.split(path.sep).join('/') || '.').replace(/\/+$/, '') || '.';
  if (tree.startsWith('../') || tree === '..' || path.posix.isAbsolute(tree)) throw new ProposalInputError(`--tree ${options.tree}: not a folder of the repository`);
  const base = commitOf(options.base, '--base', top);
  const head = commitOf(options.head, '--head', top);
  const bases = git(['merge-base', '--all', base, head], top, '').split('\n').filter(Boolean);
  if (bases.length === 0) throw new ProposalInputError(`--head ${options.head} and --base ${options.base} have no common history: propose from a branch of ${options.base}`, 1);
  if (bases.length > 1)
    throw new ProposalInputError(
      `--head ${options.head} has ${bases.length} merge bases with ${options.base} (criss-cross merges): rebase the branch onto ${options.base}, so that what it changes is one diff`,
      1,
    );
  const environments = environmentsAt(top, base, tree);
  // -z: paths as they are; --no-renames: a file moved out of the team's folders is a deletion and an addition, both checked
  const raw = git(['-c', 'core.quotePath=false', 'diff', '--raw', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', bases[0], head, '--'], top).split('\0');
  const files: ProposalFile[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const [, newMode, , , status] = raw[i].split(' ');
    const file = raw[i + 1];
    const change = CHANGES[status?.charAt(0)] ?? 'modified';
    // a deleted file's mode is 000000: what matters is where it was
    const problem = problemOf(file, change === 'deleted' ? '100644' : newMode, options.team, tree, environments);
    files.push({ file, change, ...(problem ? { problem } : {}) });
  }
  return { team: options.team, mergeBase: bases[0], head, tree, ...(environments ? { environments } : {}), files };
}

/** A path as printed: as is when plain, quoted (control characters escaped) otherwise. */
const shown = (file: string) => (/^[\w./@+=,:~-]+$/.test(file) ? file : show(file));

/** `paved proposal`: exit 0 when every file the branch changes is the team's, 1 naming every other, 2 when the branch cannot be read. */
export function proposalCommand(io: { out: (t: string) => void; err: (t: string) => void; cwd: string }, options: ProposalCliOptions): number {
  const team = options.team ?? '';
  if (!isDns1123Label(team)) {
    io.err(`paved proposal: --team ${show(options.team)} is not allowed: the team's name (an RFC 1123 label), e.g. --team payments\n`);
    return 1;
  }
  let scope: ProposalScope;
  try {
    scope = proposalScope(io.cwd, { team, base: options.base ?? '', head: options.head ?? 'HEAD', tree: options.tree ?? readConfig(io.cwd).out ?? 'gitops' });
  } catch (e) {
    if (!(e instanceof ProposalInputError)) throw e;
    io.err(`paved proposal: ${e.message}\n`);
    return e.exitCode;
  }
  const t = scope.tree === '.' ? '' : `${scope.tree}/`;
  const folders = `${t}${scope.environments ? `{${scope.environments.join(',')}}` : '<env>'}/teams/${team}/apps/ and ${t}catalog/teams/${team}/apps/`;
  const refused = scope.files.filter((f) => f.problem);
  io.out(
    `paved proposal: team ${team}, ${options.head ?? 'HEAD'} (${scope.head.slice(0, 12)}) against its merge base with ${options.base} (${scope.mergeBase.slice(0, 12)}): ${scope.files.length} file(s) changed\n`,
  );
  for (const f of scope.files) io.out(`  ${f.problem ? '!' : ' '} ${f.change.padEnd(12)} ${shown(f.file)}${f.problem ? `: ${f.problem}` : ''}\n`);
  if (refused.length > 0) {
    io.out(`refused: ${refused.length} file(s) the team may not change; a team's branch changes only ${folders}\n`);
    return 1;
  }
  io.out(`every file is the team's: ${folders}\n`);
  return 0;
}
