/**
 * The example platform's definition, read by `paved synth` (see "paved" in
 * package.json): the org, the platform's add-ons per environment, and every
 * team's apps. Run directly, it synthesizes `gitops/` like `paved synth`.
 */
import { type PlatformDefinition } from '../lib';
import { apps } from '../apps';
import { platform } from './addons';
import { org } from './org';

/** The org, its platform, its apps, and how its Backstage catalog and templates are made. */
export const definition: PlatformDefinition = {
  org,
  apps,
  platform,
  // app definitions here import paved from this repository's lib/ (a platform repository that depends on the package imports 'paved')
  portal: { appsFolder: 'apps', appImport: '../../lib', platformTeam: { name: 'platform', ownerGroup: 'platform-admins' } },
};

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../lib/cli/main') as typeof import('../lib/cli/main');
  // main never rejects: every failure is an exit code
  void main(['synth', ...process.argv.slice(2)]).then((code) => {
    process.exitCode = code;
  });
}
