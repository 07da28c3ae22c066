import type { TeamPermissionName } from '../org/team';

/** One RBAC rule: verbs on resources of API groups (never wildcards). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /**
   * Only these objects, by name.
   * @default - every object of the resources
   */
  readonly resourceNames?: readonly string[];
}

const READ = ['get', 'list', 'watch'];

/**
 * What a team's group may do in its own namespaces by default: read its
 * workloads, their logs and events. No Secrets (not even listing them), no
 * exec, no writes; every group, resource and verb spelled out.
 */
export const TEAM_VIEWER_RULES: readonly RbacRule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'endpoints', 'configmaps', 'events', 'persistentvolumeclaims', 'serviceaccounts', 'resourcequotas', 'limitranges'], verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  { apiGroups: ['core.oam.dev'], resources: ['applications'], verbs: READ },
  { apiGroups: ['external-secrets.io'], resources: ['externalsecrets', 'secretstores'], verbs: READ },
];

/** The rules of each extra permission a team can be granted. */
export const TEAM_PERMISSION_RULES: Readonly<Record<TeamPermissionName, readonly RbacRule[]>> = {
  'port-forward': [{ apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] }],
  exec: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }],
  'delete-pods': [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
  scale: [{ apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] }],
};

/** Verbs and resources no team role may ever hold. */
export const FORBIDDEN_VERBS: readonly string[] = ['*', 'escalate', 'bind', 'impersonate'];
export const FORBIDDEN_RESOURCES: readonly string[] = ['*', 'secrets', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];

/**
 * What a team's deployer may do to each resource it is given: apply (read,
 * create, change) and prune (delete). Spelled out: never `*`, never
 * `deletecollection`, `escalate`, `bind` or `impersonate`.
 */
export const DEPLOYER_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * Resources a team's deployer may never hold, whatever the team's kinds (a
 * `resource` of `*` stands for the whole API group): its tenant's access and
 * identity (Secrets, ServiceAccounts, RBAC, SecretStores), its limits and
 * network (quotas, limit ranges, network policies), the namespaces, Argo CD's
 * and the API server's own configuration, and the KubeVela definitions (one in
 * the team's namespace would pass KubeVela's definition check there).
 */
export const DEPLOYER_FORBIDDEN_RESOURCES: readonly { readonly group: string; readonly resource: string }[] = [
  { group: '', resource: 'secrets' },
  { group: '', resource: 'serviceaccounts' },
  { group: '', resource: 'namespaces' },
  { group: '', resource: 'resourcequotas' },
  { group: '', resource: 'limitranges' },
  { group: 'networking.k8s.io', resource: 'networkpolicies' },
  { group: 'rbac.authorization.k8s.io', resource: '*' },
  { group: 'external-secrets.io', resource: 'secretstores' },
  { group: 'external-secrets.io', resource: 'clustersecretstores' },
  { group: 'argoproj.io', resource: '*' },
  { group: 'apiextensions.k8s.io', resource: '*' },
  { group: 'admissionregistration.k8s.io', resource: '*' },
  { group: 'core.oam.dev', resource: 'componentdefinitions' },
  { group: 'core.oam.dev', resource: 'traitdefinitions' },
  { group: 'core.oam.dev', resource: 'policydefinitions' },
  { group: 'core.oam.dev', resource: 'workflowstepdefinitions' },
  { group: 'core.oam.dev', resource: 'definitionrevisions' },
];

/** Whether a deployer may never hold a resource of a group (a wildcard in either is never allowed). */
export function deployerMayNotWrite(group: string, resource: string): boolean {
  return group === '*' || resource === '*' || resource.includes('/') || DEPLOYER_FORBIDDEN_RESOURCES.some((f) => f.group === group && (f.resource === '*' || f.resource === resource));
}
