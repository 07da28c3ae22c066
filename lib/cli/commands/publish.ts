import type { CommandSpec } from '../command';
import { definitionOptions } from '../command';
import type { PublishCliOptions } from '../publish-command';

/** The work (synth, validate, Git): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const work = () => require('../publish-command') as typeof import('../publish-command');

/** `paved publish`: the checked tree committed to the branch Argo CD follows. */
export const publish: CommandSpec = {
  name: 'publish',
  register: (program, { io, run }) =>
    definitionOptions(
      program
        .command('publish')
        .description(
          'check the source commit the checkout is at (synth, the committed tree is exactly what synth writes, validate --render) and commit its tree to the branch Argo CD follows; nothing moves on any problem',
        )
        .option('--repo <url or path>', "the repository to publish to (default: the org's gitops.publish.repoURL, or gitops.repoURL)")
        .option('--branch <name>', 'the branch Argo CD follows (default: the org\'s gitops.publish.branch, "published")')
        .option('--into <dir>', 'check everything and write the tree it would publish into this new folder; nothing is committed or pushed')
        .option('--out <dir>', 'the committed tree (default: package.json "paved.out", or gitops)'),
    ).action((opts: PublishCliOptions) => run(() => work().publishCommand(io, opts))()),
};
