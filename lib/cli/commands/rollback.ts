import type { CommandSpec } from '../command';
import type { ReleaseCliOptions } from '../release-command';
import { recordOptions, releaseWork } from './release';

/** `paved rollback <team>/<app> --env <env>`: an app's previous build, from Git history. */
export const rollback: CommandSpec = {
  name: 'rollback',
  register: (program, { io, run }) =>
    recordOptions(
      program
        .command('rollback')
        .description("an app's previous build in an environment, from its record's Git history")
        .argument('<app>', '<team>/<app>')
        .requiredOption('--env <env>', 'the environment'),
    ).action((app: string, opts: ReleaseCliOptions & { env?: string }) => run(() => releaseWork().rollbackCommand(io, app, opts))()),
};
