import { Option } from 'commander';
import type { CommandSpec } from '../command';
import { definitionOptions } from '../command';
import type { SupportCliOptions } from '../support-command';

/** The work (the support report, the catalog's releases): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../support-command') as typeof import('../support-command');

/** `paved support`: what runs near or past its end of support. */
export const support: CommandSpec = {
  name: 'support',
  register: (program, { io, run }) =>
    definitionOptions(
      program
        .command('support')
        .description('which environments run a Kubernetes version or an add-on near or past its end of support (a report: exit 0 unless --strict)')
        .argument('[dir]', 'the tree whose add-on charts and packages are read (default: gitops)')
        .option('--on <day>', 'the day to report for, YYYY-MM-DD (default: today, UTC)')
        .option('--within <days>', 'an end of support this many days ahead counts as near', '90')
        .option('--strict', 'exit 1 when anything is past its end of support')
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
    ).action((dir: string | undefined, opts: SupportCliOptions) => run(() => work().supportCommand(io, dir, opts))()),
};
