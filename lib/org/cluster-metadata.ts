/**
 * The typed handoff between the cloud stack and the GitOps tree.
 *
 * The cloud stack (cdktf) knows values only Terraform can know — the VPC, the
 * subnets, the OIDC issuer — and writes them, gitops-bridge style, as
 * annotations on the in-cluster Argo CD cluster Secret. The GitOps side (cdk8s)
 * reads them in ApplicationSet templates. Both sides go through this one
 * interface: the writer must supply every key (a missing one is a compile
 * error), and the reader can only name keys that exist (a typo is a compile
 * error), so a key one side reads and the other never writes cannot happen.
 */
export interface ClusterMetadata {
  /** The environment's name. */
  readonly environment: string;
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The AWS account. */
  readonly awsAccountId: string;
  /** The AWS region. */
  readonly awsRegion: string;
  /** The VPC's id. */
  readonly vpcId: string;
  /** The private subnets' ids, comma-separated. */
  readonly privateSubnetIds: string;
  /** The EKS cluster's OIDC issuer URL (for IRSA). */
  readonly oidcIssuerUrl: string;
  /** The IAM role Crossplane's AWS provider assumes. */
  readonly crossplaneRoleArn: string;
  /** The security group that lets the cluster's nodes reach databases. */
  readonly databaseSecurityGroupId: string;
  /** The DB subnet group databases are placed in. */
  readonly databaseSubnetGroupName: string;
}

/** The annotation each metadata key is written to. Every key must have one (a mapped type). */
export const CLUSTER_METADATA_ANNOTATIONS: { readonly [K in keyof ClusterMetadata]: string } = {
  environment: 'paved.dev/environment',
  clusterName: 'paved.dev/cluster-name',
  awsAccountId: 'paved.dev/aws-account-id',
  awsRegion: 'paved.dev/aws-region',
  vpcId: 'paved.dev/vpc-id',
  privateSubnetIds: 'paved.dev/private-subnet-ids',
  oidcIssuerUrl: 'paved.dev/oidc-issuer-url',
  crossplaneRoleArn: 'paved.dev/crossplane-role-arn',
  databaseSecurityGroupId: 'paved.dev/database-security-group-id',
  databaseSubnetGroupName: 'paved.dev/database-subnet-group-name',
};

/** The label that marks the cluster Secret of an environment (the ApplicationSets' cluster generator selects on it). */
export const CLUSTER_ENVIRONMENT_LABEL = 'paved.dev/environment';

/** Writer side (cloud stack): every key to its annotation. */
export function clusterMetadataAnnotations(metadata: ClusterMetadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(CLUSTER_METADATA_ANNOTATIONS) as (keyof ClusterMetadata)[]) {
    out[CLUSTER_METADATA_ANNOTATIONS[key]] = metadata[key];
  }
  return out;
}

/**
 * Reader side (GitOps tree): the Argo CD ApplicationSet go-template expression
 * that yields a metadata value from the cluster generator's Secret.
 */
export function clusterMetadataRef(key: keyof ClusterMetadata): string {
  return `{{ index .metadata.annotations "${CLUSTER_METADATA_ANNOTATIONS[key]}" }}`;
}
