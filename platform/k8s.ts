/**
 * The example platform's definition, read by `paved synth` (see "paved" in
 * package.json): the org and every team's apps. Run directly, it synthesizes
 * `gitops/` like `paved synth`.
 */
import type { PlatformDefinition } from '../lib';
import { apps } from '../apps';
import { org } from './org';

/** The org and its apps. */
export const definition: PlatformDefinition = { org, apps };

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../lib/cli/main') as typeof import('../lib/cli/main');
  main(['synth', ...process.argv.slice(2)]).then((code) => {
    process.exitCode = code;
  });
}
