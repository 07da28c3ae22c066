/**
 * The IAM permissions of the traffic controllers, as plain statements (data,
 * checked by tests and rendered by {@link IrsaRole}).
 *
 * The load balancer controller's are written from the action list of the
 * upstream policy for v3.5.0 (`docs/install/iam_policy.json`), narrowed: every
 * ARN to the environment's account and region, every change to resources
 * tagged `elbv2.k8s.aws/cluster` = this cluster (upstream only asks for the
 * tag to exist), security group rules to the environment's VPC, and without
 * WAF, Shield, Cognito and IAM server certificates, which the add-on turns
 * off or does not use.
 */
import type { Environment } from '../org/environment';
import { partitionOf, regionalArn } from './aws-arns';
import type { PolicyCondition, PolicyStatement } from './policy';

/** The tag the AWS Load Balancer Controller puts on everything it creates, valued with the cluster's name. */
export const LOAD_BALANCER_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/** Read-only calls the controller makes that have no resource type. */
export const LOAD_BALANCER_READ_ACTIONS: readonly string[] = [
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAddresses',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeVpcs',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeTags',
  'ec2:DescribeRouteTables',
  'ec2:GetSecurityGroupsForVpc',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeListenerCertificates',
  'elasticloadbalancing:DescribeSSLPolicies',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTrustStores',
  'elasticloadbalancing:DescribeListenerAttributes',
  'elasticloadbalancing:DescribeCapacityReservation',
  // certificate discovery: the ACM certificate that covers each route's host
  'acm:ListCertificates',
];

/**
 * What the AWS Load Balancer Controller may do in one environment: find the
 * VPC, subnets and certificates; create application load balancers, target
 * groups and security groups only tagged with this cluster, and change or
 * delete only those; manage their listeners and rules; register pod IPs.
 */
export function loadBalancerControllerStatements(env: Environment, vpcId: string): PolicyStatement[] {
  const partition = partitionOf(env.awsRegion);
  const arn = (service: string, resource: string) => regionalArn(env.awsRegion, env.awsAccountId, service, resource);
  const elb = (resource: string) => arn('elasticloadbalancing', resource);
  const requestTagged: PolicyCondition = { test: 'StringEquals', variable: `aws:RequestTag/${LOAD_BALANCER_CLUSTER_TAG}`, values: [env.clusterName] };
  const resourceTagged: PolicyCondition = { test: 'StringEquals', variable: `aws:ResourceTag/${LOAD_BALANCER_CLUSTER_TAG}`, values: [env.clusterName] };
  const keepsClusterTag: PolicyCondition = { test: 'Null', variable: `aws:RequestTag/${LOAD_BALANCER_CLUSTER_TAG}`, values: ['true'] };
  const securityGroups = arn('ec2', 'security-group/*');
  const balancers = [elb('loadbalancer/app/*/*'), elb('targetgroup/*/*')];
  const listeners = [elb('listener/app/*/*/*'), elb('listener-rule/app/*/*/*')];
  return [
    { sid: 'Read', actions: LOAD_BALANCER_READ_ACTIONS, resources: ['*'] },
    { sid: 'ReadCertificates', actions: ['acm:DescribeCertificate'], resources: [arn('acm', 'certificate/*')] },
    {
      sid: 'ServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${partition}:iam::${env.awsAccountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`],
      conditions: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['elasticloadbalancing.amazonaws.com'] }],
    },
    { sid: 'CreateSecurityGroupInVpc', actions: ['ec2:CreateSecurityGroup'], resources: [arn('ec2', `vpc/${vpcId}`)] },
    { sid: 'CreateTaggedSecurityGroup', actions: ['ec2:CreateSecurityGroup'], resources: [securityGroups], conditions: [requestTagged] },
    {
      sid: 'TagNewSecurityGroup',
      actions: ['ec2:CreateTags'],
      resources: [securityGroups],
      conditions: [{ test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] }, requestTagged],
    },
    { sid: 'TagOwnSecurityGroups', actions: ['ec2:CreateTags', 'ec2:DeleteTags'], resources: [securityGroups], conditions: [resourceTagged, keepsClusterTag] },
    { sid: 'DeleteOwnSecurityGroups', actions: ['ec2:DeleteSecurityGroup'], resources: [securityGroups], conditions: [resourceTagged] },
    {
      // the controller also opens the nodes' and pods' security groups to its load balancer's: any group of the VPC
      sid: 'SecurityGroupRulesInVpc',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: [securityGroups],
      conditions: [{ test: 'ArnEquals', variable: 'ec2:Vpc', values: [arn('ec2', `vpc/${vpcId}`)] }],
    },
    { sid: 'CreateTaggedBalancers', actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], resources: balancers, conditions: [requestTagged] },
    {
      sid: 'TagNewBalancers',
      actions: ['elasticloadbalancing:AddTags'],
      resources: balancers,
      conditions: [{ test: 'StringEquals', variable: 'elasticloadbalancing:CreateAction', values: ['CreateTargetGroup', 'CreateLoadBalancer'] }, requestTagged],
    },
    { sid: 'TagOwnBalancers', actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], resources: balancers, conditions: [resourceTagged, keepsClusterTag] },
    {
      sid: 'ManageOwnBalancers',
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
      ],
      resources: balancers,
      conditions: [resourceTagged],
    },
    {
      sid: 'ManageListenersAndRules',
      actions: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ],
      resources: [elb('loadbalancer/app/*/*'), ...listeners],
    },
    { sid: 'RegisterTargets', actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], resources: [elb('targetgroup/*/*')] },
  ];
}

/** The ARN of a Route 53 hosted zone. */
export function hostedZoneArn(env: Environment, zoneId: string): string {
  return `arn:${partitionOf(env.awsRegion)}:route53:::hostedzone/${zoneId}`;
}

/**
 * What external-dns may do: change and list the records of the environment's
 * hosted zones, and list zones to find them; nothing else.
 */
export function externalDnsStatements(env: Environment, zoneIds: readonly string[]): PolicyStatement[] {
  const zones = zoneIds.map((id) => hostedZoneArn(env, id));
  return [
    { sid: 'ChangeRecordsOfTheEnvironmentsZones', actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'], resources: zones },
    { sid: 'FindZones', actions: ['route53:ListHostedZones'], resources: ['*'] },
  ];
}
