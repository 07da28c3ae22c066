/**
 * Reading the two sides of a diff: a folder, or a folder as it is at a Git
 * revision. Files are read as bytes (a diff parses only those that differ).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ManifestObject } from '../validate/findings';
import { type AppliedFile, isEnvironmentTreeOf, readGitOpsTree, teamFolderOf } from '../validate/argo-tree';
import { MAX_FILE_BYTES, readManifest, readManifestObjects } from '../validate/manifest-read';
import { type SourceTree, type TreeEntry, byTreePath, diskTree } from '../validate/source-tree';
import { compareStrings } from '../private/compare';
import { mayHoldArgoObject } from './argo-group';
import { readTreeInWorker } from './tree-worker';
import type { TreeFiles } from './types';

/** Why a side of a diff cannot be read. */
export type DiffInputProblem = 'missing-folder' | 'no-git' | 'not-a-repository' | 'no-commits' | 'unknown-revision' | 'git-failed';

/** A side of a diff that cannot be read: a folder that does not exist, a Git revision that does not. */
export class DiffInputError extends Error {
  /**
   * @param problem what is wrong
   * @param where the folder, or the Git revision
   * @param detail what Git said, if it failed
   */
  constructor(
    public readonly problem: DiffInputProblem,
    public readonly where: string,
    public readonly detail = '',
  ) {
    super(`${where}: ${problem}${detail ? `: ${detail}` : ''}`);
    this.name = 'DiffInputError';
  }
}

/**
 * The objects of files already read, by path and content: the two sides of a diff share most files, so a file the
 * same on both is parsed once (pass one map to both reads). The objects are read, never changed.
 */
export type ParsedFiles = Map<string, readonly ManifestObject[]>;

/**
 * The files of a tree split as Argo CD reads it (see readGitOpsTree): the
 * manifests its Applications apply (and the catalog's entities) and every
 * other file. Nothing is followed or opened but the tree's regular files: a
 * link is a file whose bytes are its target (as Git stores it), a file over
 * paved's size limit is one line that says so (its bytes are not read), a
 * special file (a FIFO, a Git submodule) is left out. What the reader
 * refuses (links, special files, files no Application applies, a file in a
 * team's folder that changes how Argo CD reads it) is kept as findings.
 */
function splitTree(tree: SourceTree, parsed: ParsedFiles = new Map()): TreeFiles {
  const objectsOf = (a: AppliedFile) => {
    const content = tree.read(a.file);
    // only Argo CD's own objects say which folders are read: other files are parsed once, later, and only when they differ
    if (!('bytes' in content) || !mayHoldArgoObject(content.bytes)) return [];
    const text = content.bytes.toString('utf8');
    const key = `${a.file}\0${text}`;
    let objects = parsed.get(key);
    if (objects === undefined) parsed.set(key, (objects = readManifestObjects(a.file, text)));
    return objects;
  };
  // what the reader parsed is not parsed again (the diff reads the Applications beside a change)
  const parseShared = (file: string, text: string) => parsed.get(`${file}\0${text}`) ?? readManifestObjects(file, text);
  const environments = isEnvironmentTreeOf(tree);
  const reading = readGitOpsTree(tree, { environments, objectsOf });
  const applied = new Map(reading.applied.map((a) => [a.file, a]));
  const manifests = new Set([...reading.applied.map((a) => a.file), ...reading.catalog]);
  const files = new Map<string, Buffer>();
  const others = new Map<string, Buffer>();
  for (const [file, entry] of tree.entries) {
    if (entry.type === 'link') others.set(file, Buffer.from(entry.target ?? ''));
    if (entry.type !== 'file') continue;
    const content = tree.read(file);
    const bytes =
      'bytes' in content ? content.bytes : Buffer.from(`(${'tooLarge' in content ? `${content.tooLarge} bytes: over paved's limit of ${MAX_FILE_BYTES} per file` : content.notRegular}: not read)\n`);
    (manifests.has(file) && 'bytes' in content ? files : others).set(file, bytes);
  }
  const sorted = new Map([...files].sort(([a], [b]) => byTreePath(a, b)));
  // a file that differs is read as the validator reads it, so that what Argo CD would not read is said
  const read = (file: string, bytes: Buffer) => {
    const a = applied.get(file);
    return readManifest(file, bytes, { ...(a?.clientSide ? { clientSideApplyBy: a.application } : {}), teamFolder: teamFolderOf(file, environments) !== undefined });
  };
  return { files: sorted, others, parse: readManifestObjects, parseShared, read, findings: reading.findings };
}

/**
 * Reads the files of a folder: the manifests Argo CD applies from it, and its
 * other files. A missing folder has none (a command that needs the folder
 * checks it exists).
 */
export function readTreeFilesFromDirectory(dir: string, parsed?: ParsedFiles): TreeFiles {
  if (!fs.existsSync(dir)) return { files: new Map(), others: new Map(), parse: readManifestObjects };
  return splitTree(diskTree(dir), parsed);
}

/** A folder's tree with every regular file read, or undefined when something cannot be read (it is read again, later, to say what). */
function readWhole(dir: string): SourceTree | undefined {
  try {
    const tree = diskTree(dir);
    for (const [file, entry] of tree.entries) if (entry.type === 'file') tree.read(file);
    return tree;
  } catch {
    return undefined;
  }
}

/**
 * Reads the files of two folders (a diff's sides) as {@link readTreeFilesFromDirectory} reads each, the first one's on a
 * worker thread while this thread runs `meanwhile`, then reads the second's: the same files, read in about half the time
 * on two cores.
 */
export async function readTreeFilesFromDirectories(first: string, second: string, parsed: ParsedFiles, meanwhile: () => void = () => undefined): Promise<[TreeFiles, TreeFiles]> {
  const pending = fs.existsSync(first) ? readTreeInWorker(first) : Promise.resolve(undefined);
  meanwhile();
  const secondTree = fs.existsSync(second) ? readWhole(second) : undefined;
  const firstTree = await pending;
  const side = (dir: string, tree: SourceTree | undefined) => (fs.existsSync(dir) ? splitTree(tree ?? diskTree(dir), parsed) : { files: new Map(), others: new Map(), parse: readManifestObjects });
  const a = side(first, firstTree);
  return [a, side(second, secondTree)];
}

/** Reads the YAML objects of a folder. */
export function readTreeFromDirectory(dir: string): ManifestObject[] {
  return parseTree(readTreeFilesFromDirectory(dir));
}

/** Runs git; its errors become a {@link DiffInputError} (what it printed is kept, not shown to the user as is). */
function git(args: readonly string[], cwd: string, input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (error.code === 'ENOENT') throw new DiffInputError('no-git', cwd);
    throw new DiffInputError('git-failed', cwd, (error.stderr?.toString('utf8') ?? error.message).trim());
  }
}

