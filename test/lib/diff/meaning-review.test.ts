import { type ClaimPricing, diffTrees } from '../../../lib/diff/tree-diff';
import type { ManifestObject } from '../../../lib/validate/findings';

const NS = 'prod/teams/payments/tenant/namespaces/payments';
const RBAC = 'rbac.authorization.k8s.io/v1';

const review = (base: ManifestObject[], head: ManifestObject[], pricing?: ClaimPricing) =>
  diffTrees(base, head, { clusterPerTopLevelFolder: true, ...(pricing ? { pricing } : {}) }).needsReview.map((r) => `${r.label}: ${r.reason}`);

const policy = (name: string, spec: Record<string, unknown>, app?: string): ManifestObject => ({
  file: `${NS}/networkpolicy-${name}.yaml`,
  object: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'payments' },
    spec: { podSelector: app ? { matchLabels: { 'app.oam.dev/name': app } } : {}, ...spec },
  },
});
const fromMonitoring = {
  from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
  ports: [{ port: 8443, protocol: 'TCP' }],
};
const fromOwnApp = { from: [{ podSelector: { matchLabels: { 'app.oam.dev/name': 'checkout' } } }] };

const role = (name: string, rules: Record<string, unknown>[]): ManifestObject => ({
  file: `${NS}/role-${name}.yaml`,
  object: { apiVersion: RBAC, kind: 'Role', metadata: { name, namespace: 'payments' }, rules },
});
const binding = (name: string, roleName: string, groups: string[]): ManifestObject => ({
  file: `${NS}/rolebinding-${name}.yaml`,
  object: {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name, namespace: 'payments' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
  },
});
const podReader = [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }];

/** A KubeVela Application of team payments in its folder `folder`, with its component's properties and traits. */
const app = (folder: string, properties: Record<string, unknown>, options: { traits?: unknown[]; annotations?: Record<string, string>; component?: string } = {}): ManifestObject => ({
  file: `prod/teams/payments/apps/${folder}/application-${folder}.yaml`,
  object: {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name: folder, namespace: 'payments', ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: { components: [{ name: options.component ?? folder, type: 'webservice', properties: { image: 'registry.example.com/payments/checkout:1', ...properties }, traits: options.traits ?? [] }] },
  },
});
const gateway = (domain: string) => ({ type: 'gateway', properties: { domain, http: { '/': 8443 }, class: 'alb' } });

describe('network paths are reviewed by what they open, not by the names of the policies', () => {
  test('a policy renamed, or its rules and peers reordered, is nothing to review', () => {
    const before = policy('app-checkout', { policyTypes: ['Ingress'], ingress: [fromOwnApp, fromMonitoring] }, 'checkout');
    expect(review([before], [policy('checkout-allow', { policyTypes: ['Ingress'], ingress: [fromOwnApp, fromMonitoring] }, 'checkout')])).toEqual([]);
    expect(review([before], [policy('app-checkout', { ingress: [fromMonitoring, fromOwnApp], policyTypes: ['Ingress'] }, 'checkout')])).toEqual([]);
  });

  test('a rule that lets the internet in, renamed in the same change, is said with its peer and port', () => {
    const before = policy('app-checkout', { policyTypes: ['Ingress'], ingress: [fromOwnApp] }, 'checkout');
    const after = policy('checkout', { policyTypes: ['Ingress'], ingress: [fromOwnApp, { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8080 }] }] }, 'checkout');
    expect(review([before], [after])).toEqual(['NetworkPolicy payments/checkout: opens network paths: (pods app.oam.dev/name=checkout) in from 0.0.0.0/0 on 8080/TCP']);
    // a rule without peers lets in anything
    const open = policy('checkout', { policyTypes: ['Ingress'], ingress: [fromOwnApp, {}] }, 'checkout');
    expect(review([before], [open])).toEqual(['NetworkPolicy payments/checkout: opens network paths: (pods app.oam.dev/name=checkout) in from anywhere on every port']);
  });

  test('a caller cut off by taking one side of a conflict is reviewed: the path it used closes', () => {
    const toSearch = (component: string) => ({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'search' } }, podSelector: { matchLabels: { 'app.oam.dev/component': component } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
    const both = policy('app-checkout', { policyTypes: ['Egress'], egress: [toSearch('search-api'), toSearch('indexer')] }, 'checkout');
    const one = policy('app-checkout', { policyTypes: ['Egress'], egress: [toSearch('search-api')] }, 'checkout');
    expect(review([both], [one])).toEqual([
      'NetworkPolicy payments/app-checkout: closes network paths (traffic that used them is refused): (pods app.oam.dev/name=checkout) out to pods app.oam.dev/component=indexer in namespaces kubernetes.io/metadata.name=search on 8080/TCP',
    ]);
  });

  test('a namespace that no longer denies by default is reviewed, even when the policy is replaced by an empty one of another name', () => {
    const deny = policy('default-deny', { policyTypes: ['Ingress', 'Egress'] });
    expect(review([deny], [])).toEqual(['NetworkPolicy payments/default-deny: no longer denies by default: ingress traffic no policy allows is denied; egress traffic no policy allows is denied']);
    expect(review([deny], [policy('deny-in', { policyTypes: ['Ingress'] })])).toEqual(['NetworkPolicy payments/default-deny: no longer denies by default: egress traffic no policy allows is denied']);
  });
});

