import { diffTrees } from '../../../lib/diff/tree-diff';
import type { ManifestObject } from '../../../lib/validate/findings';

const DIGEST = `@sha256:${'1'.repeat(64)}`;
/** An app's objects in its folder: its KubeVela Application, an ExternalSecret and a database claim that Argo CD never prunes. */
function appObjects(env: string, team: string, name: string, image = `registry.example.com/${team}/${name}:1${DIGEST}`): ManifestObject[] {
  const at = `${env}/teams/${team}/apps/${name}`;
  return [
    {
      file: `${at}/application-${name}.yaml`,
      object: { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name, namespace: team }, spec: { components: [{ name, type: 'webservice', properties: { image } }] } },
    },
    { file: `${at}/externalsecret-${name}-secrets.yaml`, object: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: `${name}-secrets`, namespace: team }, spec: {} } },
    {
      file: `${at}/postgresqlinstance-${name}-db.yaml`,
      object: {
        apiVersion: 'db.example.com/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: `${name}-db`, namespace: team, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } },
        spec: {},
      },
    },
  ];
}
const review = (base: ManifestObject[], head: ManifestObject[]) => diffTrees(base, head, { clusterPerTopLevelFolder: true }).needsReview.map((r) => `[${r.environment}] ${r.label}: ${r.reason}`);

describe('paved diff: an app removed from an environment needs review, as one item first', () => {
  test("an app's removal says it stops serving, what Argo CD and KubeVela delete, and what the team must propose; its claim is reviewed on its own (kept, still billed)", () => {
    const base = [...appObjects('prod', 'mobile', 'gateway'), ...appObjects('prod', 'mobile', 'push')];
    const items = review(base, appObjects('prod', 'mobile', 'push'));
    expect(items[0]).toBe(
      '[prod] Application mobile/gateway: app mobile/gateway removed from prod: it stops serving; Argo CD prunes its KubeVela Application, and KubeVela deletes what it runs (its pods, Services and route); its ExternalSecret goes, and the Secret it writes with it; 1 more of its objects go (listed below). Intended? A team repository that proposes its apps must propose all of them: an app left out of a proposal is removed',
    );
    expect(items.slice(1)).toEqual([
      expect.stringMatching(
        /^\[prod\] PostgreSQLInstance mobile\/gateway-db: removed from Git, but Argo CD does not prune it \(sync-options Prune=false\): it stays in the cluster, orphaned, with its data/,
      ),
    ]);
  });

  test('each environment is its own, and an app removed from several is reviewed in each', () => {
    const base = [...appObjects('staging', 'payments', 'orders'), ...appObjects('prod', 'payments', 'orders')];
    const items = review(base, appObjects('prod', 'payments', 'orders')).filter((i) => i.includes('stops serving'));
    expect(items).toEqual([expect.stringMatching(/^\[staging\] Application payments\/orders: app payments\/orders removed from staging: /)]);
    expect(
      review(base, [])
        .filter((i) => i.includes(': app payments/orders removed from'))
        .map((i) => i.slice(0, i.indexOf(']') + 1)),
    ).toEqual(['[prod]', '[staging]']);
  });

  test('an app whose Application changes, or whose other objects go while it stays, is not a removed app', () => {
    const base = appObjects('prod', 'payments', 'orders');
    expect(review(base, appObjects('prod', 'payments', 'orders', `registry.example.com/payments/orders:2${DIGEST}`)).filter((i) => i.includes('stops serving'))).toEqual([]);
    expect(review(base, [base[0]]).filter((i) => i.includes('stops serving'))).toEqual([]);
  });
});
