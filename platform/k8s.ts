/**
 * The cdk8s entry point: synthesizes the example organisation into the GitOps
 * tree (`gitops/`, or the folder in `PAVED_OUT`), atomically. Exits 1 with
 * every problem listed, writing nothing, when the definitions are invalid.
 */
import * as path from 'path';
import { synthGitOps } from '../lib';
import { apps } from '../apps';
import { org } from './org';

function main(): number {
  const outDir = path.resolve(process.env.PAVED_OUT ?? 'gitops');
  const shown = path.relative(process.cwd(), outDir) || outDir;
  const result = synthGitOps({ org, apps, outDir });
  if (!result.written) {
    process.stderr.write(`synth failed with ${result.errors.length} problem(s); ${shown} is unchanged:\n`);
    for (const e of result.errors) process.stderr.write(`  - ${e.replace(/\n/g, '\n    ')}\n`);
    return 1;
  }
  process.stdout.write(`wrote ${result.files.size} files to ${shown} in ${result.elapsedMs.toFixed(0)} ms\n`);
  for (const [kind, n] of Object.entries(result.objectsByKind).sort(([a], [b]) => a.localeCompare(b))) {
    process.stdout.write(`  ${String(n).padStart(5)}  ${kind}\n`);
  }
  process.stdout.write(`validated ${result.validation?.objects ?? 0} objects: no problems\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`synth failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 2;
}
