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
