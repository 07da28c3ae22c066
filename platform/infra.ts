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
  return prepare(outdir, log, loadOrg)();
}

/**
 * {@link main} in two halves: this call synthesizes the stacks (in memory, as
 * far as `outdir` is concerned) and prints nothing; the function it returns
 * writes them (unless they are up to date), prints main's lines and returns
 * its exit code. Not calling it leaves `outdir` as it was. What this call
 * throws (paved failing, not a bad definition) is thrown by the function.
 */
export function prepare(outdir: string, log: (line: string) => void = console.log, loadOrg: () => Org = exampleOrg): () => number {
  const started = Date.now();
  try {
    const write = prepareStacks(outdir, loadOrg);
    const prepared = Date.now() - started;
    return () => {
      const t = Date.now();
      const outcome = write();
      for (const line of outcome.lines) log(line);
      if (outcome.stacks !== undefined) log(`synthesized ${outcome.stacks} stack(s) in ${prepared + Date.now() - t} ms`);
      return outcome.code;
    };
  } catch (e) {
    return () => {
      throw e;
    };
  }
}

/** What writing the stacks did: the exit code, the lines to print, and how many stacks were written (then the total time follows). */
interface Outcome {
  readonly code: number;
  readonly lines: readonly string[];
  readonly stacks?: number;
}

/** Synthesizes the stacks (unless they are up to date); the function returned writes them. */
function prepareStacks(outdir: string, loadOrg: () => Org): () => Outcome {
  const started = Date.now();
  // nothing the stacks depend on changed since they were written: they are what a synth would write (an app edit lands here)
  const digest = inputsDigest(inputs(), path.join(__dirname, '..', '..'));
  const recorded = path.join(outdir, INPUTS_FILE);
  if (loadOrg === exampleOrg && fs.existsSync(path.join(outdir, 'manifest.json')) && fs.existsSync(recorded) && fs.readFileSync(recorded, 'utf8').trim() === digest) {
    const lines = [`paved infra: ${outdir} is up to date (the library, the platform and the dependencies are unchanged since it was written) in ${Date.now() - started} ms`];
    return () => ({ code: 0, lines });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PavedValidationError, prepareInfra } = require('../lib/infra') as typeof import('../lib/infra');
  const failed = (e: unknown): Outcome => {
    if (!(e instanceof PavedValidationError)) throw e;
    return { code: 1, lines: [`infra synth failed with ${e.problems.length} problem(s); ${outdir} is unchanged:`, ...e.message.split('\n').map((line) => `  - ${line}`)] };
  };
  let prepared: ReturnType<typeof prepareInfra>;
  try {
    const org = loadOrg();
    // the bootstrap installs the Argo CD chart the GitOps tree pins, so the handover changes nothing
    prepared = prepareInfra({ org, outdir, argoCdChartVersion: (e) => addOnVersion('argocd', e.name), extraFiles: new Map([[INPUTS_FILE, `${digest}\n`]]) });
  } catch (e) {
    const result = failed(e);
    return () => result;
  }
  return () => {
    try {
      const result = prepared.write();
      const lines = [`paved infra: ${result.stacks.length} stack(s) → ${outdir}`, ...result.stacks.map((s) => `  ${s.name}: ${s.resources} resources, ${s.dataSources} data sources (${s.file})`)];
      return { code: 0, lines, stacks: result.stacks.length };
    } catch (e) {
      return failed(e);
    }
  };
}

if (require.main === module) {
  process.exitCode = main(process.env.PAVED_CDKTF_OUT || 'cdktf.out');
}
