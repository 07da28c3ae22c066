import { Construct } from 'constructs';
import { KubeIngressClass } from 'cdk8s-plus-28/lib/imports/k8s';
import { IngressClassParams, IngressClassParamsSpecIpAddressType, IngressClassParamsSpecScheme, IngressClassParamsSpecTargetType } from '../../imports/aws-lbc-ingressclassparams-elbv2.k8s.aws';
import { ALB_SSL_POLICY, AWS_LOAD_BALANCER_CONTROLLER } from '../addons/aws-load-balancer-controller';
import { AddOn, type AddOnProps, addOnSpec } from '../k8s/addons/addon';
import { TEAM_LABEL } from '../k8s/labels';
import { PlatformEnvironment } from '../k8s/platform-environment';
import { placeIn } from '../private/placement';

/** The controller name an IngressClass names to be served by the AWS Load Balancer Controller (as an ALB). */
export const ALB_INGRESS_CONTROLLER = 'ingress.k8s.aws/alb';

export { ALB_SSL_POLICY } from '../addons/aws-load-balancer-controller';

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
    super(scope, id, addOnSpec(scope, AWS_LOAD_BALANCER_CONTROLLER, props.version));
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
