import { stringify } from 'yaml';
import { type DiffOptions, type ImagePolicyCheck, diffTreeFiles, diffTrees } from '../../../lib/diff/tree-diff';
import type { ManifestObject } from '../../../lib/validate/findings';
import { readManifestObjects } from '../../../lib/validate/manifests';

const DIGEST = `@sha256:${'1'.repeat(64)}`;
const OTHER_DIGEST = `@sha256:${'2'.repeat(64)}`;
const PINNED = `registry.example.com/payments/orders:1.4.2${DIGEST}`;

/** A KubeVela Application of team payments, in its app's folder, with components `[name, image]`. */
function app(env: string, name: string, components: [string, string][], folder = name): ManifestObject {
  return {
    file: `${env}/teams/payments/apps/${folder}/application-${name}.yaml`,
    object: {
      apiVersion: 'core.oam.dev/v1beta1',
      kind: 'Application',
      metadata: { name, namespace: 'payments' },
      spec: { components: components.map(([c, image]) => ({ name: c, type: 'webservice', properties: { image, port: 8080 } })) },
    },
  };
}

const review = (base: ManifestObject[], head: ManifestObject[], options: DiffOptions = {}) =>
  diffTrees(base, head, { clusterPerTopLevelFolder: true, ...options }).needsReview.map((r) => `[${r.environment}] ${r.label}: ${r.reason}  (${r.file})`);

