/**
 * The cdk8s entry point: synthesizes the example organisation into the GitOps
 * tree (`gitops/`, or `PAVED_OUT`), atomically. Exits 1 with every problem
 * listed, writing nothing, when the definitions are invalid.
 */
import * as path from 'path';
import { buildGitOps, writeTreeAtomically } from '../lib';
import { apps } from '../apps';
import { org } from './org';

function main(): number {
  const started = process.hrtime.bigint();
  const outDir = path.resolve(process.env.PAVED_OUT ?? 'gitops');
  const result = buildGitOps({ org, apps });
  if (result.errors.length > 0) {
    process.stderr.write(`synth failed with ${result.errors.length} problem(s); ${path.relative(process.cwd(), outDir) || outDir} is unchanged:\n`);
    for (const e of result.errors) process.stderr.write(`  - ${e}\n`);
    return 1;
  }
  writeTreeAtomically(outDir, result.files);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const kinds = Object.entries(result.objectsByKind).sort(([a], [b]) => a.localeCompare(b));
  process.stdout.write(`wrote ${result.files.size} files to ${path.relative(process.cwd(), outDir) || outDir} in ${ms.toFixed(0)} ms\n`);
  for (const [kind, n] of kinds) process.stdout.write(`  ${String(n).padStart(4)}  ${kind}\n`);
  process.stdout.write(`validated: ${result.validation?.findings.length ?? 0} finding(s)\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`synth failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 2;
}
