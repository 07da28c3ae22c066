import { Testing } from 'cdktf';
import { EnvironmentStack } from '../../../lib/infra/environment-stack';
import { CLUSTER_METADATA_ANNOTATIONS } from '../../../lib/org/cluster-metadata';
import type { ClusterMetadata } from '../../../lib/org/cluster-metadata';
import type { SynthJson } from './infra-util';
import { INFRA_ORG_PROPS, errorOf, orgAndEnv, resourceOf, resourcesOf, testApp } from './infra-util';

/** Each environment's stack, synthesized once for the tests that only read it. */
const byEnvironment = new Map<string, SynthJson>();
function stack(envName: string, argoCdChartVersion?: string): SynthJson {
  if (argoCdChartVersion) return buildStack(envName, argoCdChartVersion);
  if (!byEnvironment.has(envName)) byEnvironment.set(envName, buildStack(envName));
  return byEnvironment.get(envName) as SynthJson;
}

function buildStack(envName: string, argoCdChartVersion?: string): SynthJson {
  const { org, env } = orgAndEnv(envName);
  return JSON.parse(Testing.synth(new EnvironmentStack(testApp(), envName, { org, environment: env, ...(argoCdChartVersion ? { argoCdChartVersion } : {}) }))) as SynthJson;
}

describe('EnvironmentStack', () => {
  test("works in the environment's region (and in us-east-1 for Route 53 query logs only), and refuses any other account", () => {
    const tags = [{ tags: { 'paved.dev/org': 'test', 'paved.dev/environment': 'prod', 'paved.dev/managed-by': 'terraform' } }];
    const json = stack('prod');
    expect(json.provider?.aws).toEqual([
      { region: 'eu-central-1', allowed_account_ids: ['222222222222'], default_tags: tags },
      { alias: 'us-east-1', region: 'us-east-1', allowed_account_ids: ['222222222222'], default_tags: tags },
    ]);
    const inUsEast1 = Object.entries(json.resource as Record<string, Record<string, { provider?: string }>>).flatMap(([type, byId]) =>
      Object.values(byId)
        .filter((r) => r.provider === 'aws.us-east-1')
        .map(() => type),
    );
    expect([...new Set(inUsEast1)].sort()).toEqual(['aws_cloudwatch_log_group', 'aws_cloudwatch_log_resource_policy']);
  });

  test('bootstraps the Argo CD chart version it is given', () => {
    const argo = Object.values(resourcesOf(stack('staging', '9.5.0'), 'helm_release')).find((r) => r.chart === 'argo-cd');
    expect(argo?.version).toBe('9.5.0');
  });

  test("keeps its state in the org's bucket under its environment's key", () => {
    expect(stack('staging').terraform.backend.s3).toMatchObject({ key: 'environments/staging/terraform.tfstate', encrypt: true, dynamodb_table: 'test-tflock' });
  });

  test('hands the GitOps side every metadata key, each from the resource that knows it', () => {
    const json = stack('staging');
    const id = (type: string, prefix = '') => Object.keys(resourcesOf(json, type)).filter((k) => k.startsWith(prefix))[0];
    const eks = id('aws_eks_cluster');
    const expected: ClusterMetadata = {
      environment: 'staging',
      clusterName: `\${aws_eks_cluster.${eks}.name}`,
      awsAccountId: '111111111111',
      awsRegion: 'eu-west-1',
      vpcId: `\${aws_vpc.${id('aws_vpc')}.id}`,
      privateSubnetIds: `\${join(",", [aws_subnet.${id('aws_subnet', 'network_private-subnet-0')}.id, aws_subnet.${id('aws_subnet', 'network_private-subnet-1')}.id])}`,
      oidcIssuerUrl: `\${aws_eks_cluster.${eks}.identity[0].oidc[0].issuer}`,
      crossplaneRoleArn: `\${aws_iam_role.${id('aws_iam_role', 'controllers_crossplane-aws')}.arn}`,
      databaseSecurityGroupId: `\${aws_security_group.${id('aws_security_group', 'databases_')}.id}`,
      databaseSubnetGroupName: `\${aws_db_subnet_group.${id('aws_db_subnet_group')}.name}`,
    };
    const annotations = resourceOf(json, 'kubernetes_secret_v1').metadata.annotations;
    for (const key of Object.keys(CLUSTER_METADATA_ANNOTATIONS) as (keyof ClusterMetadata)[]) {
      expect([key, annotations[CLUSTER_METADATA_ANNOTATIONS[key]]]).toEqual([key, expected[key]]);
      expect([key, json.output?.[key]?.value]).toEqual([key, expected[key]]);
    }
  });

  test('contains one of each part: network, cluster, nodes, databases, controller roles, Argo CD', () => {
    const json = stack('staging');
    const count = (type: string) => Object.keys(resourcesOf(json, type)).length;
    expect([count('aws_vpc'), count('aws_eks_cluster'), count('aws_eks_node_group'), count('aws_db_subnet_group'), count('helm_release'), count('kubernetes_secret_v1')]).toEqual([1, 1, 1, 1, 3, 1]);
    // flow logs, cluster, nodes, 2 teams, the monitoring stack's secrets, Crossplane, the load balancer controller and external-dns
    expect(count('aws_iam_role')).toBe(9);
    // a hosted zone and a certificate per team
    expect([count('aws_route53_zone'), count('aws_acm_certificate')]).toEqual([2, 2]);
  });

  test('fails before building anything when the org has no platform admin to reach the cluster', () => {
    const { org, env } = orgAndEnv('staging', { ...INFRA_ORG_PROPS, platformAdminRoleArns: [] });
    const app = testApp();
    expect(errorOf(() => new EnvironmentStack(app, 'staging', { org, environment: env })).split('\n')).toEqual([
      expect.stringMatching(/^staging\/cluster: org\.platformAdminRoleArns = \[\] is not allowed/),
    ]);
  });

  test('a cluster name too long for its IAM role names is rejected by the org itself', () => {
    expect(errorOf(() => orgAndEnv('staging', { ...INFRA_ORG_PROPS, environments: [{ ...INFRA_ORG_PROPS.environments[0], clusterName: 'c'.repeat(50) }] }))).toContain(
      `environments[0].clusterName = "${'c'.repeat(50)}" is not allowed: a name short enough that the IAM role "${'c'.repeat(50)}-crossplane-aws" fits 64 characters`,
    );
  });
});
