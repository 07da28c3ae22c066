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

  const POLICIES = 'tenant/namespaces';
  test.each([
    [
      'the caller went (its folder deleted in the platform repository)',
      'prod/teams/payments/apps/checkout/',
      [
        `prod/teams/payments/${POLICIES}/payments/networkpolicy-call-to.search.search-api.from.checkout.yaml`,
        `prod/teams/search/${POLICIES}/search/networkpolicy-call-from.payments.checkout.to.search-api.yaml`,
      ],
      'and the tree no longer holds app payments/checkout',
    ],
    [
      'the called app went (another team dropped it)',
      'staging/teams/search/apps/search-api/',
      [
        // it calls the indexer, and checkout calls it: both calls go with it
        `staging/teams/payments/${POLICIES}/payments/networkpolicy-call-to.search.search-api.from.checkout.yaml`,
        `staging/teams/search/${POLICIES}/search/networkpolicy-call-from.payments.checkout.to.search-api.yaml`,
        `staging/teams/search/${POLICIES}/search/networkpolicy-call-from.search.search-api.to.indexer.yaml`,
        `staging/teams/search/${POLICIES}/search/networkpolicy-call-to.search.indexer.from.search-api.yaml`,
      ],
      'and the tree no longer holds app search/search-api',
    ],
    [
      "a team repository's proposal dropped the called app (a call inside one namespace)",
      'prod/teams/mobile/apps/push-worker/',
      [
        `prod/teams/mobile/${POLICIES}/mobile/networkpolicy-call-from.mobile.mobile-bff.to.push-worker.yaml`,
        `prod/teams/mobile/${POLICIES}/mobile/networkpolicy-call-to.mobile.push-worker.from.mobile-bff.yaml`,
      ],
      'and the tree no longer holds app mobile/push-worker',
    ],
  ])('refuses both NetworkPolicies of a call when %s, naming the call and the app that is gone', (_what, folder, policies, gone) => {
    const tree = objects.filter((m) => !m.file.startsWith(folder) && !m.file.startsWith('catalog/'));
    const findings = validateObjects(tree, { clusterPerTopLevelFolder: true }).findings.filter((f) => f.message.startsWith('opens the call'));
    expect(findings.map((f) => f.file).sort()).toEqual([...policies].sort());
    for (const f of findings) {
      expect(f.severity).toBe('error');
      expect(f.field).toBe('metadata.labels');
      expect(f.message).toMatch(
        /^opens the call of app [a-z-]+\/[a-z-]+ to app [a-z-]+\/[a-z-]+ \(its labels paved\.dev\/caller-namespace, paved\.dev\/caller, paved\.dev\/callee-namespace, paved\.dev\/callee\), /,
      );
      expect(f.message).toContain(`${gone}: a synth of the tree with the app gone removes it (npm run synth)`);
    }
  });

  test('refuses a call whose two apps are both gone, naming both, and a call policy whose labels name no app', () => {
    const tree = objects.filter((m) => !m.file.startsWith('prod/teams/mobile/apps/') && !m.file.startsWith('catalog/'));
    const broken = tree.find((m) => m.file.endsWith('prod/teams/search/tenant/namespaces/search/networkpolicy-call-from.search.search-api.to.indexer.yaml'));
    const object = structuredClone(broken?.object ?? {}) as { metadata: { name: string; labels: Record<string, string> } };
    object.metadata.name = 'odd';
    delete object.metadata.labels['paved.dev/caller'];
    const unlabelled = { file: 'prod/teams/search/tenant/namespaces/search/networkpolicy-odd.yaml', object };
    const findings = validateObjects([...tree, unlabelled], { clusterPerTopLevelFolder: true }).findings.filter((f) => f.message.startsWith('opens the call'));
    expect(findings.map((f) => `${f.file}: ${f.message.replace(/ \(its labels.*?\), /, ', ')}`)).toEqual([
      "prod/teams/mobile/tenant/namespaces/mobile/networkpolicy-call-from.mobile.mobile-bff.to.push-worker.yaml: opens the call of app mobile/mobile-bff to app mobile/push-worker, and the tree no longer holds app mobile/mobile-bff nor app mobile/push-worker: a synth of the tree with the app gone removes it (npm run synth), or the app's Application is missing",
      "prod/teams/mobile/tenant/namespaces/mobile/networkpolicy-call-to.mobile.push-worker.from.mobile-bff.yaml: opens the call of app mobile/mobile-bff to app mobile/push-worker, and the tree no longer holds app mobile/mobile-bff nor app mobile/push-worker: a synth of the tree with the app gone removes it (npm run synth), or the app's Application is missing",
      "prod/teams/search/tenant/namespaces/search/networkpolicy-odd.yaml: opens the call of app search/? to app search/indexer, and the tree no longer holds app search/?: a synth of the tree with the app gone removes it (npm run synth), or the app's Application is missing",
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
