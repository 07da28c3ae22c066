/**
 * A synth into a scratch copy of the committed tree, for the commands that
 * compare it with what synth writes (`paved check`, `paved publish`).
 * @internal
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthInSandbox } from './sandboxed-synth';
import type { Org } from '../org/org';
import { listFiles } from '../private/files';
import type { GitOpsSynthResult } from '../synth/synth-gitops';

/** A synth of the committed tree's sources into a scratch copy of it, and how the committed tree differs from it. */
export interface ScratchSynth {
  /** The scratch folder (remove it when done). */
  readonly scratch: string;
  /** The synthesized copy of the tree, inside `scratch`. */
  readonly tree: string;
  /** The synth's result: `written` is false when it refused. */
  readonly result: GitOpsSynthResult;
  /** The org the definition defines (or reads), once loaded. */
  readonly org?: Org;
  /** How the committed tree differs from the synthesized copy: `+ file` (only synthesized), `- file` (only committed), `~ file` (other bytes). */
  readonly differing: readonly string[];
  /** The number of files the synth wrote. */
  readonly files: number;
}

/** Where the synth prints, and the project it runs in. */
export interface ScratchSynthIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

/** What to synthesize: the definition and org (as `paved synth` takes them), and only some environments or teams. */
export interface ScratchSynthOptions {
  readonly definition?: string;
  readonly org?: string;
  readonly env?: readonly string[];
  readonly team?: readonly string[];
}

/**
 * Synthesizes the committed tree's sources into a scratch copy of it (the
 * definition in a sandbox, as `paved synth`; the files the synth keeps, such
 * as a team repository's proposal, copied with it) and lists how the committed
 * tree differs. The committed tree is never written.
 */
export async function synthIntoScratch(io: ScratchSynthIo, root: string, options: ScratchSynthOptions, scratchPrefix = 'paved-check-'): Promise<ScratchSynth> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
  try {
    const copy = path.join(scratch, path.basename(root));
    if (fs.existsSync(root)) fs.cpSync(root, copy, { recursive: true });
    let org: Org | undefined;
    const { result } = await synthInSandbox(io, {
      cwd: io.cwd,
      definition: options.definition,
      org: options.org,
      env: options.env,
      team: options.team,
      outDir: copy,
      onLoaded: (loaded) => {
        org = loaded.org;
      },
    });
    if (!result.written) return { scratch, tree: copy, result, differing: [], files: 0, ...(org ? { org } : {}) };
    const committed = fs.existsSync(root) ? listFiles(root) : [];
    const fresh = listFiles(copy);
    const inCommitted = new Set(committed);
    const inFresh = new Set(fresh);
    const differing = [
      ...fresh.filter((f) => !inCommitted.has(f)).map((f) => `+ ${f}`),
      ...committed.filter((f) => !inFresh.has(f)).map((f) => `- ${f}`),
      ...fresh.filter((f) => inCommitted.has(f) && !fs.readFileSync(path.join(root, f)).equals(fs.readFileSync(path.join(copy, f)))).map((f) => `~ ${f}`),
    ];
    return { scratch, tree: copy, result, differing, files: fresh.length, ...(org ? { org } : {}) };
  } catch (e) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}
