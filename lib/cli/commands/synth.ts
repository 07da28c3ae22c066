import type { CommandSpec } from '../command';
import { collect, definitionOptions } from '../command';
import type { SynthOptions } from '../synth-command';

/** The work (the sandbox, the synth's records): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../synth-command') as typeof import('../synth-command');

/** `paved synth`: build, validate and write the GitOps tree atomically. */
export const synth: CommandSpec = {
  name: 'synth',
  register: (program, { io, run }) =>
    definitionOptions(
      program
        .command('synth')
        .description('synthesize the GitOps tree: build, validate, write atomically (nothing is written on any problem)')
        .option('--env <names>', 'only these environments (repeat or comma-separate)', collect)
        .option('--team <names>', "only these teams' parts (repeat or comma-separate)", collect)
        .option('--out <dir>', 'the tree\'s folder (default: package.json "paved.out", or gitops)'),
    ).action((opts: SynthOptions) => run(() => work().synthCommand(io, opts))()),
};
