import { type ClaimPricing, diffTrees } from '../../../lib/diff/tree-diff';
import { applicationFootprint } from '../../../lib/k8s/app-footprint';
import type { ManifestObject } from '../../../lib/validate/findings';

const review = (base: ManifestObject[], head: ManifestObject[], pricing?: ClaimPricing) =>
  diffTrees(base, head, { clusterPerTopLevelFolder: true, ...(pricing ? { pricing } : {}) }).needsReview.map((r) => `${r.label}: ${r.reason}`);

/** A KubeVela Application of team payments with one component of these properties and traits. */
const app = (folder: string, properties: Record<string, unknown>, options: { traits?: unknown[]; component?: string } = {}): ManifestObject => ({
  file: `prod/teams/payments/apps/${folder}/application-${folder}.yaml`,
  object: {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name: folder, namespace: 'payments' },
    spec: { components: [{ name: options.component ?? folder, type: 'webservice', properties: { image: 'registry.example.com/payments/checkout:1', ...properties }, traits: options.traits ?? [] }] },
  },
});

describe('data and costs', () => {
  const claim = (
    name: string,
    parameters: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    annotations: Record<string, string> = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
  ): ManifestObject => ({
    file: `prod/teams/payments/apps/checkout/postgresqlinstance-${name}.yaml`,
    object: { apiVersion: 'db.example.com/v1alpha1', kind: 'PostgreSQLInstance', metadata: { name, namespace: 'payments', annotations }, spec: { parameters, ...extra } },
  });
  // a price table of the test's own: a dollar a GB
  const pricing: ClaimPricing = (_, o) => {
    const gb = (o.spec as { parameters?: { storageGB?: number } } | undefined)?.parameters?.storageGB;
    return typeof gb === 'number' ? { usd: gb, basis: `${gb} GB` } : undefined;
  };

  test('a new database says what it asks for, how it is deleted and what it costs', () => {
    expect(review([], [claim('db', { size: 'small', storageGB: 50 })], pricing)).toEqual([
      'PostgreSQLInstance payments/db: new PostgreSQLInstance asking for size small, storageGB 50, about USD 50.00 a month (50 GB): Argo CD keeps it when it leaves Git (Prune=false), and when its Application is deleted (Delete=false)',
      'PostgreSQLInstance payments/db: costs about USD 50.00 a month more: the claims this change touches cost USD 0.00 → USD 50.00 a month',
    ]);
  });

  test('a size change, a weaker deletion and the cost, before → after', () => {
    expect(
      review(
        [claim('db', { storageGB: 50 }, { deletionPolicy: 'Orphan' })],
        [claim('db', { storageGB: 500 }, { deletionPolicy: 'Delete' }, { 'argocd.argoproj.io/sync-options': 'Prune=false' })],
        pricing,
      ),
    ).toEqual([
      'PostgreSQLInstance payments/db: changes what it asks for: storageGB: 50 → 500; about USD 50.00 → USD 500.00 a month',
      'PostgreSQLInstance payments/db: changed: no longer has sync-options Delete=false: deleting the Application that syncs it would make Argo CD delete it, and the data it owns',
      'PostgreSQLInstance payments/db: changed: deletionPolicy Orphan → Delete: deleting it deletes the cloud resource and its data',
      'PostgreSQLInstance payments/db: costs about USD 450.00 a month more: the claims this change touches cost USD 50.00 → USD 500.00 a month',
    ]);
  });

  test("without the platform's prices, costs are not guessed (never read from an annotation)", () => {
    const items = review([], [claim('db', { storageGB: 50 }, {}, { 'paved.dev/monthly-cost-usd': '0.01' })]);
    expect(items).toEqual(['PostgreSQLInstance payments/db: new PostgreSQLInstance asking for storageGB 50: removing it from Git deletes it and its data']);
  });
});

describe('what an app asks of its namespace at most', () => {
  const footprint = (object: Record<string, unknown>) => {
    if (object.kind !== 'Application') return undefined;
    const { footprint: f, problems } = applicationFootprint(object);
    return problems.length ? undefined : f;
  };
  const sized = (max: number, component = 'checkout') => app('checkout', { cpu: '500m', memory: '512Mi' }, { component, traits: [{ type: 'hpa', properties: { min: 2, max } }] });
  const reviewed = (base: ManifestObject[], head: ManifestObject[]) => diffTrees(base, head, { clusterPerTopLevelFolder: true, footprint }).needsReview.map((r) => `${r.label}: ${r.reason}`);

  test('more pods at most is reviewed, before → after, as the quota counts them', () => {
    expect(reviewed([sized(3)], [sized(10)])).toEqual(['Application payments/checkout: asks for more of its namespace at most (pods, requests): 3 pods, 1.5 CPU, 1.5 GiB → 10 pods, 5 CPU, 5 GiB']);
  });

  test('fewer, or the same under a new component name, is nothing to review', () => {
    expect(reviewed([sized(10)], [sized(3)])).toEqual([]);
    expect(reviewed([sized(10)], [sized(10, 'checkout-web')])).toEqual([]);
  });
});
