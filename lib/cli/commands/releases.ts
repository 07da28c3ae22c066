import type { CommandSpec } from '../command';
import type { ReleaseCliOptions } from '../release-command';
import { releaseWork } from './release';

/** `paved releases [--check]`: which build each app runs where, and its gates. */
export const releases: CommandSpec = {
  name: 'releases',
  register: (program, { io, run }) =>
    program
      .command('releases')
      .description("which build each app runs where (release records); --check proves every record's gates from Git history (exit 1 naming each that fails)")
      .option('--check', 'prove the gates of what HEAD (or the working tree) changes: soak times, the chain of environments')
      .option('--all', 'with --check: every record and proposed app, whenever it entered')
      .option('--lands-at <time>', "with --check: HEAD's changes land at this moment (ISO 8601, or now), not at HEAD's commit date: a pull request's merge result, whose date its author chose")
      .option('--at <time>', 'the moment a record not committed yet is measured to (ISO 8601; default: now)')
      .option('--codeowners', "print the CODEOWNERS entries that make each environment's approvers review its records")
      .option('--org <file>', 'the org (default: package.json "paved.org", or org.json in the tree)')
      .action((opts: ReleaseCliOptions & { check?: boolean; all?: boolean; codeowners?: boolean; landsAt?: string }) => run(() => releaseWork().releasesCommand(io, opts))()),
};
