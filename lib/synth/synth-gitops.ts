import * as fs from 'fs';
import * as path from 'path';
import { CLUSTER_METADATA_CHART } from '../crossplane/cluster-metadata-config';
import { recoverTree, withTreeLock, withTreeLockAsync, writeTreeAtomically } from '../private/atomic-tree';
import { faultPoint } from '../private/faults';
import { listFiles } from '../private/files';
import { secretProblems } from '../private/secret-values';
import { ACCESS_REPORT_FILE } from '../report/access-report';
import { SERVICE_TEMPLATE_FOLDER } from '../portal/catalog';
import { LAST_CHANGED_FILE, type LastChanged, SERVICE_INDEX_FILE } from '../portal/service-index';
import { type ManifestObject } from '../validate/findings';
import { manifestFiles, readManifestObjects } from '../validate/manifests';
import { readLastChanged } from './change-day';
import { type GitOpsBuild, type GitOpsBuildOptions, HEADER, ORG_FILE, buildGitOps, ownedBy } from './gitops';

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
      const build = buildGitOps({ ...options, existing: [...(options.existing ?? []), ...run.before.existing], lastChanged: run.before.lastChanged });
      return finishSynth(options, run, build);
    },
    { onWait: options.onWaitForLock },
  );
}

/** What {@link synthGitOpsWith} hands the build: what the tree holds that the build does not own, and when each app last changed. */
export interface TreeSynthInput {
  /** The objects of the files this synth keeps (validated with the new ones). */
  readonly existing: readonly ManifestObject[];
  /** When each app last changed, as the tree recorded it. */
  readonly lastChanged: LastChanged;
}

/** Options of {@link synthGitOpsWith}: what decides which files of the tree a build owns, where the tree is, and the progress callbacks. */
export type TreeSynthOptions = Pick<GitOpsSynthOptions, 'org' | 'environments' | 'teams' | 'outDir' | 'onStage' | 'onWaitForLock' | 'lastChanged'>;

/**
 * {@link synthGitOps} with the build done elsewhere (`build`, e.g. in another
 * process): the tree is read, and written only when the build and the checks
 * here (no secret value, no file it does not own) find no problem, all while
 * holding the tree's lock. The build's file paths are checked again when the
 * tree is written (relative, inside the tree).
 * @internal
 */
export async function synthGitOpsWith(options: TreeSynthOptions, build: (input: TreeSynthInput) => Promise<GitOpsBuild>): Promise<GitOpsSynthResult> {
  return withTreeLockAsync(
    options.outDir,
    async () => {
      const run = startSynth(options);
      return finishSynth(options, run, await build({ existing: run.before.existing, lastChanged: run.before.lastChanged }));
    },
    { onWait: options.onWaitForLock },
  );
}

/**
 * Whether a file of the tree is one paved writes: YAML it generated (its
 * header), or one of its reports, records and copied files.
 */
