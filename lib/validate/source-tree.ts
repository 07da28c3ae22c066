import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from '../private/compare';
import { MAX_FILE_BYTES } from '../private/file-limits';
import type { FileContent } from './manifest-read';

export type { FileContent } from './manifest-read';

/**
 * A tree of files as a list of entries, read without following a single link:
 * a folder on disk or a Git revision look the same to the readers. A link is
 * an entry of its own (with its target, never read through), and so is
 * anything that is neither a file nor a folder (a FIFO, a socket, a device, a
 * Git submodule), which is never opened.
 */

/** What an entry of a tree is. */
export type EntryType = 'file' | 'dir' | 'link' | 'other';

/** One entry of a tree. */
export interface TreeEntry {
  readonly type: EntryType;
  /** A link's target, as written in the link. */
  readonly target?: string;
  /** What an `other` entry is (`FIFO`, `socket`, `Git submodule`, …). */
  readonly what?: string;
}

/** A tree of files: every entry below its root, and a way to read a file. */
export interface SourceTree {
  /** Every entry below the root by path ('/' separated, relative to the root), sorted by path. */
  readonly entries: ReadonlyMap<string, TreeEntry>;
  /** A file's bytes; never more than {@link MAX_FILE_BYTES} are read. */
  read(file: string): FileContent;
  /** The folder on disk the paths are relative to, for a tree read from disk. */
  readonly base?: string;
}

const childIndex = new WeakMap<SourceTree, Map<string, string[]>>();

/** The entries directly in a folder of a tree (`''`: its root), by path, sorted by name as Go's filepath.Walk visits them (byte order). */
export function childrenOf(tree: SourceTree, folder: string): readonly string[] {
  let index = childIndex.get(tree);
  if (!index) {
    index = new Map();
    for (const p of tree.entries.keys()) {
      const slash = p.lastIndexOf('/');
      const parent = slash < 0 ? '' : p.slice(0, slash);
      const list = index.get(parent);
      if (list) list.push(p);
      else index.set(parent, [p]);
    }
    // byte order (Go sorts names as bytes)
    for (const list of index.values()) list.sort(byUtf8);
    childIndex.set(tree, index);
  }
  return index.get(folder) ?? [];
}

function direntType(entry: fs.Dirent): { type: EntryType; what?: string } {
  if (entry.isDirectory()) return { type: 'dir' };
  if (entry.isFile()) return { type: 'file' };
  if (entry.isSymbolicLink()) return { type: 'link' };
  const what = entry.isFIFO() ? 'FIFO' : entry.isSocket() ? 'socket' : entry.isBlockDevice() || entry.isCharacterDevice() ? 'device' : 'special file';
  return { type: 'other', what };
}

/**
 * Opens a file without following a link and without waiting on a FIFO, and
 * reads at most `limit + 1` bytes of it into `into` (or a new buffer).
 * @internal
 */
export function readRegularFile(full: string, limit = MAX_FILE_BYTES): FileContent {
  let fd: number;
  try {
    fd = fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return { notRegular: 'link' };
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { notRegular: stat.isDirectory() ? 'folder' : stat.isFIFO() ? 'FIFO' : stat.isSocket() ? 'socket' : 'device' };
    if (stat.size > limit) return { tooLarge: stat.size };
    const buffer = Buffer.allocUnsafe(stat.size + 1);
    let used = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, used, buffer.length - used, used);
      if (n === 0) break;
      used += n;
      if (used === buffer.length) return { tooLarge: used };
    }
    return { bytes: buffer.subarray(0, used) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The tree below a folder on disk (or the one file), read with `lstat`
 * semantics: a link is listed, never followed; a `.git` folder (or a
 * submodule's `.git` file) is not part of the tree.
 */
export function diskTree(root: string): SourceTree {
  const entries = new Map<string, TreeEntry>();
  const resolved = path.resolve(root);
  const single = !fs.statSync(resolved).isDirectory();
  const base = single ? path.dirname(resolved) : resolved;
  if (single) {
    entries.set(path.basename(resolved), { type: 'file' });
  } else {
    const walk = (dir: string, rel: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === '.git') continue;
        const name = rel ? `${rel}/${entry.name}` : entry.name;
        const full = `${dir}${path.sep}${entry.name}`;
        const { type, what } = direntType(entry);
        if (type === 'link') entries.set(name, { type, target: fs.readlinkSync(full) });
        else entries.set(name, what ? { type, what } : { type });
        if (type === 'dir') walk(full, name);
      }
    };
    walk(resolved, '');
  }
  const sorted = new Map([...entries].sort(([a], [b]) => compareStrings(a, b)));
  // each file is read once (the readers look at some twice: for Argo CD's skip marker, then for its objects)
  const cache = new Map<string, FileContent>();
  const read = (file: string) => {
    let content = cache.get(file);
    if (!content) {
      content = sorted.get(file)?.type === 'file' ? readRegularFile(path.join(base, ...file.split('/'))) : { notRegular: sorted.get(file)?.type ?? 'missing' };
      cache.set(file, content);
    }
    return content;
  };
  return { entries: sorted, read, base };
}

/** The first code unit at which two strings differ (the shorter one's length when one starts the other). */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/**
 * Orders strings as their UTF-8 bytes (Go's order of names): as their code units where they first differ, unless a
 * surrogate is there or just before (then as their bytes).
 * @internal
 */
export function byUtf8(a: string, b: string): number {
  const i = firstDifference(a, b);
  const ca = i < a.length ? a.charCodeAt(i) : -1;
  const cb = i < b.length ? b.charCodeAt(i) : -1;
  if (ca === cb) return 0;
  if (isSurrogate(ca) || isSurrogate(cb) || (i > 0 && isSurrogate(a.charCodeAt(i - 1)))) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return ca < cb ? -1 : 1;
}

const SLASH = 0x2f;

/**
 * Orders tree paths as a walk of the tree does: folder by folder, names in order (by code unit, as compareStrings),
 * a folder's own path before the paths below it.
 */
export function byTreePath(a: string, b: string): number {
  // where they first differ, a name that ends (at a `/` or the path's end) comes before one that goes on
  const i = firstDifference(a, b);
  const ca = i < a.length ? a.charCodeAt(i) : -1;
  const cb = i < b.length ? b.charCodeAt(i) : -1;
  if (ca === cb) return 0;
  const endA = ca === -1 || ca === SLASH;
  const endB = cb === -1 || cb === SLASH;
  if (endA && endB) return ca === -1 ? -1 : 1;
  if (endA !== endB) return endA ? -1 : 1;
  return ca < cb ? -1 : 1;
}
