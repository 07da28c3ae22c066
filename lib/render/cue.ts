/**
 * CUE evaluation through a WebAssembly build of CUE (the `cue-wasm` package,
 * which embeds CUE 0.4.3). The package is an ES module, so it is loaded with a
 * dynamic `import()` that the CommonJS output keeps as is.
 */

interface CueWasm {
  parse(source: string): Record<string, unknown>;
}

let loading: Promise<CueWasm> | undefined;

// keep `import()` as is: tsc would turn it into require(), which cannot load an ES module
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ init(): Promise<CueWasm> }>;

/** Loads the CUE engine once (about 0.4 s). */
export function loadCue(): Promise<CueWasm> {
  loading ??= importModule('cue-wasm').then((m) => m.init());
  return loading;
}

/** Evaluates CUE source into a plain value; throws with CUE's message when it fails. */
export async function evaluateCue(source: string): Promise<Record<string, unknown>> {
  const cue = await loadCue();
  try {
    return cue.parse(source);
  } catch (e) {
    throw new Error(typeof e === 'string' ? e : e instanceof Error ? e.message : String(e));
  }
}
