import { Cluster } from '../../../lib/infra/cluster';
import { Network } from '../../../lib/infra/network';
import { DEFAULT_DISK_SIZE_GIB, NodeGroups, isArmInstanceType } from '../../../lib/infra/node-groups';
import type { OrgProps } from '../../../lib/org/org';
import { INFRA_ORG_PROPS, errorOf, orgAndEnv, resourceOf, resourcesOf, roleNamed, testStack } from './infra-util';

/** The example org's node groups, synthesized once per environment for the tests that only read them. */
const byEnvironment = new Map<string, ReturnType<typeof buildNodes>>();
function nodes(envName: string, orgProps?: OrgProps) {
  if (orgProps) return buildNodes(envName, orgProps);
  if (!byEnvironment.has(envName)) byEnvironment.set(envName, buildNodes(envName, INFRA_ORG_PROPS));
  return byEnvironment.get(envName) as ReturnType<typeof buildNodes>;
}

function buildNodes(envName: string, orgProps: OrgProps) {
  const { org, env } = orgAndEnv(envName, orgProps);
  const { stack, synth } = testStack();
  const network = new Network(stack, 'network', { environment: env });
  const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
  const groups = new NodeGroups(stack, 'nodes', { environment: env, cluster, network });
  return { groups, json: synth() };
}

const withNodeGroups = (nodeGroups: NonNullable<OrgProps['environments'][number]['nodeGroups']>): OrgProps => ({
  ...INFRA_ORG_PROPS,
  environments: [{ ...INFRA_ORG_PROPS.environments[0], nodeGroups }],
});

