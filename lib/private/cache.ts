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
  const folder = cacheFolder(kind);
  if (!folder) return undefined;
  try {
    return fs.readFileSync(path.join(folder, name));
  } catch {
    return undefined;
  }
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
