import * as fs from 'fs';
import * as path from 'path';
import { CLUSTER_METADATA_CHART } from '../crossplane/cluster-metadata-config';
import { recoverTree, withTreeLock, withTreeLockAsync, writeTreeAtomically } from '../private/atomic-tree';
import { faultPoint } from '../private/faults';
import { conflictBlocks, jsonSyntaxError } from '../private/merge-state';
import { formatProblem } from '../private/problems';
import { secretsInObject, secretsInTree } from '../private/secret-values';
import { ACCESS_REPORT_FILE } from '../report/access-report';
import { SERVICE_TEMPLATE_FOLDER } from '../portal/catalog';
import { PUBLISHED_ONLY_FILES } from '../portal/service-index';
import { type Finding, type ManifestObject } from '../validate/findings';
import { entryFindings } from '../validate/argo-tree';
import { readTreeManifests } from '../validate/manifests';
import { readManifestContent } from '../validate/manifest-read';
import { type SourceTree, type TreeEntry, diskTree } from '../validate/source-tree';
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
      const build = buildGitOps({ ...options, existing: [...(options.existing ?? []), ...run.before.existing] });
      return finishSynth(options, run, build);
    },
    { onWait: options.onWaitForLock },
  );
}

/** What {@link synthGitOpsWith} hands the build: what the tree holds that the build does not own. */
export interface TreeSynthInput {
  /** The objects of the files this synth keeps (validated with the new ones). */
  readonly existing: readonly ManifestObject[];
}

/** Options of {@link synthGitOpsWith}: what decides which files of the tree a build owns, where the tree is, and the progress callbacks. */
export type TreeSynthOptions = Pick<GitOpsSynthOptions, 'org' | 'environments' | 'teams' | 'outDir' | 'onStage' | 'onWaitForLock'>;

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
      return finishSynth(options, run, await build({ existing: run.before.existing }));
    },
    { onWait: options.onWaitForLock },
  );
}

/**
 * Whether a file of the tree is one paved writes: YAML it generated (its
 * header), or one of its reports, records and copied files. The files only the
 * published tree holds (CATALOG.md, catalog/last-changed.json) count too: a tree
 * synthesized before they left it loses them at the next synth.
 */
