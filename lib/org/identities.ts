/**
 * Kubernetes identities the cloud stack's IAM roles trust (IRSA): shared by
 * both sides, so a trust policy and the service account it names cannot drift.
 */

/** The namespace Crossplane and its providers run in. */
export const CROSSPLANE_NAMESPACE = 'crossplane-system';

/** The AWS provider packages the platform installs (family members), by service. */
export const CROSSPLANE_AWS_SERVICES = ['rds', 's3'] as const;

/** An AWS service the platform's Crossplane provider manages. */
export type CrossplaneAwsService = (typeof CROSSPLANE_AWS_SERVICES)[number];

/** The service account a provider runs as (set by its DeploymentRuntimeConfig). */
export function crossplaneProviderServiceAccount(service: CrossplaneAwsService): string {
  return `provider-aws-${service}`;
}

/** The `sub` claims of every Crossplane AWS provider's service account token. */
export function crossplaneProviderSubjects(): string[] {
  return CROSSPLANE_AWS_SERVICES.map((s) => `system:serviceaccount:${CROSSPLANE_NAMESPACE}:${crossplaneProviderServiceAccount(s)}`);
}

/** The service account a team's (and the platform's) SecretStore authenticates as. */
export const SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/** The namespace and service account the AWS Load Balancer Controller runs as (its IAM role trusts exactly this). */
export const LOAD_BALANCER_CONTROLLER_IDENTITY = { namespace: 'aws-load-balancer-controller', name: 'aws-load-balancer-controller' } as const;

/** The namespace and service account external-dns runs as (its IAM role trusts exactly this). */
export const EXTERNAL_DNS_IDENTITY = { namespace: 'external-dns', name: 'external-dns' } as const;

/** The namespace the monitoring stack (Prometheus, Alertmanager, Grafana) runs in. */
export const MONITORING_NAMESPACE = 'monitoring';

/** The service account the monitoring namespace's SecretStore authenticates as (the alerting secrets' IAM role trusts exactly this). */
export const MONITORING_SECRETS_IDENTITY = { namespace: MONITORING_NAMESPACE, name: SECRETS_SERVICE_ACCOUNT } as const;

/** The Secrets Manager secret with Grafana's admin user and password (properties `admin-user`, `admin-password`). */
export const GRAFANA_ADMIN_SECRET = 'platform/monitoring/grafana-admin';

/** A service account, by namespace and name. */
export interface ServiceAccountRef {
  /** Its namespace. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/** The namespace Argo CD, and the identities it syncs as, live in. */
export const ARGOCD_NAMESPACE = 'argocd';

/**
 * The identity Argo CD syncs the platform project's Applications as (sync
 * impersonation): bound to cluster-admin, as the platform installs CRDs,
 * webhooks and controllers' cluster roles.
 */
export const PLATFORM_DEPLOYER: ServiceAccountRef = { namespace: ARGOCD_NAMESPACE, name: 'paved-platform-deployer' };

/**
 * The identity Argo CD syncs a team's apps folder as, and KubeVela applies the
 * team's Applications as. It lives in Argo CD's namespace, not the team's: no
 * pod of the team can run as it or mount its token.
 */
export function teamDeployerAccount(team: { readonly name: string }): ServiceAccountRef {
  return { namespace: ARGOCD_NAMESPACE, name: `paved-deployer-${team.name}` };
}

/** The user name Kubernetes gives a service account (`system:serviceaccount:<namespace>:<name>`). */
export function serviceAccountUser(account: ServiceAccountRef): string {
  return `system:serviceaccount:${account.namespace}:${account.name}`;
}
