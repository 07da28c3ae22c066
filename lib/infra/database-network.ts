import { Construct } from 'constructs';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Environment } from '../org/environment';
import { PropChecker } from '../private/problems';
import type { Cluster } from './cluster';
import type { Network } from './network';

/** Props of {@link DatabaseNetwork}. */
export interface DatabaseNetworkProps {
  /** The environment; its cluster name names the group and the subnet group. */
  readonly environment: Environment;
  /** The network whose private subnets databases are placed in. */
  readonly network: Network;
  /** The cluster whose security group (its control plane and managed nodes) may reach the databases. */
  readonly cluster: Cluster;
  /**
   * The port databases listen on.
   * @default 5432 (PostgreSQL)
   */
  readonly port?: number;
}

/**
 * Where the platform's databases (created by Crossplane) live: a DB subnet
 * group over the private subnets, and a security group that admits the
 * database port from the cluster's security group only. Their id and name are
 * handed to the GitOps side in the cluster metadata.
 */
export class DatabaseNetwork extends Construct {
  /** The databases' security group id. */
  public readonly securityGroupId: string;
  /** The DB subnet group's name. */
  public readonly subnetGroupName: string;

  constructor(scope: Construct, id: string, props: DatabaseNetworkProps) {
    super(scope, id);
    const port = props.port ?? 5432;
    const check = new PropChecker(this.node.path);
    check.check(Number.isInteger(port) && port >= 1150 && port <= 65535, 'port', props.port, 'an integer from 1150 to 65535 (the ports RDS accepts)');
    check.throwIfAny();
    const name = `${props.environment.clusterName.toLowerCase()}-databases`;

    const group = new SecurityGroup(this, 'security-group', {
      name,
      description: `Databases of ${props.environment.clusterName}: port ${port} from the cluster only`,
      vpcId: props.network.vpcId,
      tags: { Name: name },
    });
    new VpcSecurityGroupIngressRule(this, 'from-cluster', {
      securityGroupId: group.id,
      referencedSecurityGroupId: props.cluster.clusterSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `Port ${port} from the EKS cluster security group (control plane and managed nodes)`,
    });
    const subnets = new DbSubnetGroup(this, 'subnet-group', {
      name,
      description: `Private subnets of ${props.environment.clusterName} for databases`,
      subnetIds: props.network.privateSubnetIds,
    });
    this.securityGroupId = group.id;
    this.subnetGroupName = subnets.name;
  }
}