function writtenByPaved(file: string, text: string): boolean {
  if (text.startsWith(HEADER)) return true;
  return [ORG_FILE, ACCESS_REPORT_FILE, ...PUBLISHED_ONLY_FILES].includes(file) || file.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`) || file.startsWith(`${CLUSTER_METADATA_CHART}/`);
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
  const { keptFiles, ownedBefore, existing, problems } = readTree(options.outDir, owns);
  stage('read');
  faultPoint('gitops:read');
  return { before: { recovered, keptFiles, ownedBefore, existing, problems }, stage, started };
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
    // the files kept are written again too: the secrets the validator cannot name by an object's field (comments, files that are no manifests)
    ...keptSecrets(keptFiles, before.existing, path.basename(path.resolve(options.outDir))),
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

/** A finding on a file of the tree, as one line of the synth's errors. */
function showFinding(f: Finding): string {
  return `${f.file}: ${f.object}${f.field ? `: ${f.field}` : ''}: ${f.message}`;
}

/**
 * The tree as it is: the files this synth owns and those it keeps (a team
 * repository's apps folders, files paved did not write), and the objects of
 * the kept files as Argo CD will apply them with the Applications this synth
 * writes. Nothing is followed or opened but regular files inside the tree: a
 * link or a special file anywhere, a file over the size limit, and whatever
 * the validator's reader refuses in a kept file are problems (nothing is
 * written), each naming the file.
 */
function readTree(outDir: string, owns: (file: string) => boolean): { keptFiles: Map<string, string>; ownedBefore: Map<string, string>; existing: ManifestObject[]; problems: string[] } {
  const keptFiles = new Map<string, string>();
  const ownedBefore = new Map<string, string>();
  const problems = new Set<string>();
  if (!fs.existsSync(outDir)) return { keptFiles, ownedBefore, existing: [], problems: [] };
  const tree = diskTree(outDir);
  for (const f of entryFindings(tree, true)) problems.add(showFinding(f));
  const kept = new Map<string, TreeEntry>();
  for (const [file, entry] of tree.entries) {
    if (entry.type !== 'file') continue;
    const content = tree.read(file);
    if (!('bytes' in content)) {
      for (const f of readManifestContent(file, content).findings) problems.add(showFinding(f));
      continue;
    }
    const text = content.bytes.toString('utf8');
    // what a merge left half done: never read, never written over (the published tree's index files, which this synth
    // removes from a tree written before they left it, are never read: a conflict in them goes with them)
    const unmerged = PUBLISHED_ONLY_FILES.includes(file) ? [] : mergeProblems(file, text, owns(file));
    if (unmerged.length > 0) {
      for (const p of unmerged) problems.add(p);
      continue;
    }
    if (owns(file)) {
      ownedBefore.set(file, text);
    } else {
      keptFiles.set(file, text);
      kept.set(file, entry);
    }
  }
  // the kept files' objects, read as the Applications this synth writes will read them (a Helm chart's files are not manifests)
  let existing: ManifestObject[] = [];
  if (kept.size > 0) {
    // (a kept file outside a team's apps folder that nothing applies stays, named as kept: paved validate judges it)
    const reading = readTreeManifests(keptTree(tree, kept), { environments: true, generated: true, strayFiles: 'ignore' });
    for (const f of reading.findings) if (f.severity === 'error') problems.add(showFinding(f));
    existing = reading.objects;
  }
  return { keptFiles, ownedBefore, existing, problems: [...problems] };
}

/**
 * What a merge left in a file of the tree: Git's conflict markers (in any
 * file: a generated one, the state the synth reads, a team's proposal), and
 * JSON that does not parse (the state paved and team repositories read, e.g.
 * after a union merge), each named by file and line, with what to do.
 */
function mergeProblems(file: string, text: string, owned: boolean): string[] {
  const remedy = owned
    ? `paved writes this file: take either side (git checkout --ours or --theirs -- ${file}) or delete it, and synth writes it again`
    : "paved keeps this file as it is (a team repository's proposal, or a file paved did not write): take its owner's version";
  const blocks = conflictBlocks(text);
  if (blocks.length > 0) {
    return blocks.map(
      (b) =>
        `${file}: line ${b.start}: holds a merge conflict (${b.end === undefined ? "Git's markers without their end" : b.end === b.start ? "a stray marker of Git's" : `Git's markers, lines ${b.start} to ${b.end}`}): ${remedy}`,
    );
  }
  if (!file.endsWith('.json')) return [];
  const error = jsonSyntaxError(text);
  return error ? [`${file}: line ${error.line}, column ${error.column}: is not JSON (expected ${error.expected}): ${remedy}`] : [];
}

/** The part of a tree that is the kept files (and their folders). */
function keptTree(tree: SourceTree, kept: ReadonlyMap<string, TreeEntry>): SourceTree {
  const entries = new Map<string, TreeEntry>();
  for (const [file, entry] of kept) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) entries.set(parts.slice(0, i).join('/'), { type: 'dir' });
    entries.set(file, entry);
  }
  return { entries, read: (file) => tree.read(file), ...(tree.base !== undefined ? { base: tree.base } : {}) };
}

/**
 * The secrets in the files a synth keeps (a team repository's proposal, files
 * paved did not write): the validator names those the kept manifests' objects
 * hold, by file and field; this names the rest (a comment, a file the
 * validator does not read), by file and line or field.
 */
function keptSecrets(kept: ReadonlyMap<string, string>, validated: readonly ManifestObject[], tree: string): string[] {
  const holding = new Set(validated.filter((m) => secretsInObject(m.object).length > 0).map((m) => m.file));
  return [...secretsInTree(kept, tree)].filter(([file]) => !holding.has(file)).flatMap(([, problems]) => problems.map(formatProblem));
}
