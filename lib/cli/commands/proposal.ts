import type { CommandSpec } from '../command';
import type { ProposalCliOptions } from '../proposal-command';

/** The work (Git, the org): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../proposal-command') as typeof import('../proposal-command');

/** `paved proposal`: a team's branch changes only the team's folders. */
export const proposal: CommandSpec = {
  name: 'proposal',
  register: (program, { io, run }) =>
    program
      .command('proposal')
      .description("fail when a team's branch changes a file outside the team's folders (<tree>/<env>/teams/<team>/apps/, <tree>/catalog/teams/<team>/apps/), or adds a link")
      .requiredOption('--team <team>', 'the team whose proposal the branch is')
      .requiredOption('--base <ref>', 'the branch it proposes to (e.g. origin/main): files are compared with the merge base')
      .option('--head <ref>', 'the proposal', 'HEAD')
      .option('--tree <dir>', 'the tree\'s folder (default: package.json "paved.out", or gitops)')
      .action((opts: ProposalCliOptions) => run(() => work().proposalCommand(io, opts))()),
};
