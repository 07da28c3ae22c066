import type { Environment } from '../org/environment';
import { CROSSPLANE_AWS_SERVICES, CROSSPLANE_NAMESPACE, crossplaneProviderServiceAccount } from '../org/identities';
import { partitionOf, regionalArn } from '../private/aws-arns';
import type { PolicyCondition, PolicyStatement } from './cloud-rights';
import { declareAddOn } from './declaration';

/**
 * Crossplane's AWS providers, one family member per service the platform
 * manages (lib/org/identities.ts): packages `PlatformServices` installs, the
 * namespaced `.m.` kinds of v2.
 */
export const CROSSPLANE_PROVIDER_AWS = declareAddOn({
  name: 'provider-aws',
  cloudRole: {
    id: 'crossplane-aws',
    roleName: (env) => env.crossplaneRoleName(),
    // one service account per provider, named by the GitOps side's DeploymentRuntimeConfigs (shared constants)
    serviceAccounts: CROSSPLANE_AWS_SERVICES.map((service) => ({ namespace: CROSSPLANE_NAMESPACE, name: crossplaneProviderServiceAccount(service) })),
    statements: ({ environment }) => crossplaneStatements(environment),
    description: (env) => `Crossplane AWS provider in ${env.clusterName}: RDS and S3 resources tagged paved.dev/managed-by=crossplane`,
  },
  release: {
    // the community build of the provider's source (the xpkg.upbound.io/upbound build keeps only its newest version pullable without a subscription)
    project: 'crossplane-provider-aws',
    repo: 'crossplane-contrib/provider-upjet-aws',
    tag: 'v2.6.0',
    commit: '857b535dd0eb9b8242ad9d7c4e54aaa3e4616d60',
    date: '2026-06-11',
    packages: CROSSPLANE_AWS_SERVICES.map((s) => `xpkg.crossplane.io/crossplane-contrib/provider-aws-${s}`),
    newestStableTag: 'v2.6.0',
  },
});

/** The tag every AWS resource Crossplane creates must carry; Crossplane may only change resources that carry it. */
export const MANAGED_BY_TAG_KEY = 'paved.dev/managed-by';
/** The value of {@link MANAGED_BY_TAG_KEY} on resources Crossplane manages. */
export const CROSSPLANE_MANAGED_BY = 'crossplane';

const requestTagged: PolicyCondition = { test: 'StringEquals', variable: `aws:RequestTag/${MANAGED_BY_TAG_KEY}`, values: [CROSSPLANE_MANAGED_BY] };
const resourceTagged: PolicyCondition = { test: 'StringEquals', variable: `aws:ResourceTag/${MANAGED_BY_TAG_KEY}`, values: [CROSSPLANE_MANAGED_BY] };

/** Read-only RDS actions; several (engine versions, orderable options) have no resource type and need `*`. */
export const RDS_READ_ACTIONS: readonly string[] = [
  'rds:DescribeDBInstances',
  'rds:DescribeDBParameterGroups',
  'rds:DescribeDBParameters',
  'rds:DescribeDBSubnetGroups',
  'rds:DescribeDBEngineVersions',
  'rds:DescribeOrderableDBInstanceOptions',
  'rds:DescribeEngineDefaultParameters',
  'rds:ListTagsForResource',
];

/** Bucket reads the AWS provider makes when it observes a bucket. */
export const S3_READ_ACTIONS: readonly string[] = [
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:GetBucketTagging',
  's3:ListTagsForResource',
  's3:GetBucketVersioning',
  's3:GetBucketAcl',
  's3:GetBucketPolicy',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketOwnershipControls',
  's3:GetBucketCORS',
  's3:GetBucketWebsite',
  's3:GetBucketLogging',
  's3:GetBucketRequestPayment',
  's3:GetBucketObjectLockConfiguration',
  's3:GetAccelerateConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
  's3:GetEncryptionConfiguration',
];

