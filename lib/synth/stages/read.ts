import * as fs from 'fs';
import { recoverTree } from '../../private/atomic-tree';
import { conflictBlocks, jsonSyntaxError } from '../../private/merge-state';
import { PUBLISHED_ONLY_FILES } from '../../portal/service-index';
import { entryFindings } from '../../validate/argo-tree';
import { type Finding, type ManifestObject } from '../../validate/findings';
import { readManifestContent } from '../../validate/manifest-read';
import { readTreeManifests } from '../../validate/manifests';
import { type SourceTree, type TreeEntry, diskTree } from '../../validate/source-tree';

/** What a synth read from the tree before it built, holding the lock. */
export interface TreeBefore {
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

/**
 * The read stage (synthGitOps, holding the tree's lock, before the build):
 * repairs what a stopped run left half done, then reads the files this synth
 * owns and those it keeps; a link is named, never followed.
 */
export function readOwnTree(outDir: string, owns: (file: string) => boolean, preread?: TreePreread): TreeBefore {
  const { recovered, tree } = preread ?? prereadTree(outDir);
  return { recovered, ...readTree(tree, owns) };
}

/** The tree as the read stage found it before it knew which files the synth owns: what it repaired, and every entry with its bytes. */
export interface TreePreread {
  readonly recovered: readonly string[];
  /** The tree, every regular file read (undefined when there is no tree). */
  readonly tree: SourceTree | undefined;
}

/**
 * The read stage's disk work, done ahead (holding the tree's lock): repairs
 * what a stopped run left half done, lists the tree and reads every regular
 * file, so that `paved synth` does it while the definition loads in its sandbox.
 * @internal
 */
export function prereadTree(outDir: string): TreePreread {
  const recovered = recoverTree(outDir);
  if (!fs.existsSync(outDir)) return { recovered, tree: undefined };
  const tree = diskTree(outDir);
  for (const [file, entry] of tree.entries) if (entry.type === 'file') tree.read(file);
  return { recovered, tree };
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
function readTree(tree: SourceTree | undefined, owns: (file: string) => boolean): { keptFiles: Map<string, string>; ownedBefore: Map<string, string>; existing: ManifestObject[]; problems: string[] } {
  const keptFiles = new Map<string, string>();
  const ownedBefore = new Map<string, string>();
  const problems = new Set<string>();
  if (!tree) return { keptFiles, ownedBefore, existing: [], problems: [] };
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
