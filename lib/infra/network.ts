import { Construct } from 'constructs';
import { Fn, Op } from 'cdktf';
import type { ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { Environment } from '../org/environment';
import { PropChecker } from '../private/problems';
import { IAM_ROLE_NAME_MAX } from '../private/aws-arns';
import { permissionsDocument, serviceTrust, trustDocument } from './policy';
import { MAX_LAYOUT_ZONES, subnetLayout } from '../org/subnet-layout';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Props of {@link Network}. */
export interface NetworkProps {
  /** The environment whose VPC this is: block, zones, cluster name and production flag come from it. */
  readonly environment: Environment;
  /**
   * Days the VPC flow logs are kept in CloudWatch Logs (a value CloudWatch accepts).
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
  /**
   * One NAT gateway per zone (a zone's outage does not cut the others off the internet),
   * or one for all zones.
   * @default - one per zone in production, one otherwise
   */
  readonly natGatewayPerZone?: boolean;
}

function flowLogRoleName(env: Environment): string {
  return env.flowLogRoleName();
}

/** Records what is wrong with {@link NetworkProps}. @internal */
export function checkNetworkProps(check: PropChecker, props: NetworkProps): void {
  const env = props.environment;
  check.check(
    subnetLayout(env.vpcCidr, env.availabilityZones) !== undefined,
    'environment.availabilityZones',
    env.availabilityZones,
    `from 1 to ${MAX_LAYOUT_ZONES} zones in an IPv4 block of /26 or wider (the block ${JSON.stringify(env.vpcCidr)} is cut in 8 equal parts: one per zone for nodes, one for all public subnets)`,
  );
  const retention = props.flowLogRetentionDays ?? 90;
  check.check(LOG_RETENTION_DAYS.includes(retention), 'flowLogRetentionDays', props.flowLogRetentionDays, `one of ${LOG_RETENTION_DAYS.join(', ')}`);
  const role = flowLogRoleName(env);
  check.check(role.length <= IAM_ROLE_NAME_MAX, 'environment.clusterName', env.clusterName, `a name short enough that the IAM role "${role}" fits ${IAM_ROLE_NAME_MAX} characters`);
}

/**
 * An environment's VPC across its availability zones: private subnets for the
 * nodes (outbound through NAT), public subnets for load balancers only,
 * subnet tags for the AWS Load Balancer Controller, flow logs to CloudWatch
 * Logs, and the default security group stripped of every rule.
 */
export class Network extends Construct {
  /** The VPC (an escape hatch). */
  public readonly vpc: Vpc;
  /** The VPC's id. */
  public readonly vpcId: string;
  /** The private (node) subnets' ids, one per zone. */
  public readonly privateSubnetIds: string[];
  /** The public (load balancer) subnets' ids, one per zone. */
  public readonly publicSubnetIds: string[];
  /** The private subnets' blocks, one per zone. */
  public readonly privateCidrs: readonly string[];
  /** The public subnets' blocks, one per zone. */
  public readonly publicCidrs: readonly string[];
  /** How many NAT gateways the VPC has. */
  public readonly natGatewayCount: number;
  /** What must exist before anything in the private subnets needs the internet (nodes pulling images): their routes through NAT. */
  public readonly privateEgress: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const env = props.environment;
    const retention = props.flowLogRetentionDays ?? 90;
    const zones = env.availabilityZones;
    const check = new PropChecker(this.node.path);
    checkNetworkProps(check, props);
    check.throwIfAny();
    const layout = subnetLayout(env.vpcCidr, zones);
    if (!layout) throw new Error('unreachable: the layout was checked');
    const flowLogRole = flowLogRoleName(env);

    const clusterTag = { [`kubernetes.io/cluster/${env.clusterName}`]: 'shared' };
    this.privateCidrs = layout.privateCidrs;
    this.publicCidrs = layout.publicCidrs;

    const available = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: env.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: env.vpcName() },
      lifecycle: {
        precondition: [
          {
            condition: Op.gte(Fn.lengthOf(available.names), zones),
            errorMessage: `Environment ${env.name} needs ${zones} availability zones; region ${env.awsRegion} offers this account fewer.`,
          },
        ],
      },
    });
    this.vpcId = this.vpc.id;

    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${env.clusterName}-default-unused` },
    });

    const { igw, publicSubnets } = this.addPublicSubnets(env, layout.publicCidrs, available, clusterTag);
    this.publicSubnetIds = publicSubnets.map((s) => s.id);

    this.natGatewayCount = (props.natGatewayPerZone ?? env.production) ? zones : 1;
    const nats = this.addNatGateways(env, publicSubnets, igw);

    const egress: ITerraformDependable[] = [];
    this.privateSubnetIds = layout.privateCidrs.map((cidr, i) => {
      const s = new Subnet(this, `private-subnet-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: Fn.element(available.names, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${env.clusterName}-private-${i}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag },
      });
      const routes = new RouteTable(this, `private-routes-${i}`, { vpcId: this.vpc.id, tags: { Name: `${env.clusterName}-private-${i}` } });
      egress.push(
        new Route(this, `private-default-route-${i}`, { routeTableId: routes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nats[i % nats.length].id }),
        new RouteTableAssociation(this, `private-subnet-${i}-routes`, { subnetId: s.id, routeTableId: routes.id }),
      );
      return s.id;
    });
    this.privateEgress = egress;

    this.addFlowLogs(env, retention, flowLogRole);
  }

  /** Flow logs: every accepted and rejected flow, to a log group only their own role may write to. */
  private addFlowLogs(env: Environment, retention: number, flowLogRole: string): void {
    const logGroup = new CloudwatchLogGroup(this, 'flow-logs', {
      name: `/aws/vpc/${env.clusterName}/flow-logs`,
      retentionInDays: retention,
    });
    const role = new IamRole(this, 'flow-logs-role', {
      name: flowLogRole,
      description: `VPC flow logs of ${env.clusterName} to CloudWatch Logs`,
      assumeRolePolicy: trustDocument(this, 'flow-logs-trust', [
        serviceTrust('vpc-flow-logs.amazonaws.com', ['sts:AssumeRole'], [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [env.awsAccountId] }]),
      ]).json,
    });
    new IamRolePolicy(this, 'flow-logs-policy', {
      role: role.id,
      name: 'write-flow-logs',
      policy: permissionsDocument(this, 'flow-logs-permissions', [
        { sid: 'WriteFlowLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], resources: [logGroup.arn, `${logGroup.arn}:*`] },
      ]).json,
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: env.clusterName },
    });
  }

  /** The NAT gateways ({@link natGatewayCount}), each with its address, in the first public subnets. */
  private addNatGateways(env: Environment, publicSubnets: readonly Subnet[], igw: InternetGateway): NatGateway[] {
    return Array.from({ length: this.natGatewayCount }, (_, i) => {
      const ip = new Eip(this, `nat-ip-${i}`, { domain: 'vpc', tags: { Name: `${env.clusterName}-nat-${i}` } });
      return new NatGateway(this, `nat-gateway-${i}`, {
        allocationId: ip.allocationId,
        subnetId: publicSubnets[i].id,
        tags: { Name: `${env.clusterName}-nat-${i}` },
        dependsOn: [igw],
      });
    });
  }

  /** The internet gateway and the public subnets (one per zone) routed through it, where the load balancers and NAT gateways go. */
  private addPublicSubnets(env: Environment, cidrs: readonly string[], available: DataAwsAvailabilityZones, clusterTag: Record<string, string>): { igw: InternetGateway; publicSubnets: Subnet[] } {
    const igw = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: { Name: env.clusterName } });
    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: this.vpc.id, tags: { Name: `${env.clusterName}-public` } });
    new Route(this, 'public-default-route', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const publicSubnets = cidrs.map((cidr, i) => {
      const s = new Subnet(this, `public-subnet-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: Fn.element(available.names, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${env.clusterName}-public-${i}`, 'kubernetes.io/role/elb': '1', ...clusterTag },
      });
      new RouteTableAssociation(this, `public-subnet-${i}-routes`, { subnetId: s.id, routeTableId: publicRoutes.id });
      return s;
    });
    return { igw, publicSubnets };
  }
}
