import * as fs from 'fs';
import * as path from 'path';
import { faultPoint } from './faults';
import { describeOsError } from './os-errors';

/**
 * Writing a whole tree (gitops/, cdktf.out/) so that a reader or the next run
 * never sees a mix of the old tree and the new one: written beside it, swapped
 * in with two renames (the old tree aside, then the new one in place), guarded
 * by a lock. Between the two renames there is, for an instant, no tree at the
 * path, and a process killed exactly there leaves none until the next run (or
 * `paved check`, which also fails on a missing tree) finishes the swap: the old
 * tree waits complete beside it (`.<name>-old-*`). A job that commits a tree must
 * check it first (docs/ci.md): Node.js offers no atomic exchange of two folders.
 * @internal
 */

const sibling = (target: string, kind: 'new' | 'old' | 'build') => `.${path.basename(target)}-${kind}-`;

/** Thrown when another run holds a tree's lock. */
export class TreeLockedError extends Error {
  constructor(target: string, holder: string) {
    super(`${target} is being written by another paved run (${holder}); wait for it to finish, or remove ${lockFile(target)} if that process no longer runs`);
    this.name = 'TreeLockedError';
  }
}

function lockFile(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How {@link withTreeLock} waits for another run. */
export interface TreeLockOptions {
  /**
   * How long to wait for another run to release the lock, in milliseconds.
   * @default 300000 (five minutes)
   */
  readonly timeoutMs?: number;
  /**
   * Called once when the lock is held by another run and this one starts to wait.
   * @default - silent
   */
  readonly onWait?: (holder: string) => void;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` holding the tree's lock (a file beside it, created exclusively): a
 * second run waits until the first is done (then builds on its tree), and fails
 * with {@link TreeLockedError} naming the holder when it waited `timeoutMs`; a
 * lock left by a process that is gone is taken over.
 */
export function withTreeLock<T>(outDir: string, fn: () => T, options: TreeLockOptions = {}): T {
  const release = acquireTreeLock(outDir, options);
  try {
    return fn();
  } finally {
    release();
  }
}

/** {@link withTreeLock} for work that ends later (`fn` returns a promise): the lock is held until it settles. */
export async function withTreeLockAsync<T>(outDir: string, fn: () => Promise<T>, options: TreeLockOptions = {}): Promise<T> {
  const release = acquireTreeLock(outDir, options);
  try {
    return await fn();
  } finally {
    release();
  }
}

/** Takes the tree's lock (waiting for another run as {@link withTreeLock} says); returns what releases it. */
function acquireTreeLock(outDir: string, options: TreeLockOptions): () => void {
  const target = path.resolve(outDir);
  // a folder created only to hold the lock goes again if nothing was written
  const created = fs.mkdirSync(path.dirname(target), { recursive: true });
  const lock = lockFile(target);
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let waiting = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(lock, 'utf8').trim());
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      if (Date.now() >= deadline) throw new TreeLockedError(target, `process ${holder}`);
      if (!waiting) options.onWait?.(`process ${holder}`);
      waiting = true;
      sleep(100);
      continue;
    }
    // the holder is gone (killed): its lock is stale; the recovery that follows repairs what it left
    fs.rmSync(lock, { force: true });
  }
  return () => {
    fs.rmSync(lock, { force: true });
    if (created !== undefined && !fs.existsSync(target)) removeEmptyUpTo(path.dirname(target), path.dirname(created));
  };
}

/** Removes `dir` and its parents up to (not including) `stop`, as long as they are empty. */
function removeEmptyUpTo(dir: string, stop: string): void {
  for (let d = dir; d !== stop && d.startsWith(stop); d = path.dirname(d)) {
    if (fs.readdirSync(d).length > 0) return;
    fs.rmdirSync(d);
  }
}

/**
 * Finishes or undoes a swap an earlier run could not complete, and removes
 * the temporary folders of killed runs. Call it holding the lock. Returns what
 * it did, one line each.
 */
export function recoverTree(outDir: string): string[] {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) return [];
  const done: string[] = [];
  const entries = fs.readdirSync(parent).sort();
  const olds = entries.filter((e) => e.startsWith(sibling(target, 'old'))).map((e) => path.join(parent, e));
  const news = entries.filter((e) => e.startsWith(sibling(target, 'new')) || e.startsWith(sibling(target, 'build'))).map((e) => path.join(parent, e));
  if (!fs.existsSync(target) && olds.length > 0) {
    // killed between the two renames: the old tree is complete, the new one may not be
    const old = olds[olds.length - 1];
    fs.renameSync(old, target);
    done.push(`restored ${path.basename(target)} from ${path.basename(old)} (a previous run was stopped while it swapped the tree)`);
  }
  for (const stale of [...olds, ...news]) {
    if (!fs.existsSync(stale)) continue;
    fs.rmSync(stale, { recursive: true, force: true });
    done.push(`removed ${path.basename(stale)} (left by a stopped run)`);
  }
  return done;
}

/**
 * Replaces the directory `outDir` with exactly `files` (paths relative to it):
 * everything is written to a temporary sibling first, which is then renamed
 * into place. A failure before the swap leaves the previous tree untouched; a
 * crash between the two renames is repaired by {@link recoverTree}.
 */
export function writeTreeAtomically(outDir: string, files: ReadonlyMap<string, string | Buffer>, fault = 'tree'): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, sibling(target, 'new')));
  try {
    let written = 0;
    // each folder made once (a tree of 1,000 apps has 10,000 files in 2,000 folders)
    const folders = new Set<string>();
    for (const [file, content] of files) {
      // half-way: for cdktf.out, between one environment's stack and the next
      if (written++ === Math.ceil(files.size / 2)) faultPoint(`${fault}:partly-staged`);
      const full = path.join(staging, file);
      if (!full.startsWith(staging + path.sep)) throw new Error(`refusing to write outside the tree: ${file}`);
      const folder = path.dirname(full);
      if (!folders.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      fs.writeFileSync(full, content);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new TreeWriteError(`writing the new tree beside ${target} (in ${staging})`, e, `${target} is unchanged`);
  }
  faultPoint(`${fault}:staged`);
  if (fs.existsSync(target)) {
    const previous = staging.replace(sibling(target, 'new'), sibling(target, 'old'));
    try {
      fs.renameSync(target, previous);
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new TreeWriteError(`moving ${target} aside to ${previous}`, e, `${target} is unchanged`);
    }
    faultPoint(`${fault}:between-renames`);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      fs.renameSync(previous, target);
      fs.rmSync(staging, { recursive: true, force: true });
      throw new TreeWriteError(`moving the new tree ${staging} to ${target}`, e, `${target} is unchanged`);
    }
    faultPoint(`${fault}:swapped`);
    fs.rmSync(previous, { recursive: true, force: true });
  } else {
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new TreeWriteError(`moving the new tree ${staging} to ${target}`, e, `${target} was not created`);
    }
  }
}

/** A temporary folder beside `outDir` to build a tree in (removed by {@link recoverTree} if a run is killed). */
export function buildFolder(outDir: string): string {
  const target = path.resolve(outDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  return fs.mkdtempSync(path.join(path.dirname(target), sibling(target, 'build')));
}

/** A tree could not be written: says what paved was doing, where, why, and that the previous tree is intact. */
export class TreeWriteError extends Error {
  constructor(doing: string, cause: unknown, state: string) {
    const why = describeOsError(cause);
    super(`could not finish ${doing}: ${why}. ${state}; fix the cause (free space, permissions, the program holding the folder) and run again`);
    this.name = 'TreeWriteError';
  }
}
