import { diffTrees } from '../../../lib/diff/tree-diff';
import type { ManifestObject } from '../../../lib/validate/findings';

const KEEP = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };

function claim(env: string, name: string, annotations?: Record<string, string>, kind = 'PostgreSQLInstance'): ManifestObject {
  return {
    file: `${env}/teams/payments/apps/my-app/${kind.toLowerCase()}-${name}.yaml`,
    object: { apiVersion: 'db.example.com/v1alpha1', kind, metadata: { name, namespace: 'payments', ...(annotations ? { annotations } : {}) }, spec: { parameters: { storageGB: 10 } } },
  };
}

function application(env: string, finalizer = true, annotations?: Record<string, string>): ManifestObject {
  return {
    file: `${env}/application-team-payments-apps.yaml`,
    object: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'team-payments-apps', namespace: 'argocd', ...(finalizer ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : {}), ...(annotations ? { annotations } : {}) },
      spec: { source: { repoURL: 'https://github.com/acme/platform.git', path: `gitops/${env}/teams/payments/apps`, directory: { recurse: true } } },
    },
  };
}

/** The items as plain data (`said` is the same as `reason`, in parts). */
const review = (base: ManifestObject[], head: ManifestObject[]) =>
  diffTrees(base, head, { clusterPerTopLevelFolder: true }).needsReview.map((r) => ({ label: r.label, reason: r.reason, file: r.file, ...(r.environment ? { environment: r.environment } : {}) }));

