import { Testing } from 'cdktf';
import type {} from 'cdktf/lib/testing/adapters/jest';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Cluster, EKS_OIDC_THUMBPRINT } from '../../../lib/infra/cluster';
import { Network } from '../../../lib/infra/network';
import { INFRA_ORG_PROPS, errorOf, orgAndEnv, resourceOf, resourcesOf, roleNamed, testStack } from './infra-util';

// cdktf's jest matchers (toHaveResourceWithProperties) and their types
Testing.setupJest();

function cluster(envName: string, orgProps = INFRA_ORG_PROPS) {
  const { org, env } = orgAndEnv(envName, orgProps);
  const { stack, synth, raw } = testStack();
  const network = new Network(stack, 'network', { environment: env });
  const c = new Cluster(stack, 'cluster', { org, environment: env, network });
  return { cluster: c, json: synth(), raw: raw() };
}

describe('Cluster', () => {
  test("runs the environment's Kubernetes version in the private subnets, on standard support only", () => {
    const { json } = cluster('prod');
    const eks = resourceOf(json, 'aws_eks_cluster');
    expect(eks).toMatchObject({ name: 'test-prod', version: '1.34', upgrade_policy: { support_type: 'STANDARD' } });
    expect(eks.vpc_config.subnet_ids).toEqual([0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^\\$\\{aws_subnet\\.network_private-subnet-${i}_`))));
  });

  test('envelope-encrypts Kubernetes secrets with its own KMS key, which rotates', () => {
    const { json, raw } = cluster('staging');
    const keyId = Object.keys(resourcesOf(json, 'aws_kms_key'))[0];
    expect(raw).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resourceOf(json, 'aws_eks_cluster').encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: `\${aws_kms_key.${keyId}.arn}` } });
    expect(resourceOf(json, 'aws_kms_alias')).toMatchObject({ name: 'alias/test-staging-eks-secrets' });
  });

  test('sends every control-plane log type to a log group it creates first, with a retention', () => {
    const { json } = cluster('staging');
    const eks = resourceOf(json, 'aws_eks_cluster');
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const [groupId, group] = Object.entries(resourcesOf(json, 'aws_cloudwatch_log_group')).find(([, g]) => g.name === '/aws/eks/test-staging/cluster') ?? [];
    expect(group).toEqual({ name: '/aws/eks/test-staging/cluster', retention_in_days: 90 });
    expect(eks.depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
  });

  test('keeps the API endpoint private when the environment lists no public CIDRs', () => {
    const { raw } = cluster('staging');
    expect(raw).toHaveResourceWithProperties(EksCluster, { name: 'test-staging', version: '1.35' });
    const vpc = resourceOf(JSON.parse(raw), 'aws_eks_cluster').vpc_config;
    expect([vpc.endpoint_private_access, vpc.endpoint_public_access, vpc.public_access_cidrs]).toEqual([true, false, undefined]);
  });

  test("opens the public endpoint to the environment's CIDRs only, keeping the private one", () => {
    const { json } = cluster('prod');
    expect(resourceOf(json, 'aws_eks_cluster').vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
  });

  test('authenticates by access entries only, giving cluster-admin to each platform admin and nobody else', () => {
    const { json } = cluster('staging', { ...INFRA_ORG_PROPS, platformAdminRoleArns: ['arn:aws:iam::111111111111:role/admins', 'arn:aws:iam::333333333333:role/ops/break-glass'] });
    expect(resourceOf(json, 'aws_eks_cluster').access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    const entries = Object.values(resourcesOf(json, 'aws_eks_access_entry'));
    expect(entries.map((e) => [e.principal_arn, e.type])).toEqual([
      ['arn:aws:iam::111111111111:role/admins', 'STANDARD'],
      ['arn:aws:iam::333333333333:role/ops/break-glass', 'STANDARD'],
    ]);
    const associations = Object.entries(resourcesOf(json, 'aws_eks_access_policy_association'));
    expect(associations.map(([, a]) => [a.principal_arn, a.policy_arn, a.access_scope])).toEqual([
      ['arn:aws:iam::111111111111:role/admins', 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
      ['arn:aws:iam::333333333333:role/ops/break-glass', 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
    ]);
    // each association waits for its entry
    for (const [id, a] of associations) {
      const entry = Object.keys(resourcesOf(json, 'aws_eks_access_entry')).find((e) => e.startsWith(id.replace(/-cluster-admin_[0-9A-F]+$/, '_')));
      expect(a.depends_on).toEqual([`aws_eks_access_entry.${entry}`]);
    }
  });

  test("registers the cluster's OIDC issuer with IAM for roles of service accounts", () => {
    const { json } = cluster('staging');
    const eks = Object.keys(resourcesOf(json, 'aws_eks_cluster'))[0];
    expect(resourceOf(json, 'aws_iam_openid_connect_provider')).toEqual({
      url: `\${aws_eks_cluster.${eks}.identity[0].oidc[0].issuer}`,
      client_id_list: ['sts.amazonaws.com'],
      thumbprint_list: [EKS_OIDC_THUMBPRINT],
    });
  });

  test('runs the control plane under a role EKS alone can assume, with the EKS cluster policy', () => {
    const { json } = cluster('staging');
    const role = roleNamed(json, 'test-staging-eks-cluster');
    expect(role.trust).toEqual([expect.objectContaining({ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }] })]);
    expect(Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))).toEqual([{ role: `\${aws_iam_role.${role.id}.name}`, policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' }]);
  });

  test('lets the control plane use its secrets key, and that key only', () => {
    const { json } = cluster('staging');
    const [keyId] = Object.keys(resourcesOf(json, 'aws_kms_key'));
    const role = roleNamed(json, 'test-staging-eks-cluster');
    expect(role.permissions).toEqual([
      { sid: 'EncryptSecrets', effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [`\${aws_kms_key.${keyId}.arn}`] },
    ]);
    const [policyId] = Object.keys(resourcesOf(json, 'aws_iam_role_policy'));
    expect(resourceOf(json, 'aws_eks_cluster').depends_on).toContain(`aws_iam_role_policy.${policyId}`);
  });

  test('protects production clusters from deletion, and only them', () => {
    expect(resourceOf(cluster('prod').json, 'aws_eks_cluster').deletion_protection).toBe(true);
    expect(resourceOf(cluster('staging').json, 'aws_eks_cluster').deletion_protection).toBe(false);
  });

  test('fails without platform admins: nobody, Terraform included, could reach the cluster', () => {
    const { org, env } = orgAndEnv('staging', { ...INFRA_ORG_PROPS, platformAdminRoleArns: [] });
    const { stack } = testStack();
    const network = new Network(stack, 'network', { environment: env });
    expect(errorOf(() => new Cluster(stack, 'cluster', { org, environment: env, network, logRetentionDays: 10 })).split('\n')).toEqual([
      expect.stringMatching(/^test\/cluster: org\.platformAdminRoleArns = \[\] is not allowed: at least one IAM role ARN/),
      expect.stringMatching(/^test\/cluster: logRetentionDays = 10 is not allowed: one of 1, 3, 5/),
    ]);
  });
});

describe('Cluster network policies', () => {
  test("the VPC CNI runs its network policy agent, so the teams' NetworkPolicies are enforced", () => {
    const { org, env } = orgAndEnv('prod');
    const { stack, synth } = testStack();
    const network = new Network(stack, 'network', { environment: env });
    new Cluster(stack, 'cluster', { org, environment: env, network });
    const addons = Object.values(resourcesOf(synth(), 'aws_eks_addon')) as { addon_name: string; configuration_values: string }[];
    expect(addons.map((a) => a.addon_name)).toEqual(['vpc-cni']);
    expect(JSON.parse(addons[0].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
  });
});
