import type { CommandSpec } from '../command';
import type { RenderCliOptions } from '../render-command';

/** The work (the renderer, CUE): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../render-command') as typeof import('../render-command');

/** `paved render`: KubeVela Applications rendered offline. */
export const render: CommandSpec = {
  name: 'render',
  register: (program, { io, run }) =>
    program
      .command('render')
      .description('render KubeVela Applications offline into the objects KubeVela would create')
      .argument('[dir]', 'the tree (default: gitops)')
      .option('--app <name>', 'only the Applications of this name')
      .option('--out <dir>', 'write the objects as files below this folder instead of printing them')
      .action((dir: string | undefined, opts: RenderCliOptions) => run(() => work().renderCommand(io, dir, opts))()),
};
