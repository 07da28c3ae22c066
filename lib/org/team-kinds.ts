/**
 * What a team's apps folder (`<env>/teams/<team>/apps/`) may hold: the kinds
 * its app definitions produce, checked at synth, by `paved validate`, and by
 * Argo CD (the team's AppProject allows exactly these).
 */
import { deepFreeze } from '../private/deep-freeze';

/** A Kubernetes kind with its API group (`''` for the core group). */
export interface TeamKind {
  /** The API group, `''` for the core group (ConfigMap). */
  readonly group: string;
  /** The kind, as in `kind:` (`ConfigMap`). */
  readonly kind: string;
}

/**
 * The claims of the platform's Crossplane abstractions that teams write:
 * their kinds and resources. Crossplane composes them with the platform's
 * compositions only: a team may not choose one (`spec.crossplane`).
 */
export const TEAM_CLAIM_KINDS: readonly (TeamKind & { readonly resource: string })[] = Object.freeze([
  { group: 'db.example.com', kind: 'PostgreSQLInstance', resource: 'postgresqlinstances' },
  { group: 'storage.example.com', kind: 'ObjectBucket', resource: 'objectbuckets' },
]);

/**
 * The kinds every team's apps folder may hold: what an `AppConstruct`
 * produces (the KubeVela Application, the ExternalSecret of its secrets, the
 * platform's database and bucket claims, and its ServiceMonitor,
 * PrometheusRule and dashboard ConfigMap).
 */
export const TEAM_APP_KINDS: readonly TeamKind[] = deepFreeze([
  { group: 'core.oam.dev', kind: 'Application' },
  { group: 'external-secrets.io', kind: 'ExternalSecret' },
  ...TEAM_CLAIM_KINDS.map((k) => ({ group: k.group, kind: k.kind })),
  // its monitoring: scrape definition, alerting rules, dashboard
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
  { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
  { group: '', kind: 'ConfigMap' },
]);

/**
 * Kinds a team can never be given: they set its tenant's limits, network,
 * access and identity, which only the platform changes; and the cluster's own
 * kinds, which no team project may deploy.
 */
export const TENANT_CONTROL_KINDS: readonly TeamKind[] = deepFreeze([
  { group: '', kind: 'Namespace' },
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'external-secrets.io', kind: 'SecretStore' },
  { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
  { group: 'argoproj.io', kind: 'AppProject' },
  { group: 'argoproj.io', kind: 'Application' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
]);

/** `kind (group)`, or just the kind for the core group. */
export function showKind(k: TeamKind): string {
  return k.group ? `${k.kind} (${k.group})` : k.kind;
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `''`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether a kind is in a list (Argo CD's `*` matches any group or kind). */
export function kindListed(list: readonly TeamKind[], k: TeamKind): boolean {
  return list.some((e) => (e.group === '*' || e.group === k.group) && (e.kind === '*' || e.kind === k.kind));
}
