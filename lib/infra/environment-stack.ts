import type { Construct } from 'constructs';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ClusterMetadata } from '../org/cluster-metadata';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Problem } from '../private/problems';
import { PavedValidationError, PropChecker } from '../private/problems';
import { ArgoCdBootstrap } from './argocd-bootstrap';
import { Cluster, checkClusterProps } from './cluster';
import { ControllerRoles, checkControllerRolesProps } from './controller-roles';
import { MANAGED_BY_TAG_KEY } from './controller-policies';
import { DatabaseNetwork } from './database-network';
import { DnsZones } from './dns';
import { Network, checkNetworkProps } from './network';
import { NodeGroups, checkNodeGroupsProps } from './node-groups';
import { useStateBackend } from './state-backend';

/**
 * The tags every resource of an environment's stack carries (provider default
 * tags). `paved.dev/managed-by` is `terraform`: Crossplane, which may only
 * change resources tagged `crossplane`, cannot touch them.
 */
export function stackTags(org: Org, env: Environment): Record<string, string> {
  return { 'paved.dev/org': org.name, 'paved.dev/environment': env.name, [MANAGED_BY_TAG_KEY]: 'terraform' };
}

/** The problems a check records at `path`. */
function problemsOf(path: string, check: (checker: PropChecker) => void): Problem[] {
  const checker = new PropChecker(path);
  check(checker);
  try {
    checker.throwIfAny();
    return [];
  } catch (e) {
    if (e instanceof PavedValidationError) return [...e.problems];
    throw e;
  }
}

/** Props of {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /** The organisation (teams, admins, GitOps repository, state bucket). */
  readonly org: Org;
  /** The environment this stack builds; the stack's id should be its name. */
  readonly environment: Environment;
  /**
   * The `argo-cd` chart version the bootstrap installs: the one the GitOps tree's `argocd` Application pins.
   * @default "10.1.1" (ARGO_CD_CHART_VERSION)
   */
  readonly argoCdChartVersion?: string;
}

/**
 * Everything one environment runs on, as one Terraform stack with its own
 * remote state: network, EKS cluster, node groups, the databases' network,
 * the teams' hosted zones and certificates, the controllers' IAM roles, and the Argo CD bootstrap that hands the
 * cluster to the GitOps tree with the {@link ClusterMetadata}.
 */
export class EnvironmentStack extends TerraformStack {
  /** The environment. */
  public readonly environment: Environment;
  /** The VPC. */
  public readonly network: Network;
  /** The EKS cluster. */
  public readonly cluster: Cluster;
  /** The managed node groups. */
  public readonly nodes: NodeGroups;
  /** Where databases live. */
  public readonly databases: DatabaseNetwork;
  /** The controllers' IAM roles. */
  public readonly controllers: ControllerRoles;
  /** The hosted zones and certificates of the teams' routes. */
  public readonly dns: DnsZones;
  /** The Argo CD bootstrap. */
  public readonly argocd: ArgoCdBootstrap;
  /** What the stack hands the GitOps side (Terraform references). */
  public readonly metadata: ClusterMetadata;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { org, environment: env } = props;
    this.environment = env;

    // every problem of every part, before any part is built
    const problems: Problem[] = [
      ...problemsOf(`${this.node.path}/network`, (c) => checkNetworkProps(c, { environment: env })),
      ...problemsOf(`${this.node.path}/cluster`, (c) => checkClusterProps(c, { org, environment: env })),
      ...problemsOf(`${this.node.path}/nodes`, (c) => checkNodeGroupsProps(c, { environment: env })),
      ...problemsOf(`${this.node.path}/controllers`, (c) => checkControllerRolesProps(c, { environment: env })),
    ];
    if (problems.length > 0) throw new PavedValidationError(problems);

    useStateBackend(this, org.terraformState, env);
    new AwsProvider(this, 'aws', {
      region: env.awsRegion,
      allowedAccountIds: [env.awsAccountId],
      defaultTags: [{ tags: stackTags(org, env) }],
    });
    // Route 53 writes query logs to CloudWatch Logs in us-east-1 only
    const usEast1 = new AwsProvider(this, 'aws-us-east-1', {
      alias: 'us-east-1',
      region: 'us-east-1',
      allowedAccountIds: [env.awsAccountId],
      defaultTags: [{ tags: stackTags(org, env) }],
    });

    this.network = new Network(this, 'network', { environment: env });
    this.cluster = new Cluster(this, 'cluster', { org, environment: env, network: this.network });
    this.nodes = new NodeGroups(this, 'nodes', { environment: env, cluster: this.cluster, network: this.network });
    this.databases = new DatabaseNetwork(this, 'databases', { environment: env, network: this.network, cluster: this.cluster });
    this.dns = new DnsZones(this, 'dns', { org, environment: env, queryLogProvider: usEast1 });
    this.controllers = new ControllerRoles(this, 'controllers', {
      org,
      environment: env,
      cluster: this.cluster,
      vpcId: this.network.vpcId,
      hostedZoneIds: Object.values(this.dns.zones).map((z) => z.zoneId),
    });

    this.metadata = {
      environment: env.name,
      clusterName: this.cluster.clusterName,
      awsAccountId: env.awsAccountId,
      awsRegion: env.awsRegion,
      vpcId: this.network.vpcId,
      privateSubnetIds: Fn.join(',', this.network.privateSubnetIds),
      oidcIssuerUrl: this.cluster.oidcIssuerUrl,
      crossplaneRoleArn: this.controllers.crossplaneRoleArn,
      databaseSecurityGroupId: this.databases.securityGroupId,
      databaseSubnetGroupName: this.databases.subnetGroupName,
    };
    this.argocd = new ArgoCdBootstrap(this, 'argocd', {
      org,
      environment: env,
      cluster: this.cluster,
      nodes: this.nodes,
      metadata: this.metadata,
      ...(props.argoCdChartVersion !== undefined ? { argoCdChartVersion: props.argoCdChartVersion } : {}),
    });

    for (const [key, value] of Object.entries(this.metadata)) {
      new TerraformOutput(this, key, { value, description: `Cluster metadata: ${key}` });
    }
    for (const [team, zone] of Object.entries(this.dns.zones)) {
      new TerraformOutput(this, `zone-${team}`, {
        value: { name: zone.name, nameServers: zone.nameServers, certificateArn: zone.certificateArn },
        description: `Team ${team}'s zone ${zone.name}: delegate it from its parent zone to these name servers`,
      });
    }
    new TerraformOutput(this, 'clusterEndpoint', { value: this.cluster.endpoint, description: 'The EKS API server (private unless the environment lists publicEndpointCidrs)' });
  }
}
