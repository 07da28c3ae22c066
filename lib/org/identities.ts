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

/**
 * The service account each team's objects are applied as: Argo CD syncs the
 * team's apps folder impersonating it, and KubeVela applies what the team's
 * Applications render impersonating it; it lives in the team's first namespace.
 */
export const TEAM_DEPLOYER_SERVICE_ACCOUNT = 'paved-deployer';

/** The user name of a team's deployer, as the API server sees requests made as it. */
export function teamDeployerUsername(namespace: string): string {
  return `system:serviceaccount:${namespace}:${TEAM_DEPLOYER_SERVICE_ACCOUNT}`;
}
