import type { CommandSpec } from '../command';
import type { ReleaseCliOptions } from '../release-command';
import { recordOptions, releaseWork } from './release';

/** `paved promote <team>/<app> --to <env>`: a build moves along the chain of environments. */
export const promote: CommandSpec = {
  name: 'promote',
  register: (program, { io, run }) =>
    recordOptions(
      program
        .command('promote')
        .description('the build an app runs in the environment before --to enters --to, once it ran there for the soak time (from Git history)')
        .argument('<app>', '<team>/<app>')
        .requiredOption('--to <env>', 'the environment it enters')
        .option('--at <time>', 'the moment the soak time is measured to (ISO 8601; default: now)'),
    ).action((app: string, opts: ReleaseCliOptions & { to?: string }) => run(() => releaseWork().promoteCommand(io, app, opts))()),
};
