import type { Environment } from '../org/environment';
import { LOAD_BALANCER_CONTROLLER_IDENTITY } from '../org/identities';
import { partitionOf, regionalArn } from '../private/aws-arns';
import type { PolicyCondition, PolicyStatement } from './cloud-rights';
import { declareAddOn } from './declaration';

/**
 * The TLS policy of the shared load balancer's HTTPS listener: TLS 1.3 and
 * 1.2 with forward secrecy only (AWS's recommended policy).
 */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';

/** The chart's webhook objects, whose self-signed CA Helm generates anew on every render. */
const WEBHOOK_NAME = 'aws-load-balancer-webhook';
const WEBHOOK_TLS_SECRET = 'aws-load-balancer-tls';

/**
 * The AWS Load Balancer Controller: serves the environment's ingress class
 * with one shared, internet-facing Application Load Balancer, and registers
 * pod IPs as its targets. It runs as the service account the cloud stack's IAM
 * role trusts (IRSA), finds the VPC by its name tag (pods cannot reach the
 * instance metadata service), and leaves WAF and Shield alone (its role has no
 * permission for them). Helm generates the webhooks' CA on every render, which
 * Argo CD must leave alone. Its IngressClass is the platform's own
 * (`PublicIngressClass`, lib/traffic/load-balancer-controller.ts).
 */
export const AWS_LOAD_BALANCER_CONTROLLER = declareAddOn({
  name: 'aws-load-balancer-controller',
  release: {
    project: 'aws-load-balancer-controller',
    repo: 'kubernetes-sigs/aws-load-balancer-controller',
    tag: 'v3.5.0',
    commit: '11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4',
    date: '2026-08-03',
    chart: { repoURL: 'https://aws.github.io/eks-charts', name: 'aws-load-balancer-controller', version: '3.5.0', appVersion: 'v3.5.0' },
    newestStableTag: 'v3.5.0',
  },
  cloudRole: {
    id: 'aws-load-balancer-controller',
    roleName: (env) => env.loadBalancerControllerRoleName(),
    serviceAccounts: [LOAD_BALANCER_CONTROLLER_IDENTITY],
    statements: ({ environment, vpcId }) => loadBalancerControllerStatements(environment, vpcId),
    description: (env) => `AWS Load Balancer Controller of ${env.clusterName}: load balancers, target groups and security groups tagged elbv2.k8s.aws/cluster=${env.clusterName}`,
  },
  application: {
    namespace: (env) => env.ingressNamespace,
    apiGroups: ['elbv2.k8s.aws', 'gateway.k8s.aws', 'aga.k8s.aws'],
    ignoreDifferences: (env) => [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', name: WEBHOOK_NAME, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: WEBHOOK_NAME, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: '', kind: 'Secret', name: WEBHOOK_TLS_SECRET, namespace: env.ingressNamespace, jsonPointers: ['/data'] },
    ],
    values: ({ environment: env }) => ({
      clusterName: env.clusterName,
      region: env.awsRegion,
      vpcTags: { Name: env.vpcName() },
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      serviceAccount: {
        create: true,
        name: LOAD_BALANCER_CONTROLLER_IDENTITY.name,
        annotations: { 'eks.amazonaws.com/role-arn': env.loadBalancerControllerRoleArn() },
      },
      // the platform writes its IngressClass and parameters itself (PublicIngressClass), validated with the rest
      createIngressClassResource: false,
      ingressClassParams: { create: false },
      defaultTargetType: 'ip',
      defaultSSLPolicy: ALB_SSL_POLICY,
      enableShield: false,
      enableWaf: false,
      enableWafv2: false,
      // teams cannot create Services of type LoadBalancer (their quota is 0): no webhook to take them over
      enableServiceMutatorWebhook: false,
    }),
  },
});

/*
 * Its cloud rights: the IAM statements of its role, as data. They are written from the action list of the
 * upstream policy for v3.5.0 (`docs/install/iam_policy.json`), narrowed: every
 * ARN to the environment's account and region, every change to resources
 * tagged `elbv2.k8s.aws/cluster` = this cluster (upstream only asks for the
 * tag to exist), security group rules to the environment's VPC, and without
 * WAF, Shield, Cognito and IAM server certificates, which the add-on turns
 * off or does not use.
 */

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