function writtenByPaved(file: string, text: string): boolean {
  if (text.startsWith(HEADER)) return true;
  return [ORG_FILE, ACCESS_REPORT_FILE, SERVICE_INDEX_FILE, LAST_CHANGED_FILE].includes(file) || file.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`) || file.startsWith(`${CLUSTER_METADATA_CHART}/`);
}

/** What a synth read from the tree before it built, holding the lock. */
interface TreeBefore {
  /** What the synth repaired first (a swap a stopped run left half done). */
  readonly recovered: readonly string[];
  /** Files this synth does not own, by path: written back as they are. */
  readonly keptFiles: Map<string, string>;
  /** Files this synth owns, as they were. */
  readonly ownedBefore: Map<string, string>;
  /** The kept files' objects. */
  readonly existing: readonly ManifestObject[];
  readonly lastChanged: LastChanged;
  /** Entries of the tree that are not plain files (links): never read, and the synth fails. */
  readonly problems: readonly string[];
}

interface SynthRun {
  readonly before: TreeBefore;
  readonly stage: (name: string) => void;
  readonly started: bigint;
}

/** Reads the tree (holding its lock): the files this synth owns and those it keeps; a link is named, never followed. */
function startSynth(options: TreeSynthOptions): SynthRun {
  const started = process.hrtime.bigint();
  let last = started;
  const stage = (name: string) => {
    const now = process.hrtime.bigint();
    options.onStage?.(name, Number(now - last) / 1e6);
    last = now;
  };
  const recovered = recoverTree(options.outDir);
  const owns = ownedBy(options);
  const keptFiles = new Map<string, string>();
  const ownedBefore = new Map<string, string>();
  const problems: string[] = [];
  const shown = path.basename(path.resolve(options.outDir));
  if (fs.existsSync(options.outDir)) {
    for (const file of listFiles(options.outDir)) {
      const full = path.join(options.outDir, file);
      // a link (a team's proposal can hold one) would be read where it points, outside the tree: it is not read at all
      if (!fs.lstatSync(full).isFile()) {
        problems.push(`${shown}/${file}: a symbolic link (or another entry that is not a file) is not allowed in the tree: a file (paved follows no link, it could point outside the repository)`);
        continue;
      }
      const text = fs.readFileSync(full, 'utf8');
      if (!owns(file)) keptFiles.set(file, text);
      else ownedBefore.set(file, text);
    }
  }
  // the kept files' objects (only the kept files are parsed; a Helm chart's templates are not manifests)
  const existing: ManifestObject[] = [];
  if (keptFiles.size > 0) {
    for (const rel of manifestFiles(options.outDir).keys()) {
      const file = rel.split(path.sep).join('/');
      const text = keptFiles.get(file);
      if (text !== undefined) existing.push(...readManifestObjects(file, text));
    }
  }
  const lastChangedFile = path.join(options.outDir, LAST_CHANGED_FILE);
  const lastChanged = options.lastChanged ?? (fs.existsSync(lastChangedFile) && fs.lstatSync(lastChangedFile).isFile() ? readLastChanged(options.outDir) : {});
  stage('read');
  faultPoint('gitops:read');
  return { before: { recovered, keptFiles, ownedBefore, existing, lastChanged, problems }, stage, started };
}

/** Checks the build against the tree (files it does not own, secret values) and writes it when nothing is wrong. */
function finishSynth(options: TreeSynthOptions, run: SynthRun, build: GitOpsBuild): GitOpsSynthResult {
  const { before, stage } = run;
  stage('build and validate');
  faultPoint('gitops:built');
  const keptFiles = new Map(before.keptFiles);
  // files paved did not write are never deleted: kept, and named
  const foreign = [...before.ownedBefore].filter(([file, text]) => !build.files.has(file) && !writtenByPaved(file, text)).map(([file]) => file);
  for (const file of foreign) keptFiles.set(file, before.ownedBefore.get(file) as string);
  const clash = [...build.files.keys()].filter((f) => keptFiles.has(f) && !before.ownedBefore.has(f));
  const errors = [
    ...before.problems,
    ...build.errors,
    ...clash.map((f) => `${f}: is not owned by this synth but would be written by it`),
    // the last guard: no secret value in any file paved writes, whichever construct produced it
    ...secretProblems(build.files, path.basename(path.resolve(options.outDir))),
  ];
  const written = errors.length === 0;
  let unchanged = false;
  if (written) {
    const next = new Map([...keptFiles, ...build.files]);
    // the tree already holds exactly these bytes (the usual case after an edit that changes nothing here): no write
    const previous = new Map([...before.ownedBefore, ...before.keptFiles]);
    const same = fs.existsSync(options.outDir) && next.size === previous.size && [...next].every(([file, text]) => previous.get(file) === text);
    unchanged = same;
    if (!same) writeTreeAtomically(options.outDir, next, 'gitops');
    stage(same ? 'write (nothing changed)' : 'write');
  }
  return {
    ...build,
    errors,
    written,
    unchanged,
    kept: keptFiles.size,
    foreign,
    recovered: before.recovered,
    elapsedMs: Number(process.hrtime.bigint() - run.started) / 1e6,
  };
}
