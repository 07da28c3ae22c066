import { ApiObject } from 'cdk8s';
import { ArgoCdAddOn, PLATFORM_DEPLOYER, argoCdControllerRules } from '../../../../lib';
import { placementOf } from '../../../../lib/private/placement';
import { findObject, objectsOf, teamScopes } from '../../../util';

const valuesOf = (addOn: ArgoCdAddOn) => findObject(objectsOf(addOn), 'Application', 'argocd').spec.source.helm.valuesObject;

describe('ArgoCdAddOn sync impersonation', () => {
  const { platform } = teamScopes('prod');
  const addOn = new ArgoCdAddOn(platform, 'Argo', { version: '10.1.1', applicationNamespaces: ['payments', 'search'] });
  const values = valuesOf(addOn);

  test("is on by default: every sync runs as its project's deployer", () => {
    expect(addOn.syncImpersonation).toBe(true);
    expect(values.configs.cm['application.sync.impersonation.enabled']).toBe('true');
  });

  test('the application controller keeps read access, impersonation of exactly the deployers, and its Applications', () => {
    expect(values.controller.clusterRoleRules).toEqual({
      enabled: true,
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['paved-platform-deployer', 'paved-deployer-payments', 'paved-deployer-search'] },
        { apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['update', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    });
    // no write on anything but its Applications and their events; no impersonation of users or groups
    const rules = values.controller.clusterRoleRules.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    const writes = rules.filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
    expect(writes.flatMap((r) => r.resources)).toEqual(['serviceaccounts', 'applications', 'events']);
  });

  test('without Applications in other namespaces, it may not write any Application outside argocd', () => {
    expect(argoCdControllerRules(['paved-platform-deployer'], []).map((r) => r.verbs.join('/'))).toEqual(['get/list/watch', 'impersonate']);
  });

  test('the deployers: ServiceAccounts in argocd, no token, synced with the platform namespaces (before Argo CD turns impersonation on); the platform one bound to cluster-admin', () => {
    const objects = addOn.node.findAll().filter(ApiObject.isApiObject);
    const accounts = objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.toJson());
    expect(accounts.map((a) => `${a.metadata.namespace}/${a.metadata.name} ${a.automountServiceAccountToken}`)).toEqual([
      'argocd/paved-platform-deployer false',
      'argocd/paved-deployer-payments false',
      'argocd/paved-deployer-search false',
    ]);
    expect(accounts[1].metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'paved', 'paved.dev/team': 'payments' });
    const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding').map((o) => o.toJson());
    expect(bindings).toEqual([
      expect.objectContaining({
        kind: 'ClusterRoleBinding',
        metadata: expect.objectContaining({ name: 'paved-platform-deployer' }),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', namespace: PLATFORM_DEPLOYER.namespace, name: PLATFORM_DEPLOYER.name }],
      }),
    ]);
    expect(new Set(objects.filter((o) => o.kind !== 'Application').map((o) => placementOf(o)))).toEqual(new Set(['platform/namespaces']));
  });

  test('off, Argo CD applies as its own controller: the flag says so, the chart keeps its ClusterRole, no platform deployer', () => {
    const { platform: other } = teamScopes('prod');
    const off = new ArgoCdAddOn(other, 'Argo', { version: '10.1.1', syncImpersonation: false });
    expect(off.syncImpersonation).toBe(false);
    expect(valuesOf(off).configs.cm['application.sync.impersonation.enabled']).toBe('false');
    expect(valuesOf(off).controller).toBeUndefined();
    expect(objectsOf(off).map((o) => o.kind)).toEqual(['Application']);
  });
});