describe('needs review, worded as Argo CD will do it', () => {
  test('a claim Argo CD keeps (Prune=false) is not said to delete its data: it stays, orphaned and billed, and each environment is its own entry', () => {
    const items = review([claim('prod', 'db', KEEP), claim('staging', 'db', KEEP)], []);
    expect(items).toEqual([
      {
        label: 'PostgreSQLInstance payments/db',
        environment: 'prod',
        file: 'prod/teams/payments/apps/my-app/postgresqlinstance-db.yaml',
        reason:
          'removed from Git, but Argo CD does not prune it (sync-options Prune=false): it stays in the cluster, orphaned, with its data (and is still billed); delete it by hand if that is intended',
      },
      expect.objectContaining({ environment: 'staging', file: 'staging/teams/payments/apps/my-app/postgresqlinstance-db.yaml' }),
    ]);
    for (const r of items) expect(r.reason).not.toMatch(/deleted with it|data it owns is deleted/);
  });

  test('a claim without sync options is pruned with its data; Delete=false alone does not keep it', () => {
    expect(review([claim('prod', 'db')], [])[0].reason).toBe('deleted: Argo CD prunes it, and the data it owns is deleted with it');
    expect(review([claim('prod', 'db', { 'argocd.argoproj.io/sync-options': 'Delete=false' })], [])[0].reason).toBe(
      'deleted: Argo CD prunes it (Delete=false keeps an object only when its Application is deleted, not when it is removed from Git), and the data it owns is deleted with it',
    );
    expect(review([claim('prod', 'db', { 'argocd.argoproj.io/sync-options': ' Prune=confirm ' })], [])[0].reason).toBe(
      'removed from Git: Argo CD prunes it once someone confirms the prune (sync-options Prune=confirm), and the data it owns is deleted with it',
    );
  });

  test('removed with the Application that syncs it: kept by Delete=false, deleted despite Prune=false, kept when the Application has no resources finalizer', () => {
    expect(review([application('prod'), claim('prod', 'db', KEEP)], [])).toEqual([
      expect.objectContaining({
        label: 'PostgreSQLInstance payments/db',
        reason:
          'removed with Application argocd/team-payments-apps, which syncs it, but Argo CD keeps it when it deletes that Application (sync-options Delete=false): it stays in the cluster, orphaned, with its data (and is still billed); delete it by hand if that is intended',
      }),
    ]);
    expect(review([application('prod'), claim('prod', 'db', { 'argocd.argoproj.io/sync-options': 'Prune=false' })], [])[0].reason).toBe(
      'deleted with Application argocd/team-payments-apps, which syncs it: Argo CD deletes every resource of a deleted Application (Prune=false does not keep it then; Delete=false would), and the data it owns is deleted with it',
    );
    expect(review([application('prod', false), claim('prod', 'db')], [])[0].reason).toMatch(
      /^removed with Application argocd\/team-payments-apps, which syncs it and has no resources finalizer: Argo CD deletes that Application only: it stays in the cluster/,
    );
    // an Application of another environment, or one Argo CD keeps, does not take it along
    expect(review([application('staging'), claim('prod', 'db', KEEP)], [])[0].reason).toMatch(/^removed from Git, but Argo CD does not prune it/);
    expect(review([application('prod', true, { 'argocd.argoproj.io/sync-options': 'Prune=false' }), claim('prod', 'db', KEEP)], [])[0].reason).toMatch(
      /^removed from Git, but Argo CD does not prune it/,
    );
  });

  test('a claim replaced by another of its kind in the same environment: the new one starts empty, the old one is kept or deleted as Argo CD does', () => {
    expect(review([claim('prod', 'db', KEEP)], [claim('prod', 'db2', KEEP)])[0].reason).toBe(
      'replaced by PostgreSQLInstance payments/db2, which starts empty; removed from Git, but Argo CD does not prune it (sync-options Prune=false): it stays in the cluster, orphaned, with its data (and is still billed); move the data, then delete it by hand',
    );
    expect(review([claim('prod', 'db')], [claim('prod', 'db2')])[0].reason).toBe(
      'replaced by PostgreSQLInstance payments/db2, which starts empty; deleted: Argo CD prunes it, and the data it owns is deleted with it',
    );
    // of several new ones, the one in its own app's folder replaces it, wherever the others sort
    const inFolder = (folder: string, name: string): ManifestObject => {
      const c = claim('prod', name);
      return { ...c, file: c.file.replace('/my-app/', `/${folder}/`) };
    };
    expect(review([inFolder('orders', 'orders-db')], [inFolder('billing', 'billing-db'), inFolder('orders', 'orders-db2')])[0].reason).toBe(
      'replaced by PostgreSQLInstance payments/orders-db2, which starts empty; deleted: Argo CD prunes it, and the data it owns is deleted with it',
    );
    // a claim added in another environment replaces nothing
    expect(review([claim('prod', 'db')], [claim('staging', 'db2')])[0].reason).toBe('deleted: Argo CD prunes it, and the data it owns is deleted with it');
  });

  test('any object Argo CD keeps is reviewed; a namespace keeps what Argo CD does not delete', () => {
    const composition: ManifestObject = {
      file: 'prod/platform/config/composition-x.yaml',
      object: { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'x', annotations: KEEP } },
    };
    const namespace: ManifestObject = {
      file: 'prod/teams/payments/tenant/namespace-payments.yaml',
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', annotations: KEEP } },
    };
    const configMap: ManifestObject = { file: 'prod/teams/payments/apps/my-app/configmap-x.yaml', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'payments' } } };
    expect(review([composition, namespace, configMap], []).map((r) => `${r.label}: ${r.reason}`)).toEqual([
      'Composition x: removed from Git, but Argo CD does not prune it (sync-options Prune=false): it stays in the cluster, orphaned; delete it by hand if that is intended',
      'Namespace payments: removed from Git, but Argo CD does not prune it (sync-options Prune=false): it stays in the cluster, orphaned, with any object in it that Argo CD does not delete; delete it by hand if that is intended',
    ]);
  });

  test('a claim that loses the sync option that keeps it, access changes and images from another repository name their environment and file', () => {
    const app = (env: string, image: string): ManifestObject => ({
      file: `${env}/teams/payments/apps/my-app/application-my-app.yaml`,
      object: { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'my-app', namespace: 'payments' }, spec: { components: [{ name: 'my-app', properties: { image } }] } },
    });
    const role: ManifestObject = {
      file: 'prod/teams/payments/tenant/role-x.yaml',
      object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'x', namespace: 'payments' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
    };
    const items = review(
      [claim('prod', 'db', KEEP), app('prod', 'my-app:1'), app('staging', 'my-app:1')],
      [claim('prod', 'db'), app('prod', 'evil.example.net/my-app:1'), app('staging', 'my-app:2'), role],
    );
    expect(items).toEqual([
      {
        label: 'Role payments/x',
        environment: 'prod',
        file: 'prod/teams/payments/tenant/role-x.yaml',
        reason: 'allows Role payments/x (no binding of the compared files names it): get on secrets (API groups core)',
      },
      {
        label: 'Application payments/my-app',
        environment: 'prod',
        file: 'prod/teams/payments/apps/my-app/application-my-app.yaml',
        reason: 'image from a registry the app did not pull from before: docker.io → evil.example.net ("my-app:1" → "evil.example.net/my-app:1" at spec.components[name=my-app].properties.image)',
      },
      {
        label: 'PostgreSQLInstance payments/db',
        environment: 'prod',
        file: 'prod/teams/payments/apps/my-app/postgresqlinstance-db.yaml',
        reason: 'changed: no longer has sync-options Prune=false: removing it from Git later would make Argo CD delete it, and the data it owns',
      },
      {
        label: 'PostgreSQLInstance payments/db',
        environment: 'prod',
        file: 'prod/teams/payments/apps/my-app/postgresqlinstance-db.yaml',
        reason: 'changed: no longer has sync-options Delete=false: deleting the Application that syncs it would make Argo CD delete it, and the data it owns',
      },
    ]);
  });
});

describe('names the API server refuses', () => {
  const cm = (name: string, labels: Record<string, string> = {}): ManifestObject => ({
    file: 'prod/teams/payments/apps/my-app/configmap-x.yaml',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'payments', labels }, data: { a: '1' } },
  });

  test('an object a change brings with a name or key the API server refuses is under needs review, its value quoted', () => {
    expect(review([], [cm('X<!--')]).map((r) => r.reason)).toEqual([
      `the API server refuses it, so Argo CD cannot sync it: metadata.name: "X<!--" is not allowed: ConfigMap's name is a lowercase RFC 1123 subdomain: at most 253 characters of lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (the API server refuses the object)`,
    ]);
    expect(review([cm('x')], [cm('x', { 'app name': 'web' })]).map((r) => r.reason)).toEqual([
      expect.stringMatching(/^the API server refuses it, so Argo CD cannot sync it: metadata\.labels\["app name"\]: "app name" is not allowed: a label key is a qualified name/),
    ]);
  });

  test('a change to an object that was refused already says it once, not on every change', () => {
    expect(review([cm('X')], [{ ...cm('X'), object: { ...cm('X').object, data: { a: '2' } } }])).toEqual([]);
  });
});
