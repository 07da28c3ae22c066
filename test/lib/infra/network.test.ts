import { Environment } from '../../../lib/org/environment';
import { Network } from '../../../lib/infra/network';
import { errorOf, orgAndEnv, resourceOf, resourcesOf, roleNamed, testStack } from './infra-util';

function network(envName: string, props: Partial<ConstructorParameters<typeof Network>[2]> = {}) {
  const { env } = orgAndEnv(envName);
  const { stack, synth } = testStack();
  const net = new Network(stack, 'network', { environment: env, ...props });
  return { env, net, json: synth() };
}

describe('Network', () => {
  test('creates the VPC from the environment block with DNS support (EKS needs both flags)', () => {
    const { json } = network('staging');
    expect(resourceOf(json, 'aws_vpc')).toMatchObject({ cidr_block: '10.1.0.0/16', enable_dns_hostnames: true, enable_dns_support: true });
  });

  test('places one private and one public subnet in each zone, from the layout, in zones the region offers', () => {
    const { json, net } = network('prod');
    const subnets = Object.values(resourcesOf(json, 'aws_subnet'));
    expect(subnets).toHaveLength(6);
    expect(net.privateCidrs).toEqual(['10.2.0.0/23', '10.2.2.0/23', '10.2.4.0/23']);
    expect(net.publicCidrs).toEqual(['10.2.14.0/26', '10.2.14.64/26', '10.2.14.128/26']);
    for (const [i, cidr] of net.privateCidrs.entries()) {
      expect(subnets).toContainEqual(
        expect.objectContaining({
          cidr_block: cidr,
          availability_zone: expect.stringMatching(new RegExp(`^\\$\\{element\\(data\\.aws_availability_zones\\.network_zones_[0-9A-F]+\\.names, ${i}\\)\\}$`)),
        }),
      );
    }
  });

  test('tags subnets for the AWS Load Balancer Controller: public for internet-facing, private for internal, both shared with the cluster', () => {
    const { json } = network('staging');
    const subnets = Object.entries(resourcesOf(json, 'aws_subnet'));
    const publics = subnets.filter(([id]) => id.includes('public')).map(([, s]) => s);
    const privates = subnets.filter(([id]) => id.includes('private')).map(([, s]) => s);
    expect(publics).toHaveLength(2);
    expect(privates).toHaveLength(2);
    for (const s of publics) {
      expect(s.tags).toMatchObject({ 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/test-staging': 'shared' });
      expect(s.tags['kubernetes.io/role/internal-elb']).toBeUndefined();
    }
    for (const s of privates) {
      expect(s.tags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/test-staging': 'shared' });
      expect(s.tags['kubernetes.io/role/elb']).toBeUndefined();
    }
    expect(subnets.every(([, s]) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  test('checks at plan time that the region offers the account as many zones as the environment asks for', () => {
    const { json } = network('prod');
    expect(resourceOf(json, 'aws_vpc').lifecycle.precondition).toEqual([
      {
        condition: expect.stringMatching(/^\$\{\(length\(data\.aws_availability_zones\.network_zones_[0-9A-F]+\.names\) >= 3\)\}$/),
        error_message: 'Environment prod needs 3 availability zones; region eu-central-1 offers this account fewer.',
      },
    ]);
    expect(Object.values(json.data?.aws_availability_zones ?? {})[0]).toMatchObject({ state: 'available', filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }] });
  });

  test('routes private subnets through one NAT gateway outside production', () => {
    const { json, net } = network('staging');
    expect(net.natGatewayCount).toBe(1);
    expect(Object.keys(resourcesOf(json, 'aws_nat_gateway'))).toHaveLength(1);
    const natId = Object.keys(resourcesOf(json, 'aws_nat_gateway'))[0];
    const privateRoutes = Object.entries(resourcesOf(json, 'aws_route')).filter(([id]) => id.includes('private'));
    expect(privateRoutes).toHaveLength(2);
    for (const [, r] of privateRoutes) expect(r).toMatchObject({ destination_cidr_block: '0.0.0.0/0', nat_gateway_id: `\${aws_nat_gateway.${natId}.id}` });
  });

  test('gives each zone its own NAT gateway in production, so one zone failing cuts no other off', () => {
    const { json, net } = network('prod');
    expect(net.natGatewayCount).toBe(3);
    const routes = resourcesOf(json, 'aws_route');
    const nats = Object.keys(resourcesOf(json, 'aws_nat_gateway'));
    expect(nats).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const route = Object.entries(routes).find(([id]) => id.startsWith(`network_private-default-route-${i}_`))?.[1];
      const nat = nats.find((id) => id.startsWith(`network_nat-gateway-${i}_`));
      expect(route?.nat_gateway_id).toBe(`\${aws_nat_gateway.${nat}.id}`);
    }
    expect(network('staging', { natGatewayPerZone: true }).net.natGatewayCount).toBe(2);
  });

  test('routes the public subnets (load balancers and NAT gateways only) to the internet gateway', () => {
    const { json } = network('staging');
    const igw = Object.keys(resourcesOf(json, 'aws_internet_gateway'))[0];
    expect(resourceOf(json, 'aws_route', 'network_public-default-route')).toMatchObject({ destination_cidr_block: '0.0.0.0/0', gateway_id: `\${aws_internet_gateway.${igw}.id}` });
    for (const nat of Object.values(resourcesOf(json, 'aws_nat_gateway'))) expect(nat.subnet_id).toMatch(/aws_subnet\.network_public-subnet-/);
  });

  test('strips every rule from the default security group', () => {
    const { json } = network('staging');
    const sg = resourceOf(json, 'aws_default_security_group');
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
  });

  test('logs every flow to a CloudWatch log group kept 90 days, through a role that may write to that group only', () => {
    const { json } = network('staging');
    const group = Object.entries(resourcesOf(json, 'aws_cloudwatch_log_group'))[0];
    expect(group[1]).toEqual({ name: '/aws/vpc/test-staging/flow-logs', retention_in_days: 90 });
    const log = resourceOf(json, 'aws_flow_log');
    expect(log).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', log_destination: `\${aws_cloudwatch_log_group.${group[0]}.arn}` });
    const role = roleNamed(json, 'test-staging-vpc-flow-logs');
    expect(log.iam_role_arn).toBe(`\${aws_iam_role.${role.id}.arn}`);
    expect(role.trust).toEqual([
      expect.objectContaining({
        principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111111111111'] }],
      }),
    ]);
    expect(role.permissions).toEqual([
      expect.objectContaining({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [`\${aws_cloudwatch_log_group.${group[0]}.arn}`, `\${aws_cloudwatch_log_group.${group[0]}.arn}:*`],
      }),
    ]);
  });

  test('keeps flow logs as long as asked', () => {
    const { json } = network('staging', { flowLogRetentionDays: 365 });
    expect(Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'))[0].retention_in_days).toBe(365);
  });

  test('fails on a retention CloudWatch does not offer, naming the construct and prop', () => {
    const { env } = orgAndEnv('staging');
    expect(errorOf(() => new Network(testStack().stack, 'network', { environment: env, flowLogRetentionDays: 42 }))).toBe(
      'test/network: flowLogRetentionDays = 42 is not allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    );
  });

  test('fails on more zones than the subnet layout serves, and on a cluster name too long for its IAM role, together', () => {
    // an environment the org would reject (it allows 6 zones): the construct still guards itself
    const env = new Environment({ name: 'wide', awsAccountId: '111111111111', awsRegion: 'us-east-1', vpcCidr: '10.0.0.0/16', availabilityZones: 8, clusterName: 'c'.repeat(51) }, 'test');
    const message = errorOf(() => new Network(testStack().stack, 'network', { environment: env }));
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^test\/network: environment\.availabilityZones = 8 is not allowed: from 1 to 7 zones/),
      expect.stringMatching(/^test\/network: environment\.clusterName = "c{51}" is not allowed: a name short enough that the IAM role "c{51}-vpc-flow-logs" fits 64 characters$/),
    ]);
  });
});
