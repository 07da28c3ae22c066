/** `paved check`: the drift gate, the committed tree against what synth writes. */
import * as fs from 'fs';
import * as path from 'path';
import { EXIT, type Io } from './command';
import { printDiff } from './diff-command';
import { synthIntoScratch } from './scratch-synth';
import type { SynthOptions } from './synth-command';
import { defaultTree } from './tree';
import { terminalValue } from '../private/escape';

/** The tree diff: loaded when the trees differ. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const treeDiff = () => require('../diff/tree-diff') as typeof import('../diff/tree-diff');

/** `paved check`: synthesizes into a scratch copy (the definition in a sandbox, as `paved synth`) and fails if the committed tree differs. */
export async function checkCommand(io: Io, options: SynthOptions & { readonly format?: string }): Promise<number> {
  const root = defaultTree(io, options.out);
  const synth = await synthIntoScratch(io, root, options);
  try {
    const { result, differing } = synth;
    if (!result.written) {
      io.err(`paved check: synth failed with ${result.errors.length} problem(s):\n`);
      for (const e of result.errors) io.err(`  - ${e}\n`);
      return EXIT.FINDINGS;
    }
    const shown = path.relative(io.cwd, root) || '.';
    if (differing.length === 0) {
      io.out(`paved check: ${shown} is up to date (${synth.files} files)\n`);
      return EXIT.OK;
    }
    io.out(`paved check: ${shown} differs from what synth writes (${differing.length} file(s)); run 'paved synth' and commit:\n`);
    for (const d of differing.slice(0, 50)) io.out(`  ${terminalValue(d)}\n`);
    if (differing.length > 50) io.out(`  ... and ${differing.length - 50} more\n`);
    printDiff(io, treeDiff().diffTreeFiles(treeDiff().readTreeFilesFromDirectory(root), treeDiff().readTreeFilesFromDirectory(synth.tree), { clusterPerTopLevelFolder: true }), options.format);
    return EXIT.FINDINGS;
  } finally {
    fs.rmSync(synth.scratch, { recursive: true, force: true });
  }
}
