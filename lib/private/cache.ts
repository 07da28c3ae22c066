/**
 * paved's cache folder, for results that are costly to compute and the same
 * for the same input (CUE evaluations, validators compiled at run time, V8's
 * compiled code of the precompiled validators):
 * `node_modules/.cache/paved/<kind>` below the working folder when it has a
 * `node_modules`; `PAVED_CACHE_DIR` names another folder, and
 * `PAVED_CACHE_DIR=off` keeps nothing on disk. Every entry is named by a hash
 * of its whole input, so the folder can be deleted at any time.
 */
import * as fs from 'fs';
import * as path from 'path';

let root: string | null | undefined;
/** A second folder entries are read from (never written): see {@link useCacheFolders}. */
let fallback: string | null = null;

/**
 * Keeps entries in `write` (read from there first) and reads those it has not
 * from `read`, which is never written: the process that runs a team's
 * definitions keeps its own entries apart, so nothing it writes is ever read
 * by a paved run that holds more (a validator's code in the cache is run).
 * @internal
 */
export function useCacheFolders(write: string | null, read: string | null): void {
  root = write;
  fallback = read;
}

/** The cache's root folder (`PAVED_CACHE_DIR`, or `node_modules/.cache/paved` below the working folder), or null when nothing is kept. */
export function cacheRoot(): string | null {
  cacheFolder('');
  return root ?? null;
}

/** The folder for one kind of entry, or null when nothing is kept on disk. */
export function cacheFolder(kind: string): string | null {
  if (root === undefined) {
    const configured = process.env.PAVED_CACHE_DIR;
    if (configured !== undefined && configured !== '') root = configured === 'off' ? null : path.resolve(configured);
    else root = fs.existsSync(path.join(process.cwd(), 'node_modules')) ? path.join(process.cwd(), 'node_modules', '.cache', 'paved') : null;
  }
  return root === null ? null : path.join(root, kind);
}

/** An entry's content, or undefined when it is not kept (or unreadable). */
export function readCached(kind: string, name: string): string | undefined {
  return readCachedBytes(kind, name)?.toString('utf8');
}

/** An entry's bytes, or undefined when it is not kept (or unreadable). */
export function readCachedBytes(kind: string, name: string): Buffer | undefined {
  for (const folder of [cacheFolder(kind), fallback === null ? null : path.join(fallback, kind)]) {
    if (!folder) continue;
    try {
      return fs.readFileSync(path.join(folder, name));
    } catch {
      // not kept there
    }
  }
  return undefined;
}

/** Keeps an entry: written whole, then renamed, so that a concurrent reader sees all of it or nothing. Failures are ignored. */
export function writeCached(kind: string, name: string, content: string | Uint8Array): void {
  const folder = cacheFolder(kind);
  if (!folder) return;
  try {
    fs.mkdirSync(folder, { recursive: true });
    const temporary = path.join(folder, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, path.join(folder, name));
  } catch {
    // a read-only or full disk only costs the next run the work
  }
}
