import { Option } from 'commander';
import type { CommandSpec } from '../command';
import { collect } from '../command';
import type { ValidateCliOptions } from '../validate-command';

/* eslint-disable @typescript-eslint/no-require-imports */
/** The work (the validator, the catalog) and the release gates (beside the release commands): loaded when the command runs. */
const work = () => require('../validate-command') as typeof import('../validate-command');
const releases = () => require('../release-command') as typeof import('../release-command');
/* eslint-enable @typescript-eslint/no-require-imports */

/** `paved validate`: a tree of YAML against the schemas, references and policies. */
export const validate: CommandSpec = {
  name: 'validate',
  register: (program, { io, run }) =>
    program
      .command('validate')
      .description('validate a tree of YAML: schemas (strict), references and policies; counts per kind, unchecked kinds')
      .argument('[dir]', 'the tree (default: gitops)')
      .option('--schemas <paths>', 'extra CRD files or folders to check custom resources against', collect)
      .option('--namespace <names>', 'namespaces that exist without a Namespace object in the tree', collect)
      .option('--render', 'also render KubeVela Applications and check the rendered pod specs')
      .option('--org <file>', 'the org the platform publishes (gitops/org.json): the tree is checked as that org\'s (default: package.json "paved.org", or org.json in the tree)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--no-releases', "leave out the release gates (checked where the definition's project keeps release records in Git, as paved releases --check)")
      .action((dir: string | undefined, opts: ValidateCliOptions) => run(() => work().validateCommand(io, dir, opts, { releaseGates: (i) => releases().validateReleaseGates(i) }))()),
};
