import type { TeamPermissionName } from '../org/team';

/** One RBAC rule: verbs on resources of API groups (never wildcards). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
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
