/**
 * Reading the two sides of a diff: a folder, or a folder as it is at a Git
 * revision. Files are read as bytes (a diff parses only those that differ).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ManifestObject } from '../validate/findings';
import { readManifestObjects } from '../validate/manifests';
import { compareStrings } from '../private/compare';
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

const isManifestName = (name: string) => /\.ya?ml$/.test(name);

/**
 * The files below a folder (or the one file), '/' separated, sorted by name in
 * each folder: the YAML manifests (every .yaml/.yml file but those of a Helm
 * chart, a folder with a Chart.yaml, whose templates are not manifests) and
 * every other file. A `.git` folder is not part of the tree.
 */
function listTree(root: string): { manifests: Map<string, string>; others: Map<string, string> } {
  const manifests = new Map<string, string>();
  const others = new Map<string, string>();
  if (!fs.statSync(root).isDirectory()) {
    const inChart = fs.existsSync(path.join(path.dirname(root), 'Chart.yaml'));
    (isManifestName(root) && !inChart ? manifests : others).set(path.basename(root), root);
    return { manifests, others };
  }
  const walk = (dir: string, rel: string, inChart: boolean) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    const chart = inChart || entries.some((e) => e.name === 'Chart.yaml');
    for (const entry of entries) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      const full = `${dir}${path.sep}${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(full, name, chart);
      } else if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isFile())) {
        (isManifestName(entry.name) && !chart ? manifests : others).set(name, full);
      }
    }
  };
  walk(path.resolve(root), '', false);
  return { manifests, others };
}

/**
 * Reads the files of a folder: its YAML manifests (a Helm chart's templates
 * are not manifests) and its other files. A missing folder has none (a command
 * that needs the folder checks it exists).
 */
export function readTreeFilesFromDirectory(dir: string): TreeFiles {
  if (!fs.existsSync(dir)) return { files: new Map(), others: new Map(), parse: readManifestObjects };
  const listed = listTree(dir);
  return { files: readFiles(listed.manifests), others: readFiles(listed.others), parse: readManifestObjects };
}

/** How many bytes the buffers that files are read into hold (a larger file gets its own). */
const CHUNK = 8 << 20;

/**
 * Reads files (name → full path) into name → bytes: each file is read until
 * its end into a shared buffer (thousands of small files: one allocation per
 * 8 MiB instead of one per file, and no stat).
 */
function readFiles(paths: ReadonlyMap<string, string>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let chunk = Buffer.allocUnsafeSlow(CHUNK);
  let used = 0;
  for (const [rel, full] of paths) {
    const fd = fs.openSync(full, 'r');
    try {
      const start = used;
      for (;;) {
        if (used === chunk.length) {
          // the file does not fit what is left: read it on its own
          used = start;
          files.set(rel, fs.readFileSync(full));
          break;
        }
        const n = fs.readSync(fd, chunk, used, chunk.length - used, used - start);
        if (n === 0) {
          files.set(rel, chunk.subarray(start, used));
          break;
        }
        used += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    if (chunk.length - used < CHUNK / 8) {
      chunk = Buffer.allocUnsafeSlow(CHUNK);
      used = 0;
    }
  }
  return files;
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
export function readTreeFilesFromGit(dir: string, ref: string): TreeFiles {
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
  const listing = git(['ls-tree', '-r', '-z', ref, '--', rel], top).toString('utf8');
  const listed = listing
    .split('\0')
    .filter(Boolean)
    .flatMap((line) => {
      const tab = line.indexOf('\t');
      const [, type, sha] = line.slice(0, tab).split(' ');
      return type === 'blob' ? [{ sha, file: line.slice(tab + 1) }] : [];
    });
  // as on disk: a Helm chart's files (a folder with a Chart.yaml) are not manifests
  const charts = listed
    .filter((e) => path.posix.basename(e.file) === 'Chart.yaml')
    .map((e) => path.posix.dirname(e.file))
    .map((d) => (d === '.' ? '' : `${d}/`));
  const isManifest = (file: string) => isManifestName(file) && !charts.some((c) => file.startsWith(c));
  const files = new Map<string, Buffer>();
  const others = new Map<string, Buffer>();
  if (listed.length === 0) return { files, others, parse: readManifestObjects };
  const blobs = git(['cat-file', '--batch'], top, listed.map((e) => e.sha).join('\n') + '\n');
  let offset = 0;
  for (const e of listed) {
    const headerEnd = blobs.indexOf(10, offset);
    const size = Number(blobs.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const content = blobs.subarray(headerEnd + 1, headerEnd + 1 + size);
    offset = headerEnd + 1 + size + 1;
    (isManifest(e.file) ? files : others).set(rel === '.' ? e.file : path.posix.relative(rel, e.file), content);
  }
  return { files, others, parse: readManifestObjects };
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
