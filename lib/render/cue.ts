/**
 * CUE evaluation through a WebAssembly build of CUE (the `cue-wasm` package,
 * which embeds CUE 0.4.3). The package is an ES module, so it is loaded with a
 * dynamic `import()` that the CommonJS output keeps as is.
 *
 * Evaluating a definition's template takes CUE tenths of a second, and the
 * same programs come back (`paved validate --render` then `paved diff
 * --rendered` in CI, both sides of a diff), so results are kept by the
 * program's hash: in memory, and in paved's cache folder (`cue/`, see
 * lib/private/cache.ts). A program is the whole input of an evaluation, and
 * the key includes the cue-wasm version, so a kept result is the one CUE
 * would give.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readCached, writeCached } from '../private/cache';

interface CueWasm {
  /** The value as JSON (what `parse` parses); throws CUE's message. */
  toJSON(source: string): string;
}

let loading: Promise<CueWasm> | undefined;

// keep `import()` as is: tsc would turn it into require(), which cannot load an ES module
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant body, the only way to keep a dynamic import() through CommonJS output
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ init(): Promise<CueWasm> }>;

/** Loads the CUE engine once (about 0.4 s). */
export function loadCue(): Promise<CueWasm> {
  loading ??= importModule('cue-wasm').then((m) => m.init());
  return loading;
}

/** What an evaluation gave: the value's JSON, or CUE's message. */
type Outcome = { readonly value: string } | { readonly error: string };

const outcomes = new Map<string, Outcome>();
let engineVersion: string | undefined;

/** The cue-wasm version (part of every key). */
function cueVersion(): string {
  if (engineVersion === undefined) {
    // the package exports no package.json: read it next to its entry point
    let dir = path.dirname(require.resolve('cue-wasm'));
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    engineVersion = String((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version);
  }
  return engineVersion;
}

function readKept(key: string): Outcome | undefined {
  const text = readCached('cue', `${key}.json`);
  if (text === undefined) return undefined;
  try {
    const kept = JSON.parse(text) as Partial<{ value: string; error: string }>;
    if (typeof kept.value === 'string') return { value: kept.value };
    if (typeof kept.error === 'string') return { error: kept.error };
  } catch {
    // unreadable: evaluate
  }
  return undefined;
}

function keep(key: string, outcome: Outcome): void {
  writeCached('cue', `${key}.json`, JSON.stringify(outcome));
}

async function evaluate(source: string): Promise<Outcome> {
  const cue = await loadCue();
  try {
    return { value: cue.toJSON(source) };
  } catch (e) {
    return { error: typeof e === 'string' ? e : e instanceof Error ? e.message : String(e) };
  }
}

/** The key a program's result is kept by: SHA-256 of the cue-wasm version and the source. */
export function cueResultKey(source: string): string {
  return createHash('sha256').update(`cue-wasm ${cueVersion()}\n${source}`).digest('hex');
}

/** Evaluates CUE source into a plain value; throws with CUE's message when it fails. */
export async function evaluateCue(source: string): Promise<Record<string, unknown>> {
  const key = cueResultKey(source);
  let outcome = outcomes.get(key) ?? readKept(key);
  if (!outcome) {
    outcome = await evaluate(source);
    keep(key, outcome);
  }
  outcomes.set(key, outcome);
  if ('error' in outcome) throw new Error(outcome.error);
  return JSON.parse(outcome.value) as Record<string, unknown>;
}