/** The real path of a path that may not exist (that of its nearest existing parent, and the rest as given). */
function realPath(p: string): string {
  const missing: string[] = [];
  let at = p;
  while (!fs.existsSync(at) && path.dirname(at) !== at) {
    missing.unshift(path.basename(at));
    at = path.dirname(at);
  }
  return path.join(fs.realpathSync.native(at), ...missing);
}

/**
 * Reads the files of a folder as they are at a Git revision (one `git`
 * process for the listing and one for all the contents), split as on disk
 * into YAML manifests and other files. A folder that does not exist at that
 * revision has none. Throws a {@link DiffInputError} when the folder is not in
 * a Git repository, the repository has no commit yet, or the revision does
 * not exist.
 */
export function readTreeFilesFromGit(dir: string, ref: string, parsed?: ParsedFiles): TreeFiles {
  const absolute = realPath(path.resolve(dir));
  let cwd = absolute;
  while (!fs.existsSync(cwd) && path.dirname(cwd) !== cwd) cwd = path.dirname(cwd);
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim();
  } catch (e) {
    throw e instanceof DiffInputError && e.problem === 'git-failed' ? new DiffInputError('not-a-repository', dir, e.detail) : e;
  }
  try {
    if (ref.startsWith('-')) throw new DiffInputError('git-failed', ref, 'not a revision');
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch (e) {
    if (!(e instanceof DiffInputError) || e.problem !== 'git-failed') throw e;
    let hasCommits = true;
    try {
      git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], top);
    } catch {
      hasCommits = git(['rev-list', '-n', '1', '--all'], top).length > 0;
    }
    throw new DiffInputError(hasCommits ? 'unknown-revision' : 'no-commits', ref);
  }
  const rel = path.relative(top, absolute).split(path.sep).join('/') || '.';
  const listing = git(['ls-tree', '-r', '-t', '-l', '-z', ref, '--', rel], top).toString('utf8');
  const entries = new Map<string, TreeEntry>();
  const blobs: { file: string; sha: string }[] = [];
  const tooLarge = new Map<string, number>();
  for (const line of listing.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [mode, type, sha, size] = line.slice(0, tab).split(/ +/);
    const full = line.slice(tab + 1);
    if (rel !== '.' && !full.startsWith(`${rel}/`)) continue;
    const file = rel === '.' ? full : full.slice(rel.length + 1);
    if (type === 'tree') entries.set(file, { type: 'dir' });
    else if (type === 'commit') entries.set(file, { type: 'other', what: 'Git submodule' });
    else if (mode === '120000') blobs.push({ file, sha });
    else {
      entries.set(file, { type: 'file' });
      if (Number(size) > MAX_FILE_BYTES) tooLarge.set(file, Number(size));
      else blobs.push({ file, sha });
    }
  }
  const contents = new Map<string, Buffer>();
  if (blobs.length > 0) {
    const out = git(['cat-file', '--batch'], top, blobs.map((e) => e.sha).join('\n') + '\n');
    let offset = 0;
    for (const e of blobs) {
      const headerEnd = out.indexOf(10, offset);
      const size = Number(out.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
      contents.set(e.file, out.subarray(headerEnd + 1, headerEnd + 1 + size));
      offset = headerEnd + 1 + size + 1;
    }
  }
  // a link's blob is its target
  for (const e of blobs) if (!entries.has(e.file)) entries.set(e.file, { type: 'link', target: contents.get(e.file)?.toString('utf8') ?? '' });
  const tree: SourceTree = {
    entries: new Map([...entries].sort(([a], [b]) => compareStrings(a, b))),
    read: (file) => {
      const big = tooLarge.get(file);
      if (big !== undefined) return { tooLarge: big };
      const bytes = entries.get(file)?.type === 'file' ? contents.get(file) : undefined;
      return bytes ? { bytes } : { notRegular: entries.get(file)?.type ?? 'missing' };
    },
  };
  return splitTree(tree, parsed);
}

/**
 * Reads the YAML objects of a folder as they are at a Git revision. A folder
 * that does not exist at that revision reads as empty.
 */
export function readTreeFromGit(dir: string, ref: string): ManifestObject[] {
  return parseTree(readTreeFilesFromGit(dir, ref));
}

/** Every object of a tree's files. */
export function parseTree(tree: TreeFiles): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const [file, bytes] of tree.files) objects.push(...tree.parse(file, bytes.toString('utf8')));
  return objects;
}
