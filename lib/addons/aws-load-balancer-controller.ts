import { LOAD_BALANCER_CONTROLLER_IDENTITY } from '../org/identities';
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
