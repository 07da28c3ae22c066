/**
 * The cloud side's entry point (cdktf.json: `node dist/platform/infra.js`):
 * one Terraform stack per environment of the example org, synthesized into
 * `cdktf.out/` (or `$PAVED_CDKTF_OUT`). Every cdktf import stays in lib/infra.
 */
import type { Org } from '../lib/org/org';
import { PavedValidationError, synthInfra } from '../lib/infra';
import { addOnVersion } from './versions';

/** The example org, loaded when asked for so that its validation errors are reported like the stacks' ones. */
function exampleOrg(): Org {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./org') as typeof import('./org')).org;
}

/**
 * Synthesizes every environment's stack into `outdir` and prints one line per
 * stack and the total time; on a bad definition prints every problem, writes
 * nothing and returns 1.
 */
export function main(outdir: string, log: (line: string) => void = console.log, loadOrg: () => Org = exampleOrg): number {
  const started = Date.now();
  try {
    const org = loadOrg();
    // the bootstrap installs the Argo CD chart the GitOps tree pins, so the handover changes nothing
    const result = synthInfra({ org, outdir, argoCdChartVersion: (e) => addOnVersion('argocd', e.name) });
    log(`paved infra: ${result.stacks.length} stack(s) → ${outdir}`);
    for (const s of result.stacks) log(`  ${s.name}: ${s.resources} resources, ${s.dataSources} data sources (${s.file})`);
    log(`synthesized ${result.stacks.length} stack(s) in ${Date.now() - started} ms`);
    return 0;
  } catch (e) {
    if (!(e instanceof PavedValidationError)) throw e;
    log(`infra synth failed with ${e.problems.length} problem(s); ${outdir} is unchanged:`);
    for (const line of e.message.split('\n')) log(`  - ${line}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.env.PAVED_CDKTF_OUT || 'cdktf.out');
}
