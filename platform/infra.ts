/**
 * The cloud side's entry point (cdktf.json: `node dist/platform/infra.js`):
 * one Terraform stack per environment of the example org, synthesized into
 * `cdktf.out/` (or `$PAVED_CDKTF_OUT`). Every cdktf import stays in lib/infra.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Org } from '../lib/org/org';
import { inputsDigest } from '../lib/private/inputs-digest';
import { addOnVersion } from './versions';

/** The file in the output folder that records the digest of what the stacks were synthesized from. */
const INPUTS_FILE = '.paved-inputs';

/**
 * What the stacks depend on: the compiled library and platform (the org, the
 * versions, every construct) and the locked dependencies. Apps are not among
 * them: the cloud side never reads a team's app.
 */
function inputs(): string[] {
  const root = path.join(__dirname, '..', '..');
  const js = (dir: string) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.js'))
          .map((f) => path.join(dir, f))
      : [];
  return [...js(path.join(root, 'dist', 'lib')), ...js(path.join(root, 'dist', 'platform')), path.join(root, 'package-lock.json')];
}

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
  // nothing the stacks depend on changed since they were written: they are what a synth would write (an app edit lands here)
  const digest = inputsDigest(inputs(), path.join(__dirname, '..', '..'));
  const recorded = path.join(outdir, INPUTS_FILE);
  if (loadOrg === exampleOrg && fs.existsSync(path.join(outdir, 'manifest.json')) && fs.existsSync(recorded) && fs.readFileSync(recorded, 'utf8').trim() === digest) {
    log(`paved infra: ${outdir} is up to date (the library, the platform and the dependencies are unchanged since it was written) in ${Date.now() - started} ms`);
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PavedValidationError, synthInfra } = require('../lib/infra') as typeof import('../lib/infra');
  try {
    const org = loadOrg();
    // the bootstrap installs the Argo CD chart the GitOps tree pins, so the handover changes nothing
    const result = synthInfra({ org, outdir, argoCdChartVersion: (e) => addOnVersion('argocd', e.name), extraFiles: new Map([[INPUTS_FILE, `${digest}\n`]]) });
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
