import type { Command } from 'commander';
import type { CommandSpec } from '../command';
import type { ReleaseCliOptions } from '../release-command';

/** The work (release records, their gates from Git history, a synth): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const releaseWork = () => require('../release-command') as typeof import('../release-command');

/** The options of every command that changes a release record (release, promote, rollback). */
export function recordOptions(c: Command): Command {
  return c
    .option('--org <file>', 'the org (default: package.json "paved.org", or org.json in the tree)')
    .option('--definition <module>', 'compiled module exporting the definition (default: package.json "paved.definition")')
    .option('--base <ref>', 'Git revision the printed diff compares with', 'HEAD')
    .option('--base-dir <dir>', 'folder the printed diff compares with, instead of a Git revision');
}

/** `paved release <team>/<app> <image>`: a new build enters the first environment. */
export const release: CommandSpec = {
  name: 'release',
  register: (program, { io, run }) =>
    recordOptions(
      program
        .command('release')
        .description("a new build of an app enters the first environment of the org's chain: writes its release record, synthesizes, prints the diff")
        .argument('<app>', '<team>/<app>')
        .argument('<image>', 'the build, by digest with the tag it was built as: <registry>/<path>:<tag>@sha256:<digest>'),
    ).action((app: string, image: string, opts: ReleaseCliOptions) => run(() => releaseWork().releaseCommand(io, app, image, opts))()),
};
