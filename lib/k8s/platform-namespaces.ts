import { Construct } from 'constructs';
import { KubeNamespace } from 'cdk8s-plus-28/lib/imports/k8s';
import type { AddOnDeclaration } from '../addons/declaration';
import { ADD_ONS, addOnNamespacesIn } from '../addons/registry';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { placeIn } from '../private/placement';
import { LockedDefaultProject } from './app-project';
import { KEEP_ON_DELETE } from './argocd-application';
import { PlatformEnvironment } from './platform-environment';
import { RepositoryCredentials } from './repository-credentials';

/**
 * The namespaces of the platform's own controllers that are the same in every
 * environment (the registered add-ons' of a fixed namespace, run everywhere);
 * an environment's all: {@link platformNamespacesIn}.
 */
export const PLATFORM_NAMESPACES: readonly string[] = ADD_ONS.flatMap((a: AddOnDeclaration) => (a.when === undefined && typeof a.application?.namespace === 'string' ? [a.application.namespace] : []));

/** The platform's namespaces in one environment: those of the registered add-ons it runs, in the registry's order. */
export function platformNamespacesIn(env: Environment): string[] {
  return addOnNamespacesIn(env);
}

/**
 * Every namespace the platform creates in any of the org's environments: what a
 * team's part of the tree may rely on without the platform's Namespace objects.
 */
export function platformNamespacesOf(org: Org): string[] {
  return [...new Set(org.environments.flatMap((e) => platformNamespacesIn(e)))];
}

/**
 * The platform's own namespaces (those of the registered add-ons the
 * environment runs: {@link platformNamespacesIn}), managed from the tree with their labels:
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
    this.names = platformNamespacesIn(env);
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
