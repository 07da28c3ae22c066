/**
 * Runs the ported KubeVela engine tests (upstream-cases.ts) through paved's
 * renderer and prints what it got, as JSON, for upstream.test.ts. A process
 * of its own: CUE (cue-wasm) is an ES module jest cannot load.
 */
import { evaluateCue } from '../../../lib/render/cue';
import { renderComponent } from '../../../lib/render/engine';
import { type Json } from '../../../lib/render/json';
import { applyPatch } from '../../../lib/render/patch';
import { patchShape } from '../../../lib/render/patch-tags';
import { ENGINE_CASES, SETS_CASES } from './upstream-cases';

/** What one case gave. */
export interface CaseOutcome {
  readonly error?: string;
  readonly workload?: Json;
  readonly auxiliaries?: { readonly [typeAndName: string]: Json };
  readonly order?: readonly string[];
  readonly result?: Json;
  /** The expected result's CUE, evaluated (sets cases). */
  readonly expected?: Json;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function main(): Promise<void> {
  const out: Record<string, CaseOutcome> = {};
  for (const c of ENGINE_CASES) {
    if (c.skip) continue;
    const context: { [key: string]: Json } = {
      name: 'test',
      appName: 'myapp',
      namespace: 'default',
      appRevision: 'myapp-v1',
      appRevisionNum: 1,
      clusterVersion: { major: 1, minor: c.clusterMinor ?? 32, gitVersion: `v1.${c.clusterMinor ?? 32}.0` },
    };
    const r = await renderComponent(
      { type: 'component', template: c.component.template, ...(c.component.params !== undefined ? { properties: c.component.params } : {}) },
      c.traits.map((t) => ({ type: t.name, template: t.template, ...(t.params !== undefined ? { properties: t.params } : {}) })),
      context,
    );
    const auxiliaries: { [key: string]: Json } = {};
    for (const a of r.auxiliaries) auxiliaries[a.type + a.name] = a.object;
    out[c.id] = r.failure ? { error: r.failure.message } : { ...(r.workload !== undefined ? { workload: r.workload } : {}), auxiliaries, order: r.auxiliaries.map((a) => a.name) };
  }
  for (const c of SETS_CASES) {
    if (c.skip) continue;
    try {
      const base = (await evaluateCue(c.base)) as Json;
      const value = (await evaluateCue(c.patch)) as Json;
      const result = applyPatch(base, { value, shape: patchShape(c.patch), ...(c.options ? { tags: { patchStrategy: c.options } } : {}) });
      out[c.id] = { result, ...(c.result !== undefined ? { expected: (await evaluateCue(c.result)) as Json } : {}) };
    } catch (e) {
      out[c.id] = { error: message(e) };
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${message(e)}\n`);
  process.exit(2);
});
