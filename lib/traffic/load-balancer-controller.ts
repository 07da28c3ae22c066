import { Construct } from 'constructs';
import { KubeIngressClass } from 'cdk8s-plus-28/lib/imports/k8s';
import { IngressClassParams, IngressClassParamsSpecIpAddressType, IngressClassParamsSpecScheme, IngressClassParamsSpecTargetType } from '../../imports/aws-lbc-ingressclassparams-elbv2.k8s.aws';
import { AddOn, type AddOnProps } from '../k8s/addons/addon';
import { TEAM_LABEL } from '../k8s/labels';
import { PlatformEnvironment } from '../k8s/platform-environment';
import { LOAD_BALANCER_CONTROLLER_IDENTITY } from '../org/identities';
import { placeIn } from '../private/placement';

/** The controller name an IngressClass names to be served by the AWS Load Balancer Controller (as an ALB). */
export const ALB_INGRESS_CONTROLLER = 'ingress.k8s.aws/alb';

/** The chart's webhook objects, whose self-signed CA Helm generates anew on every render. */
const WEBHOOK_NAME = 'aws-load-balancer-webhook';
const WEBHOOK_TLS_SECRET = 'aws-load-balancer-tls';

/**
 * The TLS policy of the shared load balancer's HTTPS listener: TLS 1.3 and
 * 1.2 with forward secrecy only (AWS's recommended policy).
 */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';

/** Props of {@link AwsLoadBalancerControllerAddOn}. */
export interface AwsLoadBalancerControllerAddOnProps extends AddOnProps {}

/**
 * The AWS Load Balancer Controller: serves the environment's ingress class
 * with one shared, internet-facing Application Load Balancer (see
 * {@link PublicIngressClass}), and registers pod IPs as its targets. It runs as
 * the service account the cloud stack's IAM role trusts (IRSA), finds the VPC
 * by its name tag (pods cannot reach the instance metadata service), and
 * leaves WAF and Shield alone (its role has no permission for them). Helm
 * generates the webhooks' CA on every render, which Argo CD must leave alone.
 */
export class AwsLoadBalancerControllerAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerAddOnProps) {
    const env = PlatformEnvironment.of(scope).environment;
    super(scope, id, {
      name: 'aws-load-balancer-controller',
      namespace: env.ingressNamespace,
      repoURL: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: props.version,
      values: {
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
      },
      apiGroups: ['elbv2.k8s.aws', 'gateway.k8s.aws', 'aga.k8s.aws'],
      serverSideApply: false,
      ignoreDifferences: [
        { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', name: WEBHOOK_NAME, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: WEBHOOK_NAME, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
        { group: '', kind: 'Secret', name: WEBHOOK_TLS_SECRET, namespace: env.ingressNamespace, jsonPointers: ['/data'] },
      ],
    });
  }
}

/**
 * The environment's public ingress class: an IngressClass of the org's name
 * (`environment.ingressClass`) served by the AWS Load Balancer Controller, and
 * its parameters, which hold for every route of the class: one IngressGroup,
 * so one internet-facing load balancer for the whole environment; targets are
 * pod IPs; HTTPS with {@link ALB_SSL_POLICY}, and HTTP redirected to it; only
 * team namespaces may use it; invalid header fields dropped; deletion
 * protection in production.
 */
export class PublicIngressClass extends Construct {
  /** The IngressClass's name. */
  public readonly className: string;
  /** The IngressGroup (the shared load balancer). */
  public readonly groupName: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const env = PlatformEnvironment.of(this).environment;
    placeIn(this, 'platform/config/traffic');
    this.className = env.ingressClass;
    this.groupName = `${env.clusterName}-public`;
    const labels = { 'app.kubernetes.io/managed-by': 'paved' };
    // the parameters' CRD comes with the add-on: sync after it
    const annotations = { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' };
    new IngressClassParams(this, 'Params', {
      metadata: { name: this.className, labels, annotations },
      spec: {
        group: { name: this.groupName },
        scheme: IngressClassParamsSpecScheme.INTERNET_HYPHEN_FACING,
        targetType: IngressClassParamsSpecTargetType.IP,
        ipAddressType: IngressClassParamsSpecIpAddressType.IPV4,
        sslPolicy: ALB_SSL_POLICY,
        sslRedirectPort: '443',
        namespaceSelector: { matchExpressions: [{ key: TEAM_LABEL, operator: 'Exists' }] },
        loadBalancerAttributes: [
          { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
          { key: 'deletion_protection.enabled', value: String(env.production) },
        ],
        tags: [{ key: 'paved.dev/environment', value: env.name }],
      },
    });
    new KubeIngressClass(this, 'IngressClass', {
      metadata: { name: this.className, labels },
      spec: {
        controller: ALB_INGRESS_CONTROLLER,
        parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: this.className },
      },
    });
  }
}
