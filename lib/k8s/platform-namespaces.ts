import { Construct } from 'constructs';
import { KubeNamespace } from 'cdk8s-plus-28/lib/imports/k8s';
import { EXTERNAL_DNS_IDENTITY, MONITORING_NAMESPACE } from '../org/identities';
import { METRICS_SERVER_NAMESPACE } from './addons/metrics-server';
import type { Org } from '../org/org';
import { placeIn } from '../private/placement';
import { ARGOCD_NAMESPACE, LockedDefaultProject } from './app-project';
import { KEEP_ON_DELETE } from './argocd-application';
import { PlatformEnvironment } from './platform-environment';
import { RepositoryCredentials } from './repository-credentials';

/** The namespaces of the platform's own controllers. */
export const PLATFORM_NAMESPACES: readonly string[] = [ARGOCD_NAMESPACE, 'external-secrets', 'crossplane-system', 'vela-system', EXTERNAL_DNS_IDENTITY.namespace, METRICS_SERVER_NAMESPACE];

/**
 * Every namespace the platform creates in any of the org's environments: what a
 * team's part of the tree may rely on without the platform's Namespace objects.
 */
export function platformNamespacesOf(org: Org): string[] {
  return [...new Set(org.environments.flatMap((e) => [...PLATFORM_NAMESPACES, e.ingressNamespace, ...(e.monitoring ? [MONITORING_NAMESPACE] : [])]))];
}

/**
 * The platform's own namespaces (Argo CD, External Secrets, Crossplane,
 * KubeVela, external-dns, the traffic controller), managed from the tree with their labels:
 * Pod Security "baseline" enforced (some controllers need more than
 * "restricted"), "restricted" audited and warned. Also locks Argo CD's
 * `default` project.
 */
export class PlatformNamespaces extends Construct {
  /** The namespaces' names. */
  public readonly names: readonly string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const env = PlatformEnvironment.of(this).environment;
    placeIn(this, 'platform/namespaces');
    this.names = [...PLATFORM_NAMESPACES, env.ingressNamespace, ...(env.monitoring ? [MONITORING_NAMESPACE] : [])];
    for (const name of this.names) {
      new KubeNamespace(this, name, {
        metadata: {
          name,
          annotations: { ...KEEP_ON_DELETE },
          labels: {
            'app.kubernetes.io/managed-by': 'paved',
            'paved.dev/platform': 'true',
            'pod-security.kubernetes.io/enforce': 'baseline',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
    }
    const argocd = new Construct(this, 'ArgoCd');
    placeIn(argocd, 'platform/config/argocd');
    new LockedDefaultProject(argocd, 'DefaultProject');
    new RepositoryCredentials(argocd, 'RepositoryCredentials');
  }
}
