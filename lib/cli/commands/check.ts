import type { CommandSpec } from '../command';
import { collect, definitionOptions } from '../command';
import type { SynthOptions } from '../synth-command';

/** The work (a synth into a scratch copy): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../check-command') as typeof import('../check-command');

/** `paved check`: the drift gate. */
export const check: CommandSpec = {
  name: 'check',
  register: (program, { io, run }) =>
    definitionOptions(
      program
        .command('check')
        .description('fail if the committed tree differs from what synth writes (the drift gate)')
        .option('--out <dir>', 'the committed tree (default: package.json "paved.out", or gitops)')
        .option('--env <names>', 'only these environments', collect)
        .option('--team <names>', 'only these teams', collect),
    ).action((opts: SynthOptions) => run(() => work().checkCommand(io, opts))()),
};
