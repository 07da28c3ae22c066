import { withTreeLock, withTreeLockAsync } from '../private/atomic-tree';
import { faultPoint } from '../private/faults';
import { type ManifestObject } from '../validate/findings';
import { type GitOpsBuild, type GitOpsBuildOptions, buildGitOps, ownedBy } from './gitops';
import { type TreeBefore, type TreePreread, prereadTree, readOwnTree } from './stages/read';
import { writeTree } from './stages/write';

/** What {@link synthGitOps} did. */
export interface GitOpsSynthResult extends GitOpsBuild {
  /** Whether the tree was written (false when there were errors). */
  readonly written: boolean;
  /** Whether the tree already held exactly what this synth built, so nothing was written. */
  readonly unchanged: boolean;
  /** Files left as they were because this synth does not own them. */
  readonly kept: number;
  /** Files in the part of the tree this synth owns that paved did not write: kept, never deleted. */
  readonly foreign: readonly string[];
  /** What the synth repaired before it ran (a swap a stopped run left half done, its temporary folders). */
  readonly recovered: readonly string[];
  /** Wall time of the run, in milliseconds. */
  readonly elapsedMs: number;
}

/** Options of {@link synthGitOps}. */
export interface GitOpsSynthOptions extends GitOpsBuildOptions {
  /** The tree's folder. */
  readonly outDir: string;
  /**
   * Called as each stage ends, with its duration.
   * @default - silent
   */
  readonly onStage?: (stage: string, ms: number) => void;
  /**
   * Called when another run is writing the tree and this one waits for it.
   * @default - silent
   */
  readonly onWaitForLock?: (holder: string) => void;
}

/**
 * Builds the GitOps tree and, only when there is no problem at all, writes it
 * to `outDir` atomically: the files this synth owns (see {@link ownedBy}) are
 * replaced, every other file is kept and validated with them. On any problem
 * nothing is written and the previous tree stays as it was.
 */
export function synthGitOps(options: GitOpsSynthOptions): GitOpsSynthResult {
  return withTreeLock(
    options.outDir,
    () => {
      const run = startSynth(options);
      const build = buildGitOps({ ...options, existing: [...(options.existing ?? []), ...run.before.existing] });
      return finishSynth(options, run, build);
    },
    { onWait: options.onWaitForLock },
  );
}

/** What {@link synthGitOpsLoading} hands the build: what the tree holds that the build does not own. */
export interface TreeSynthInput {
  /** The objects of the files this synth keeps (validated with the new ones). */
  readonly existing: readonly ManifestObject[];
}

/** Options of {@link synthGitOpsLoading}: what decides which files of the tree a build owns, where the tree is, and the progress callbacks. */
export type TreeSynthOptions = Pick<GitOpsSynthOptions, 'org' | 'environments' | 'teams' | 'outDir' | 'onStage' | 'onWaitForLock'>;

/**
 * {@link synthGitOps} with the build done elsewhere (`build`, e.g. in another
 * process) and its options not known yet: the tree's lock is taken and its
 * files read first, then `load` runs (another process loading the definition,
 * which decides which files the synth owns) while nothing else may write the
 * tree, which is not read again. The tree is written only when the build and
 * the checks here (no secret value, no file it does not own) find no problem;
 * the build's file paths are checked again when it is written (relative,
 * inside the tree). When `load` throws, nothing is written and the lock is
 * released.
 * @internal
 */
export async function synthGitOpsLoading(
  tree: Pick<TreeSynthOptions, 'outDir' | 'onWaitForLock'>,
  load: () => Promise<TreeSynthOptions>,
  build: (input: TreeSynthInput) => Promise<GitOpsBuild>,
): Promise<GitOpsSynthResult> {
  return withTreeLockAsync(
    tree.outDir,
    async () => {
      const started = process.hrtime.bigint();
      const preread = prereadTree(tree.outDir);
      const readMs = Number(process.hrtime.bigint() - started) / 1e6;
      const options = await load();
      const run = startSynth(options, { preread, readMs });
      return finishSynth(options, run, await build({ existing: run.before.existing }));
    },
    { onWait: tree.onWaitForLock },
  );
}

interface SynthRun {
  readonly before: TreeBefore;
  readonly stage: (name: string, extraMs?: number) => void;
  readonly started: bigint;
}

/** Reads the tree (holding its lock): the files this synth owns and those it keeps; a link is named, never followed. */
function startSynth(options: TreeSynthOptions, ahead?: { readonly preread: TreePreread; readonly readMs: number }): SynthRun {
  const started = process.hrtime.bigint();
  let last = started;
  const stage = (name: string, extraMs = 0) => {
    const now = process.hrtime.bigint();
    options.onStage?.(name, Number(now - last) / 1e6 + extraMs);
    last = now;
  };
  const before = readOwnTree(options.outDir, ownedBy(options), ahead?.preread);
  // (a tree read ahead counts its reading here too, though it was done while the definition loaded)
  stage('read', ahead?.readMs);
  faultPoint('gitops:read');
  return { before, stage, started };
}

/** Checks the build against the tree (files it does not own, secret values) and writes it when nothing is wrong. */
function finishSynth(options: TreeSynthOptions, run: SynthRun, build: GitOpsBuild): GitOpsSynthResult {
  const { before, stage } = run;
  stage('build and validate');
  faultPoint('gitops:built');
  const write = writeTree(options.outDir, before, build);
  if (write.written) stage(write.unchanged ? 'write (nothing changed)' : 'write');
  return {
    ...build,
    ...write,
    recovered: before.recovered,
    elapsedMs: Number(process.hrtime.bigint() - run.started) / 1e6,
  };
}
