import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import type { ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { PropChecker } from '../private/problems';
import { IAM_ROLE_NAME_MAX, managedPolicyArn, partitionOf } from '../private/aws-arns';
import type { Network } from './network';
import { LOG_RETENTION_DAYS } from './network';
import { permissionsDocument, serviceTrust, trustDocument } from './policy';

/** Control-plane log types EKS can send to CloudWatch Logs; all are on. */
export const CONTROL_PLANE_LOG_TYPES: readonly string[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** The EKS access policy platform administrators are associated with. */
export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

/**
 * Thumbprint of the root CA that signs the EKS OIDC issuers' certificates. IAM
 * no longer uses it for EKS issuers (it trusts its own CA library), but the
 * provider accepts it and it keeps synthesis offline.
 */
export const EKS_OIDC_THUMBPRINT = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

/** Props of {@link Cluster}. */
export interface ClusterProps {
  /** The organisation: its platform administrators get cluster-admin through access entries. */
  readonly org: Org;
  /** The environment: name, Kubernetes version, endpoint CIDRs and production flag come from it. */
  readonly environment: Environment;
  /** The network the cluster's control plane and nodes live in (its private subnets). */
  readonly network: Network;
  /**
   * Days the control-plane logs are kept in CloudWatch Logs (a value CloudWatch accepts).
   * @default 90
   */
  readonly logRetentionDays?: number;
}

function clusterRoleName(env: Environment): string {
  return env.clusterRoleName();
}

/** Records what is wrong with {@link ClusterProps} (all but the network). @internal */
export function checkClusterProps(check: PropChecker, props: Omit<ClusterProps, 'network'>): void {
  const { org, environment: env } = props;
  check.check(
    org.platformAdminRoleArns.length > 0,
    'org.platformAdminRoleArns',
    org.platformAdminRoleArns,
    'at least one IAM role ARN: with access entries only, these roles are the only way into the cluster, and Terraform must run as one of them to install Argo CD',
  );
  const retention = props.logRetentionDays ?? 90;
  check.check(LOG_RETENTION_DAYS.includes(retention), 'logRetentionDays', props.logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(', ')}`);
  const role = clusterRoleName(env);
  check.check(role.length <= IAM_ROLE_NAME_MAX, 'environment.clusterName', env.clusterName, `a name short enough that the IAM role "${role}" fits ${IAM_ROLE_NAME_MAX} characters`);
}

/**
 * An environment's EKS cluster: Kubernetes secrets envelope-encrypted with a
 * rotating KMS key, every control-plane log type on, a private API endpoint
 * (public only to the environment's `publicEndpointCidrs`), authentication by
 * access entries only (no aws-auth ConfigMap) with cluster-admin for the org's
 * platform administrators, and an OIDC provider for IAM roles for service accounts.
 */
export class Cluster extends Construct {
  /** The cluster (an escape hatch). */
  public readonly eksCluster: EksCluster;
  /** The cluster's name (a reference: depends on the cluster's creation). */
  public readonly clusterName: string;
  /** The API server's URL. */
  public readonly endpoint: string;
  /** The API server's CA certificate, PEM. */
  public readonly certificateAuthorityPem: string;
  /** The security group EKS creates for the control plane and managed nodes. */
  public readonly clusterSecurityGroupId: string;
  /** The OIDC issuer's URL, `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
  public readonly oidcIssuerUrl: string;
  /** The OIDC issuer without its scheme, as IAM condition keys name it. */
  public readonly oidcIssuerHost: string;
  /** The IAM OIDC provider's ARN, the principal of IRSA trust policies. */
  public readonly oidcProviderArn: string;
  /** The KMS key that encrypts Kubernetes secrets. */
  public readonly secretsKeyArn: string;
  /** What must exist before anything talks to the API server as an administrator. */
  public readonly adminAccess: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const { org, environment: env, network } = props;
    const retention = props.logRetentionDays ?? 90;
    const check = new PropChecker(this.node.path);
    checkClusterProps(check, props);
    check.throwIfAny();
    const roleName = clusterRoleName(env);

    const key = new KmsKey(this, 'secrets-key', {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${env.clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'secrets-key-alias', { name: `alias/${env.clusterName}-eks-secrets`, targetKeyId: key.keyId });
    this.secretsKeyArn = key.arn;

    const role = new IamRole(this, 'cluster-role', {
      name: roleName,
      description: `EKS control plane of ${env.clusterName}`,
      assumeRolePolicy: trustDocument(this, 'cluster-role-trust', [serviceTrust('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'])]).json,
    });
    const policy = new IamRolePolicyAttachment(this, 'cluster-role-policy', { role: role.name, policyArn: managedPolicyArn(env.awsRegion, 'AmazonEKSClusterPolicy') });
    // the control plane encrypts and decrypts secrets with the key as this role
    const encryption = new IamRolePolicy(this, 'cluster-role-encryption', {
      role: role.id,
      name: 'encrypt-secrets',
      policy: permissionsDocument(this, 'cluster-role-encryption-permissions', [
        { sid: 'EncryptSecrets', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [key.arn] },
      ]).json,
    });

    // EKS would create this group itself, without retention: create it first, with one
    const logs = new CloudwatchLogGroup(this, 'control-plane-logs', { name: `/aws/eks/${env.clusterName}/cluster`, retentionInDays: retention });

    const publicCidrs = env.publicEndpointCidrs;
    this.eksCluster = new EksCluster(this, 'cluster', {
      name: env.clusterName,
      version: env.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        ...(publicCidrs.length > 0 ? { publicAccessCidrs: [...publicCidrs] } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: env.production,
      dependsOn: [policy, encryption, logs],
    });
    // the VPC CNI (installed by EKS) enforces NetworkPolicies only with its network policy agent on: without it, the teams' policies would be decoration
    new EksAddon(this, 'vpc-cni', {
      clusterName: this.eksCluster.name,
      addonName: 'vpc-cni',
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
    });
    this.clusterName = this.eksCluster.name;
    this.endpoint = this.eksCluster.endpoint;
    this.certificateAuthorityPem = Fn.base64decode(this.eksCluster.certificateAuthority.get(0).data);
    this.clusterSecurityGroupId = this.eksCluster.vpcConfig.clusterSecurityGroupId;

    this.adminAccess = this.addAdminAccess(org, env);

    this.oidcIssuerUrl = this.eksCluster.identity.get(0).oidc.get(0).issuer;
    this.oidcIssuerHost = Fn.replace(this.oidcIssuerUrl, 'https://', '');
    const oidc = new IamOpenidConnectProvider(this, 'oidc-provider', {
      url: this.oidcIssuerUrl,
      clientIdList: ['sts.amazonaws.com'],
      thumbprintList: [EKS_OIDC_THUMBPRINT],
    });
    this.oidcProviderArn = oidc.arn;
  }

  /** Cluster-admin access entries for the org's platform administrators; what depends on admin access waits for these. */
  private addAdminAccess(org: Org, env: Environment): ITerraformDependable[] {
    const access: ITerraformDependable[] = [];
    for (const principalArn of org.platformAdminRoleArns) {
      const name = `admin-${principalArn.replace(/^arn:[^:]+:iam::/, '').replace(/[^A-Za-z0-9-]/g, '-')}`;
      const entry = new EksAccessEntry(this, name, { clusterName: this.eksCluster.name, principalArn, type: 'STANDARD' });
      access.push(
        new EksAccessPolicyAssociation(this, `${name}-cluster-admin`, {
          clusterName: this.eksCluster.name,
          principalArn,
          policyArn: `arn:${partitionOf(env.awsRegion)}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
          accessScope: { type: 'cluster' },
          dependsOn: [entry],
        }),
      );
    }
    return access;
  }
}
