import { Option } from 'commander';
import type { CommandSpec } from '../command';
import { collect } from '../command';
import type { DiffCliOptions } from '../diff-command';

/** The work (the tree diff, the org's policies): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../diff-command') as typeof import('../diff-command');

/** `paved diff`: the tree against a Git revision or a folder, object by object. */
export const diff: CommandSpec = {
  name: 'diff',
  register: (program, { io, run }) =>
    program
      .command('diff')
      .description('compare the tree with a Git revision or a folder, object by object (exit 0: no change, 1: changes, 2: error)')
      .argument('[dir]', 'the tree (default: gitops)')
      .option('--base <ref>', 'Git revision to compare with', 'HEAD')
      .option('--base-dir <dir>', 'folder to compare with, instead of a Git revision')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
      .option('--rendered', 'also compare the objects KubeVela renders from the Applications')
      .option('--team <names>', "only these teams' apps folders, on both sides (repeat or comma-separate; default: the teams of a team repository's tree)", collect)
      .option(
        '--org <file>',
        'the org the platform publishes (gitops/org.json): new images its environments refuse and what claims cost go under "needs review" (default: package.json "paved.org", or org.json in the tree)',
      )
      .option('--full-diff-url <url>', 'where CI keeps the full diff (an artifact): the Markdown links to it, and names it where it summarizes')
      .action((dir: string | undefined, opts: DiffCliOptions) => run(() => work().diffCommand(io, dir, opts))()),
};