describe('rights are reviewed by what bindings grant, to whom', () => {
  test('a Role and its binding renamed together, with the same rules and subjects, is nothing to review', () => {
    expect(
      review([role('team-viewer', podReader), binding('team-viewer', 'team-viewer', ['payments-engineers'])], [role('viewers', podReader), binding('viewers', 'viewers', ['payments-engineers'])]),
    ).toEqual([]);
    // the rules' lists in another order
    expect(
      review([role('r', podReader), binding('b', 'r', ['g'])], [role('r', [{ verbs: ['watch', 'list', 'get'], resources: ['pods/log', 'pods'], apiGroups: [''] }]), binding('b', 'r', ['g'])]),
    ).toEqual([]);
  });

  test("a Role's new rule is said for every group its (unchanged) binding names", () => {
    const rules = [...podReader, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];
    expect(
      review(
        [role('team-viewer', podReader), binding('team-viewer', 'team-viewer', ['payments-engineers', 'auditors'])],
        [role('team-viewer', rules), binding('team-viewer', 'team-viewer', ['payments-engineers', 'auditors'])],
      ),
    ).toEqual([
      'RoleBinding payments/team-viewer: grants Group auditors in namespace payments: get on secrets (API groups core)',
      'RoleBinding payments/team-viewer: grants Group payments-engineers in namespace payments: get on secrets (API groups core)',
    ]);
  });

  test('a binding that adds a subject, or points to a role of more rights under the old name, is reviewed', () => {
    const base = [role('viewer', podReader), role('admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), binding('b', 'viewer', ['payments-engineers'])];
    expect(review(base, [...base.slice(0, 2), binding('b', 'admin', ['payments-engineers'])])).toEqual([
      'RoleBinding payments/b: grants Group payments-engineers in namespace payments: * on * (API groups *)',
      'RoleBinding payments/b: no longer grants Group payments-engineers in namespace payments: get, list, watch on pods, pods/log (API groups core)',
    ]);
    expect(review(base, [...base.slice(0, 2), binding('b', 'viewer', ['payments-engineers', 'system:authenticated'])])).toEqual([
      'RoleBinding payments/b: grants Group system:authenticated in namespace payments: get, list, watch on pods, pods/log (API groups core)',
    ]);
  });

  test('a ClusterRole that aggregates into admin grants its rules to every holder of admin', () => {
    const aggregated: ManifestObject = {
      file: 'prod/platform/config/clusterrole-x.yaml',
      object: {
        apiVersion: RBAC,
        kind: 'ClusterRole',
        metadata: { name: 'x', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
      },
    };
    expect(review([], [aggregated])).toEqual(['ClusterRole x: grants every holder of the roles labelled rbac.authorization.k8s.io/aggregate-to-admin: get on secrets (API groups core)']);
  });

  test('the identities an app runs as: its service account, and the cloud role a service account assumes', () => {
    expect(review([app('checkout', {})], [app('checkout', { serviceAccountName: 'platform-admin' })])).toEqual(['Application payments/checkout: runs as service account platform-admin']);
    const sa = (arn: string): ManifestObject => ({
      file: `${NS}/serviceaccount-external-secrets.yaml`,
      object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'external-secrets', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': arn } } },
    });
    expect(review([sa('arn:aws:iam::111111111111:role/payments-secrets')], [sa('arn:aws:iam::111111111111:role/platform-admin')])).toEqual([
      'ServiceAccount payments/external-secrets: cloud rights: service account external-secrets assumes the IAM role arn:aws:iam::111111111111:role/platform-admin',
      'ServiceAccount payments/external-secrets: no longer: service account external-secrets assumes the IAM role arn:aws:iam::111111111111:role/payments-secrets',
    ]);
  });
});

describe('hosts, callers and exposure of an app, however its parts are renamed', () => {
  test('a new public host, and the one it no longer serves', () => {
    expect(review([app('checkout', {}, { traits: [gateway('checkout.payments.example.com')] })], [app('checkout', {}, { traits: [gateway('login.example.com')] })])).toEqual([
      'Application payments/checkout: serves a new public host: login.example.com',
      'Application payments/checkout: no longer serves the public host: checkout.payments.example.com',
    ]);
  });

  test('renaming its component (and its traits in another order) while keeping its host and callers is nothing to review', () => {
    const traits = [gateway('checkout.payments.example.com'), { type: 'scaler', properties: { replicas: 2 } }];
    const annotations = { 'paved.dev/callable-by': 'mobile', 'paved.dev/calls': 'search/search-api' };
    expect(review([app('checkout', {}, { traits, annotations })], [app('checkout', {}, { traits: [...traits].reverse(), annotations, component: 'checkout-web' })])).toEqual([]);
  });

  test('an app renamed in the same change keeps its host and callers: only its removal under the old name is reviewed', () => {
    const annotations = { 'paved.dev/callable-by': 'mobile' };
    const items = review(
      [app('checkout', {}, { traits: [gateway('checkout.payments.example.com')], annotations })],
      [app('checkout-v2', {}, { traits: [gateway('checkout.payments.example.com')], annotations })],
    );
    expect(items).toEqual([expect.stringMatching(/^Application payments\/checkout: app payments\/checkout removed from prod: it stops serving/)]);
  });

  test('new callers and calls, and a port opened outside the cluster', () => {
    expect(review([app('checkout', {})], [app('checkout', {}, { annotations: { 'paved.dev/callable-by': 'mobile,search', 'paved.dev/calls': 'search/indexer' } })])).toEqual([
      'Application payments/checkout: may now be called by team mobile, team search',
      'Application payments/checkout: now calls search/indexer',
    ]);
    expect(review([app('checkout', {})], [app('checkout', { exposeType: 'LoadBalancer', ports: [{ port: 8443, expose: true }] })])).toEqual([
      'Application payments/checkout: exposes outside the cluster: port 8443 as a Service of type LoadBalancer',
    ]);
  });
});