/** Bucket settings the compositions write (no bucket policies, ACLs or objects). */
export const S3_WRITE_ACTIONS: readonly string[] = [
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutLifecycleConfiguration',
  's3:PutBucketTagging',
  's3:TagResource',
  's3:UntagResource',
  's3:DeleteBucket',
];

/**
 * What Crossplane's AWS provider may do: manage PostgreSQL instances (RDS) and
 * buckets (S3) in the environment's account, nothing else.
 *
 * - RDS instances and parameter groups: created only with the tag
 *   `paved.dev/managed-by=crossplane` (`aws:RequestTag`), changed and deleted
 *   only when they carry it (`aws:ResourceTag`); the tag cannot be removed.
 *   Subnet groups, option groups and parameter groups an instance merely
 *   references (such as the platform's DB subnet group) are not tag-scoped:
 *   referencing them changes nothing.
 * - S3 buckets: created only with the tag (`aws:RequestTag`). Bucket settings
 *   cannot be tag-scoped: `aws:ResourceTag` works on general purpose buckets
 *   only after ABAC is enabled on each bucket, so they are scoped to buckets
 *   of the environment's account (`aws:ResourceAccount`). No object access, no
 *   bucket policies or ACLs.
 * - Describe/List calls that have no resource type need `Resource: *`; they are read-only.
 */
export function crossplaneStatements(env: Environment): PolicyStatement[] {
  const rds = (resource: string) => regionalArn(env.awsRegion, env.awsAccountId, 'rds', resource);
  const partition = partitionOf(env.awsRegion);
  return [
    {
      sid: 'RdsCreateTagged',
      actions: ['rds:CreateDBInstance', 'rds:CreateDBParameterGroup', 'rds:AddTagsToResource'],
      resources: [rds('db:*'), rds('pg:*')],
      conditions: [requestTagged],
    },
    {
      sid: 'RdsReferenceSharedResources',
      actions: ['rds:CreateDBInstance', 'rds:ModifyDBInstance'],
      resources: [rds('subgrp:*'), rds('og:*'), rds('pg:*'), rds('secgrp:*')],
    },
    {
      sid: 'RdsManageTagged',
      actions: [
        'rds:ModifyDBInstance',
        'rds:DeleteDBInstance',
        'rds:RebootDBInstance',
        'rds:StartDBInstance',
        'rds:StopDBInstance',
        'rds:ModifyDBParameterGroup',
        'rds:ResetDBParameterGroup',
        'rds:DeleteDBParameterGroup',
        'rds:AddTagsToResource',
        'rds:RemoveTagsFromResource',
      ],
      resources: [rds('db:*'), rds('pg:*')],
      conditions: [resourceTagged],
    },
    {
      sid: 'RdsKeepManagedByTag',
      effect: 'Deny',
      actions: ['rds:RemoveTagsFromResource'],
      resources: [rds('db:*'), rds('pg:*')],
      conditions: [{ test: 'ForAnyValue:StringEquals', variable: 'aws:TagKeys', values: [MANAGED_BY_TAG_KEY] }],
    },
    { sid: 'RdsRead', actions: RDS_READ_ACTIONS, resources: ['*'] },
    {
      sid: 'RdsServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${partition}:iam::${env.awsAccountId}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`],
      conditions: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['rds.amazonaws.com'] }],
    },
    {
      sid: 'S3CreateTaggedBuckets',
      actions: ['s3:CreateBucket', 's3:PutBucketTagging', 's3:TagResource'],
      resources: [`arn:${partition}:s3:::*`],
      conditions: [requestTagged],
    },
    {
      sid: 'S3ManageAccountBuckets',
      actions: [...S3_READ_ACTIONS, ...S3_WRITE_ACTIONS],
      resources: [`arn:${partition}:s3:::*`],
      conditions: [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: [env.awsAccountId] }],
    },
  ];
}
