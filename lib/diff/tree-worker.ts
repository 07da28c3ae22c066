/**
 * One side of a diff read on a worker thread while this thread reads the
 * other: the tree's entries and every regular file's bytes, read as
 * {@link diskTree} reads them. Whatever goes wrong there (a folder or file that
 * cannot be read, a worker that cannot start), the side is read again here, as
 * before, so that what is said of it does not change.
 */
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import type { FileContent } from '../validate/manifest-read';
import { type SourceTree, type TreeEntry, diskTree } from '../validate/source-tree';

/** What the worker sends: the entries in order, each file's content (bytes as a range of `data`), or that it failed. */
type TreeMessage =
  | { readonly failed: true }
  | {
      readonly failed?: false;
      readonly base: string | undefined;
      readonly entries: readonly [string, TreeEntry][];
      /** Per regular file, in entry order: its bytes' length in `data`, or why they were not read. */
      readonly contents: readonly (number | Exclude<FileContent, { bytes: Buffer }>)[];
      readonly data: ArrayBuffer;
    };

const WORKER_FLAG = 'pavedDiffTree';

/** Reads a tree and every regular file of it (on the worker). */
function readWhole(dir: string): TreeMessage {
  const tree = diskTree(dir);
  const contents: (number | Exclude<FileContent, { bytes: Buffer }>)[] = [];
  const chunks: Buffer[] = [];
  let total = 0;
  for (const [file, entry] of tree.entries) {
    if (entry.type !== 'file') continue;
    const content = tree.read(file);
    if ('bytes' in content) {
      contents.push(content.bytes.length);
      chunks.push(content.bytes);
      total += content.bytes.length;
    } else contents.push(content);
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return { base: tree.base, entries: [...tree.entries], contents, data: data.buffer };
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] !== undefined) {
  let message: TreeMessage;
  try {
    message = readWhole(String((workerData as Record<string, unknown>)[WORKER_FLAG]));
  } catch {
    message = { failed: true };
  }
  parentPort.postMessage(message, message.failed ? [] : [message.data]);
}

/** The tree a worker read, as a {@link SourceTree} whose files are already read. */
function treeOf(message: Exclude<TreeMessage, { failed: true }>): SourceTree {
  const entries = new Map(message.entries);
  const read = new Map<string, FileContent>();
  let next = 0;
  let offset = 0;
  for (const [file, entry] of message.entries) {
    if (entry.type !== 'file') continue;
    const content = message.contents[next++];
    if (typeof content !== 'number') read.set(file, content);
    else {
      read.set(file, { bytes: Buffer.from(message.data, offset, content) });
      offset += content;
    }
  }
  return { entries, read: (file) => read.get(file) ?? { notRegular: entries.get(file)?.type ?? 'missing' }, ...(message.base !== undefined ? { base: message.base } : {}) };
}

/**
 * Starts reading a folder's tree on a worker thread: the promise gives the tree, or undefined when the worker could
 * not read it (the caller then reads it with {@link diskTree}, which says why).
 */
export function readTreeInWorker(dir: string): Promise<SourceTree | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(__filename, { workerData: { [WORKER_FLAG]: dir } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: TreeMessage) => resolve(message.failed ? undefined : treeOf(message)));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