describe('paved diff reviews the supply chain, per app and per environment', () => {
  test('an image from a registry the app did not pull from before, saying before → after', () => {
    expect(review([app('prod', 'orders', [['orders', PINNED]])], [app('prod', 'orders', [['orders', `evil.example.net/orders:1.4.2${DIGEST}`]])])).toEqual([
      `[prod] Application payments/orders: image from a registry the app did not pull from before: registry.example.com → evil.example.net ("${PINNED}" → "evil.example.net/orders:1.4.2${DIGEST}" at spec.components[name=orders].properties.image)  (prod/teams/payments/apps/orders/application-orders.yaml)`,
    ]);
  });

  test('an image moving from a digest to a tag', () => {
    expect(review([app('prod', 'orders', [['orders', PINNED]])], [app('prod', 'orders', [['orders', 'registry.example.com/payments/orders:1.4.3']])])).toEqual([
      `[prod] Application payments/orders: image no longer pinned by digest: "${PINNED}" → "registry.example.com/payments/orders:1.4.3" at spec.components[name=orders].properties.image: a tag can be moved to other content, a digest cannot  (prod/teams/payments/apps/orders/application-orders.yaml)`,
    ]);
  });

  test('a tag moving to a digest, a new digest, a new tag of the same repository: nothing to review', () => {
    const tagged = 'registry.example.com/payments/orders:1.4.2';
    expect(review([app('prod', 'orders', [['orders', tagged]])], [app('prod', 'orders', [['orders', PINNED]])])).toEqual([]);
    expect(review([app('prod', 'orders', [['orders', PINNED]])], [app('prod', 'orders', [['orders', `registry.example.com/payments/orders:1.4.3${OTHER_DIGEST}`]])])).toEqual([]);
    expect(review([app('prod', 'orders', [['orders', tagged]])], [app('prod', 'orders', [['orders', 'registry.example.com/payments/orders:1.4.3']])])).toEqual([]);
  });

  test('an image moving to another repository of the same registry', () => {
    expect(review([app('prod', 'orders', [['orders', PINNED]])], [app('prod', 'orders', [['orders', `registry.example.com/other/orders:1${DIGEST}`]])])).toEqual([
      '[prod] Application payments/orders: image moves to another repository: registry.example.com/payments/orders → registry.example.com/other/orders (spec.components[name=orders].properties.image)  (prod/teams/payments/apps/orders/application-orders.yaml)',
    ]);
  });

  test('a component renamed in the same change does not hide a new registry; renamed alone it is nothing to review', () => {
    const base = [
      app('prod', 'orders', [
        ['orders', PINNED],
        ['orders-worker', PINNED],
      ]),
    ];
    expect(
      review(base, [
        app('prod', 'orders', [
          ['orders', PINNED],
          ['orders-jobs', `evil.example.net/orders:1${DIGEST}`],
        ]),
      ]),
    ).toEqual([
      `[prod] Application payments/orders: image from a registry the app did not pull from before: registry.example.com → evil.example.net ("${PINNED}" → "evil.example.net/orders:1${DIGEST}" at spec.components[name=orders-jobs].properties.image)  (prod/teams/payments/apps/orders/application-orders.yaml)`,
    ]);
    expect(
      review(base, [
        app('prod', 'orders', [
          ['orders', PINNED],
          ['orders-jobs', PINNED],
        ]),
      ]),
    ).toEqual([]);
    // components swapped in the list: nothing moved
    expect(
      review(base, [
        app('prod', 'orders', [
          ['orders-worker', PINNED],
          ['orders', PINNED],
        ]),
      ]),
    ).toEqual([]);
  });

  test('an app renamed in the same change is compared with the app it replaces', () => {
    const base = [app('prod', 'orders', [['orders', PINNED]])];
    // the app under its old name stops serving: that alone is reviewed, the image is not
    const removed = expect.stringMatching(/^\[prod\] Application payments\/orders: app payments\/orders removed from prod: it stops serving/);
    expect(review(base, [app('prod', 'orders-v2', [['orders-v2', PINNED]])])).toEqual([removed]);
    expect(review(base, [app('prod', 'orders-v2', [['orders-v2', 'evil.example.net/orders:2']])])).toEqual([
      removed,
      `[prod] Application payments/orders-v2: image from a registry the app (or orders, removed in this change) did not pull from before: registry.example.com → evil.example.net ("${PINNED}" → "evil.example.net/orders:2" at spec.components[name=orders-v2].properties.image)  (prod/teams/payments/apps/orders-v2/application-orders-v2.yaml)`,
      `[prod] Application payments/orders-v2: image no longer pinned by digest: "${PINNED}" → "evil.example.net/orders:2" at spec.components[name=orders-v2].properties.image: a tag can be moved to other content, a digest cannot  (prod/teams/payments/apps/orders-v2/application-orders-v2.yaml)`,
    ]);
  });

  test('each environment is its own: a change in staging is reviewed in staging only', () => {
    const items = review(
      [app('staging', 'orders', [['orders', PINNED]]), app('prod', 'orders', [['orders', PINNED]])],
      [app('staging', 'orders', [['orders', 'evil.example.net/orders:1']]), app('prod', 'orders', [['orders', PINNED]])],
    );
    expect(items.map((i) => i.slice(0, i.indexOf(':')))).toEqual(['[staging] Application payments/orders', '[staging] Application payments/orders']);
  });

  test('an image the environment refuses, with the org known, says what the policy allows; one it admits is not flagged', () => {
    const policy: ImagePolicyCheck = (env, image) => (env === 'prod' && !/@sha256:/.test(image) ? 'an image from registry.example.com/ pinned by digest (environment prod)' : undefined);
    const items = review([app('prod', 'orders', [['orders', 'registry.example.com/payments/orders:1.4.2']])], [app('prod', 'orders', [['orders', 'registry.example.com/payments/orders:1.4.3']])], {
      imagePolicy: policy,
    });
    expect(items).toEqual([
      '[prod] Application payments/orders: image the environment\'s policy refuses: "registry.example.com/payments/orders:1.4.2" → "registry.example.com/payments/orders:1.4.3" at spec.components[name=orders].properties.image: an image from registry.example.com/ pinned by digest (environment prod)  (prod/teams/payments/apps/orders/application-orders.yaml)',
    ]);
    expect(review([app('prod', 'orders', [['orders', 'registry.example.com/payments/orders:1.4.2']])], [app('prod', 'orders', [['orders', PINNED]])], { imagePolicy: policy })).toEqual([]);
  });

  test('an image hidden in a trait, or in the pod spec of a rendered workload of the app, is reviewed once per app', () => {
    const base = app('prod', 'orders', [['orders', PINNED]]);
    const head = app('prod', 'orders', [['orders', PINNED]]);
    const component = (head.object.spec as { components: Record<string, unknown>[] }).components[0];
    component.traits = [{ type: 'sidecar', properties: { name: 'proxy', image: 'evil.example.net/proxy:1' } }];
    const rendered: ManifestObject = {
      file: `${head.file} → rendered Deployment/orders`,
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'orders', namespace: 'payments' },
        spec: { template: { spec: { containers: [{ name: 'proxy', image: 'evil.example.net/proxy:1' }] } } },
      },
    };
    const items = review([base], [head, rendered]);
    expect(items).toHaveLength(1);
    expect(items[0]).toContain('image from a registry the app did not pull from before: registry.example.com → evil.example.net');
    expect(items[0]).toContain('at spec.components[name=orders].traits[0].properties.image');
  });

  describe('a new app, read from files (the unchanged ones are not parsed)', () => {
    const files = (objects: ManifestObject[]) => ({
      files: new Map(objects.map((m) => [m.file, Buffer.from(stringify(m.object))])),
      parse: (file: string, text: string) => readManifestObjects(file, text),
    });
    const reviewFiles = (base: ManifestObject[], head: ManifestObject[]) => diffTreeFiles(files(base), files(head), { clusterPerTopLevelFolder: true }).needsReview.map((r) => r.reason);
    const checkout = app('prod', 'checkout', [['checkout', `registry.example.com/payments/checkout:2${DIGEST}`]]);

    test('is compared with the apps its team ran in that environment before: the same registry is nothing to review', () => {
      expect(reviewFiles([checkout], [checkout, app('prod', 'orders', [['orders', PINNED]])])).toEqual([]);
    });

    test("a registry none of its team's apps pulled from before is reviewed", () => {
      expect(reviewFiles([checkout], [checkout, app('prod', 'orders', [['orders', 'evil.example.net/orders:1']])])).toEqual([
        'image from a registry the apps of prod/teams/payments/apps did not pull from before: registry.example.com → evil.example.net (none → "evil.example.net/orders:1" at spec.components[name=orders].properties.image)',
      ]);
    });

    test("its team's first app there is reviewed: no registry before", () => {
      expect(reviewFiles([], [app('prod', 'orders', [['orders', PINNED]])])).toEqual([
        `image from a registry the apps of prod/teams/payments/apps did not pull from before: none → registry.example.com (none → "${PINNED}" at spec.components[name=orders].properties.image)`,
      ]);
    });
  });
});
