import { Cluster } from '../../../lib/infra/cluster';
import { DatabaseNetwork } from '../../../lib/infra/database-network';
import { Network } from '../../../lib/infra/network';
import { errorOf, orgAndEnv, resourceOf, resourcesOf, testStack } from './infra-util';

function databases(port?: number) {
  const { org, env } = orgAndEnv('staging');
  const { stack, synth } = testStack();
  const network = new Network(stack, 'network', { environment: env });
  const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
  const build = () => new DatabaseNetwork(stack, 'databases', { environment: env, network, cluster, ...(port !== undefined ? { port } : {}) });
  return { build, synth };
}

describe('DatabaseNetwork', () => {
  test('admits PostgreSQL from the cluster security group only, and nothing else', () => {
    const { build, synth } = databases();
    build();
    const json = synth();
    const [sgId, sg] = Object.entries(resourcesOf(json, 'aws_security_group'))[0];
    const [clusterId] = Object.keys(resourcesOf(json, 'aws_eks_cluster'));
    expect(sg).toMatchObject({ name: 'test-staging-databases', vpc_id: expect.stringMatching(/^\$\{aws_vpc\.network_vpc_/) });
    expect(sg.ingress).toBeUndefined();
    expect(Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([
      expect.objectContaining({
        security_group_id: `\${aws_security_group.${sgId}.id}`,
        referenced_security_group_id: `\${aws_eks_cluster.${clusterId}.vpc_config[0].cluster_security_group_id}`,
        ip_protocol: 'tcp',
        from_port: 5432,
        to_port: 5432,
      }),
    ]);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
  });

  test('groups the private subnets for databases', () => {
    const { build, synth } = databases();
    const db = build();
    const json = synth();
    const group = resourceOf(json, 'aws_db_subnet_group');
    expect(group.name).toBe('test-staging-databases');
    expect(group.subnet_ids).toEqual([0, 1].map((i) => expect.stringMatching(new RegExp(`aws_subnet\\.network_private-subnet-${i}_`))));
    expect(db.subnetGroupName).toMatch(/TOKEN/);
  });

  test('admits another port when asked', () => {
    const { build, synth } = databases(3306);
    build();
    expect(Object.values(resourcesOf(synth(), 'aws_vpc_security_group_ingress_rule'))[0]).toMatchObject({ from_port: 3306, to_port: 3306 });
  });

  test('fails on a port RDS does not accept', () => {
    expect(errorOf(databases(80).build)).toBe('test/databases: port = 80 is not allowed: an integer from 1150 to 65535 (the ports RDS accepts)');
  });
});
