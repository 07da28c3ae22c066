import * as path from 'path';
import { loadManifests, validateObjects } from '../../../lib';

const ROOT = path.join(__dirname, '..', '..', '..');
const { objects } = loadManifests(path.join(ROOT, 'gitops'));

describe("an app's per-app objects outside its folder go with it", () => {
  test.each([
    [
      'a team repository dropped an app from its proposal',
      'prod/teams/mobile/apps/push-worker/',
      'prod/teams/mobile/tenant/namespaces/mobile/networkpolicy-app-push-worker.yaml',
      'push-worker',
      'mobile',
    ],
    [
      "an app's folder deleted by hand in the platform repository",
      'staging/teams/payments/apps/checkout/',
      'staging/teams/payments/tenant/namespaces/payments/networkpolicy-app-checkout.yaml',
      'checkout',
      'payments',
    ],
  ])('refuses the NetworkPolicy an app left behind when %s, naming it and the app', (_what, folder, policy, app, namespace) => {
    const tree = objects.filter((m) => !m.file.startsWith(folder) && !m.file.startsWith('catalog/'));
    const findings = validateObjects(tree, { clusterPerTopLevelFolder: true }).findings.filter((f) => f.file === policy);
    expect(findings.map((f) => `${f.severity} ${f.field}: ${f.message}`)).toEqual([
      `error metadata.labels: belongs to app ${app} (its label app.oam.dev/name), which the tree no longer holds in namespace ${namespace}: a synth of the tree with the app gone removes it (npm run synth), or the app's Application is missing`,
    ]);
  });

  test('the example tree has none left behind', () => {
    const findings = validateObjects(
      objects.filter((m) => !m.file.startsWith('catalog/')),
      { clusterPerTopLevelFolder: true },
    ).findings;
    expect(findings.filter((f) => f.message.includes('no longer holds'))).toEqual([]);
  });
});