describe('NodeGroups', () => {
  test('creates one managed node group per environment entry, sized as the entry says', () => {
    const { json } = nodes('prod');
    const groups = resourcesOf(json, 'aws_eks_node_group');
    expect(Object.fromEntries(Object.values(groups).map((g) => [g.node_group_name, [g.instance_types, g.scaling_config]]))).toEqual({
      general: [['m7i.xlarge'], { min_size: 3, max_size: 9, desired_size: 4 }],
      arm: [['m7g.large', 'c7gn.large'], { min_size: 0, max_size: 3, desired_size: 0 }],
    });
  });

  test('starts at the minimum size when the entry names no desired size, and leaves the desired size to the autoscaler afterwards', () => {
    const g = resourceOf(nodes('staging').json, 'aws_eks_node_group');
    expect(g.scaling_config).toEqual({ min_size: 2, max_size: 4, desired_size: 2 });
    expect(g.lifecycle).toEqual({ ignore_changes: ['scaling_config[0].desired_size'] });
  });

  test('requires IMDSv2 with a hop limit of 1 in every launch template', () => {
    const templates = Object.values(resourcesOf(nodes('prod').json, 'aws_launch_template'));
    expect(templates).toHaveLength(2);
    for (const t of templates) expect(t.metadata_options).toMatchObject({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
  });

  test("gives nodes an encrypted gp3 root volume of the entry's size, 50 GiB by default", () => {
    const { json } = nodes('prod');
    const byName = Object.fromEntries(Object.values(resourcesOf(json, 'aws_launch_template')).map((t) => [t.name, t.block_device_mappings]));
    expect(byName).toEqual({
      'test-prod-general': [{ device_name: '/dev/xvda', ebs: { volume_size: 100, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } }],
      'test-prod-arm': [{ device_name: '/dev/xvda', ebs: { volume_size: DEFAULT_DISK_SIZE_GIB, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } }],
    });
    expect(DEFAULT_DISK_SIZE_GIB).toBe(50);
  });

  test('allows no SSH: no key pair in the templates, no remote access on the groups', () => {
    const { json } = nodes('prod');
    for (const t of Object.values(resourcesOf(json, 'aws_launch_template'))) expect(t.key_name).toBeUndefined();
    for (const g of Object.values(resourcesOf(json, 'aws_eks_node_group'))) expect(g.remote_access).toBeUndefined();
  });

  test("launches each group from its own template, at its latest version, in the private subnets, on the cluster's version", () => {
    const { json } = nodes('staging');
    const [templateId] = Object.keys(resourcesOf(json, 'aws_launch_template'));
    const [clusterId] = Object.keys(resourcesOf(json, 'aws_eks_cluster'));
    const g = resourceOf(json, 'aws_eks_node_group');
    expect(g.launch_template).toEqual({ id: `\${aws_launch_template.${templateId}.id}`, version: `\${aws_launch_template.${templateId}.latest_version}` });
    expect(g.version).toBe(`\${aws_eks_cluster.${clusterId}.version}`);
    expect(g.subnet_ids).toEqual([0, 1].map((i) => expect.stringMatching(new RegExp(`aws_subnet\\.network_private-subnet-${i}_`))));
    expect(g).toMatchObject({ capacity_type: 'ON_DEMAND', node_repair_config: { enabled: true }, labels: { 'paved.dev/node-group': 'general' } });
  });

  test("picks the Amazon Linux 2023 AMI of the group's architecture", () => {
    const amis = Object.fromEntries(Object.values(resourcesOf(nodes('prod').json, 'aws_eks_node_group')).map((g) => [g.node_group_name, g.ami_type]));
    expect(amis).toEqual({ general: 'AL2023_x86_64_STANDARD', arm: 'AL2023_ARM_64_STANDARD' });
    expect(['m7g.large', 'c7gn.xlarge', 't4g.small', 'r8gd.large', 'a1.large'].every(isArmInstanceType)).toBe(true);
    expect(['m7i.large', 'g4dn.xlarge', 'm7i-flex.large', 'c6in.large', 'p5.48xlarge'].some(isArmInstanceType)).toBe(false);
  });

  test('runs nodes under one role EC2 assumes, with exactly the policies a node needs', () => {
    const { json } = nodes('staging');
    const role = roleNamed(json, 'test-staging-eks-node');
    expect(role.trust).toEqual([expect.objectContaining({ principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }], actions: ['sts:AssumeRole'] })]);
    const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))
      .filter((a) => a.role === `\${aws_iam_role.${role.id}.name}`)
      .map((a) => a.policy_arn)
      .sort();
    expect(attached).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'].map((p) => `arn:aws:iam::aws:policy/${p}`));
  });

  test("waits for the node role's policies and for the private subnets' routes through NAT before launching nodes", () => {
    const { json } = nodes('staging');
    const attachments = Object.keys(resourcesOf(json, 'aws_iam_role_policy_attachment'))
      .filter((id) => id.startsWith('nodes_'))
      .map((id) => `aws_iam_role_policy_attachment.${id}`);
    const routes = Object.keys(resourcesOf(json, 'aws_route'))
      .filter((id) => id.startsWith('network_private-'))
      .map((id) => `aws_route.${id}`);
    const associations = Object.keys(resourcesOf(json, 'aws_route_table_association'))
      .filter((id) => id.startsWith('network_private-'))
      .map((id) => `aws_route_table_association.${id}`);
    expect([attachments.length, routes.length, associations.length]).toEqual([3, 2, 2]);
    expect([...resourceOf(json, 'aws_eks_node_group').depends_on].sort()).toEqual([...attachments, ...routes, ...associations].sort());
  });

  test('fails on a group mixing architectures', () => {
    const props = withNodeGroups([
      { name: 'general', instanceTypes: ['m7i.large', 'm7g.large'], minSize: 1, maxSize: 2 },
      { name: 'batch', instanceTypes: ['m7i.large'], minSize: 1, maxSize: 2 },
    ]);
    const { org, env } = orgAndEnv('staging', props);
    const { stack } = testStack();
    const network = new Network(stack, 'network', { environment: env });
    const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
    expect(errorOf(() => new NodeGroups(stack, 'nodes', { environment: env, cluster, network })).split('\n')).toEqual([
      'test/nodes: environment.nodeGroups[0].instanceTypes = ["m7i.large","m7g.large"] is not allowed: instance types of one architecture (all arm64 such as "m7g.large", or all x86_64 such as "m7i.large"): a node group runs one AMI',
    ]);
  });

  test('two groups of one name are rejected by the org itself, before any stack exists', () => {
    const props = withNodeGroups([
      { name: 'general', instanceTypes: ['m7i.large'], minSize: 1, maxSize: 2 },
      { name: 'general', instanceTypes: ['m7i.large'], minSize: 1, maxSize: 2 },
    ]);
    expect(errorOf(() => orgAndEnv('staging', props))).toContain('environments[0].nodeGroups[1].name = "general" is not allowed: a name no other node group of the environment has');
  });
});
