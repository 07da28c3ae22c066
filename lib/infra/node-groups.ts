import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import type { Environment, NodeGroupProps } from '../org/environment';
import { PropChecker } from '../private/problems';
import { IAM_ROLE_NAME_MAX, managedPolicyArn } from '../private/aws-arns';
import type { Cluster } from './cluster';
import type { Network } from './network';
import { serviceTrust, trustDocument } from './policy';

/** AWS managed policies every node needs (join the cluster, pull images, run the VPC CNI). */
export const NODE_POLICIES: readonly string[] = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy'];

/** The root volume size of a node group that names none, in GiB. */
export const DEFAULT_DISK_SIZE_GIB = 50;

/** The label every node carries with its group's name. */
export const NODE_GROUP_LABEL = 'paved.dev/node-group';

/** Whether an EC2 instance type runs on Graviton (arm64): `m7g.large`, `c7gn.xlarge`, `t4g.small`, `a1.large`. */
export function isArmInstanceType(instanceType: string): boolean {
  return /^(a1|[a-z]+[0-9]+[a-z]*g[a-z]*)\./.test(instanceType);
}

/** Records what is wrong with the node groups of {@link NodeGroupsProps}' environment. @internal */
export function checkNodeGroupsProps(check: PropChecker, props: Pick<NodeGroupsProps, 'environment'>): void {
  const env = props.environment;
  const roleName = env.nodeRoleName();
  check.check(roleName.length <= IAM_ROLE_NAME_MAX, 'environment.clusterName', env.clusterName, `a name short enough that the IAM role "${roleName}" fits ${IAM_ROLE_NAME_MAX} characters`);
  env.nodeGroups.forEach((g, i) => {
    check.check(env.nodeGroups.findIndex((o) => o.name === g.name) === i, `environment.nodeGroups[${i}].name`, g.name, 'a name no other node group of the environment has');
    const template = `${env.clusterName}-${g.name}`;
    check.check(template.length <= 128, `environment.nodeGroups[${i}].name`, g.name, `a name short enough that the launch template "${template}" fits 128 characters`);
    const arm = g.instanceTypes.filter(isArmInstanceType);
    check.check(
      arm.length === 0 || arm.length === g.instanceTypes.length,
      `environment.nodeGroups[${i}].instanceTypes`,
      g.instanceTypes,
      'instance types of one architecture (all arm64 such as "m7g.large", or all x86_64 such as "m7i.large"): a node group runs one AMI',
    );
  });
}

/** Props of {@link NodeGroups}. */
export interface NodeGroupsProps {
  /** The environment whose `nodeGroups` are created. */
  readonly environment: Environment;
  /** The cluster the nodes join (its name and Kubernetes version). */
  readonly cluster: Cluster;
  /** The network whose private subnets the nodes run in. */
  readonly network: Network;
}

/**
 * The environment's managed node groups, each through its own launch template:
 * IMDSv2 required with a hop limit of 1 (pods reach AWS through IRSA, never
 * through the node's role), no SSH (no key pair, no remote access), an
 * encrypted gp3 root volume, Amazon Linux 2023 for the group's architecture,
 * in the private subnets, with automatic node repair.
 */
export class NodeGroups extends Construct {
  /** The node groups, in the environment's order (escape hatches). */
  public readonly nodeGroups: readonly EksNodeGroup[];
  /** The nodes' IAM role ARN. */
  public readonly nodeRoleArn: string;

  constructor(scope: Construct, id: string, props: NodeGroupsProps) {
    super(scope, id);
    const env = props.environment;
    const check = new PropChecker(this.node.path);
    checkNodeGroupsProps(check, props);
    check.throwIfAny();
    const roleName = env.nodeRoleName();

    const role = new IamRole(this, 'node-role', {
      name: roleName,
      description: `Managed nodes of ${env.clusterName}`,
      assumeRolePolicy: trustDocument(this, 'node-role-trust', [serviceTrust('ec2.amazonaws.com')]).json,
    });
    const attachments = NODE_POLICIES.map((p) => new IamRolePolicyAttachment(this, `node-role-${p}`, { role: role.name, policyArn: managedPolicyArn(env.awsRegion, p) }));
    this.nodeRoleArn = role.arn;

    this.nodeGroups = env.nodeGroups.map((g) => this.nodeGroup(g, props, role.arn, attachments));
  }

  private nodeGroup(g: NodeGroupProps, props: NodeGroupsProps, nodeRoleArn: string, attachments: readonly IamRolePolicyAttachment[]): EksNodeGroup {
    const env = props.environment;
    const arm = g.instanceTypes.every(isArmInstanceType);
    const name = `${env.clusterName}-${g.name}`;
    const template = new LaunchTemplate(this, `${g.name}-launch-template`, {
      name,
      description: `Nodes of group ${g.name} in ${env.clusterName}: IMDSv2 only, no SSH, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: g.diskSizeGiB ?? DEFAULT_DISK_SIZE_GIB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({ resourceType, tags: { Name: name, [NODE_GROUP_LABEL]: g.name } })),
    });
    return new EksNodeGroup(this, g.name, {
      clusterName: props.cluster.clusterName,
      nodeGroupName: g.name,
      version: props.cluster.eksCluster.version,
      nodeRoleArn,
      subnetIds: props.network.privateSubnetIds,
      instanceTypes: [...g.instanceTypes],
      amiType: arm ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: g.minSize, maxSize: g.maxSize, desiredSize: g.desiredSize ?? g.minSize },
      updateConfig: { maxUnavailable: 1 },
      nodeRepairConfig: { enabled: true },
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      labels: { [NODE_GROUP_LABEL]: g.name },
      // a cluster autoscaler moves the desired size; Terraform keeps min and max
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      // nodes join only with their role's policies and a way out to pull images
      dependsOn: [...attachments, ...props.network.privateEgress],
    });
  }
}
