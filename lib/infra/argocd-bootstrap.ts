import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { ClusterMetadata } from '../org/cluster-metadata';
import { CLUSTER_ENVIRONMENT_LABEL, clusterMetadataAnnotations } from '../org/cluster-metadata';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { PropChecker } from '../private/problems';
import type { Cluster } from './cluster';
import type { NodeGroups } from './node-groups';

/** Where the Argo CD charts come from. */
export const ARGO_HELM_REPOSITORY = 'https://argoproj.github.io/argo-helm';
/** The `argo-cd` chart version installed by default: Argo CD v3.4.4. */
export const ARGO_CD_CHART_VERSION = '10.1.1';
/** The `argocd-apps` chart version that creates the platform project and the root Application. */
export const ARGOCD_APPS_CHART_VERSION = '2.0.5';
/** Argo CD's namespace. */
export const ARGOCD_NAMESPACE = 'argocd';
/** The in-cluster API server, as Argo CD names it. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
/** The root Application's name. */
export const ROOT_APPLICATION = 'root';
/** The Argo CD project of the root Application and the platform's own Applications. */
export const PLATFORM_PROJECT = 'platform';

/** Props of {@link ArgoCdBootstrap}. */
export interface ArgoCdBootstrapProps {
  /** The organisation: its GitOps repository, and the teams whose namespaces may hold Applications. */
  readonly org: Org;
  /** The environment whose folder of the GitOps tree the root Application follows. */
  readonly environment: Environment;
  /** The cluster Argo CD is installed in (endpoint, CA, and a token of the caller's identity). */
  readonly cluster: Cluster;
  /** The nodes Argo CD runs on: it is installed once they exist. */
  readonly nodes: NodeGroups;
  /** What the cloud stack hands the GitOps tree: written as the cluster Secret's annotations. */
  readonly metadata: ClusterMetadata;
  /**
   * The `argo-cd` chart version.
   * @default "10.1.1" (ARGO_CD_CHART_VERSION: Argo CD v3.4.4)
   */
  readonly argoCdChartVersion?: string;
  /**
   * The `argocd-apps` chart version.
   * @default "2.0.5" (ARGOCD_APPS_CHART_VERSION)
   */
  readonly argocdAppsChartVersion?: string;
}

/**
 * Hands the cluster to GitOps: installs Argo CD (Helm, pinned chart), then
 * the `platform` project and the one `root` Application that follows
 * `<gitops.path>/<environment>` of the GitOps repository (not recursive,
 * automated sync), and the in-cluster cluster Secret whose annotations carry
 * the {@link ClusterMetadata} (gitops-bridge style). The Helm and Kubernetes
 * providers authenticate with a short-lived token of the identity running
 * Terraform (`aws_eks_cluster_auth`): no credential is written anywhere.
 */
export class ArgoCdBootstrap extends Construct {
  /** The Argo CD release (an escape hatch). */
  public readonly argoCd: Release;
  /** The release holding the platform project and the root Application. */
  public readonly rootApplication: Release;
  /** The in-cluster cluster Secret. */
  public readonly clusterSecret: SecretV1;

  constructor(scope: Construct, id: string, props: ArgoCdBootstrapProps) {
    super(scope, id);
    const { org, environment: env, cluster } = props;
    const argoCdVersion = props.argoCdChartVersion ?? ARGO_CD_CHART_VERSION;
    const appsVersion = props.argocdAppsChartVersion ?? ARGOCD_APPS_CHART_VERSION;
    const check = new PropChecker(this.node.path);
    const semver = /^[0-9]+\.[0-9]+\.[0-9]+$/;
    check.check(semver.test(argoCdVersion), 'argoCdChartVersion', argoCdVersion, 'an exact chart version such as "10.1.1" (no ranges: the install must be reproducible)');
    check.check(semver.test(appsVersion), 'argocdAppsChartVersion', appsVersion, 'an exact chart version such as "2.0.5"');
    check.throwIfAny();

    const auth = new DataAwsEksClusterAuth(this, 'cluster-auth', { name: cluster.clusterName });
    const connection = { host: cluster.endpoint, clusterCaCertificate: cluster.certificateAuthorityPem, token: auth.token };
    new HelmProvider(this, 'helm', { kubernetes: connection });
    new KubernetesProvider(this, 'kubernetes', connection);

    const teamNamespaces = org.teams.flatMap((t) => t.namespaces);
    this.argoCd = new Release(this, 'argo-cd', {
      name: 'argo-cd',
      namespace: ARGOCD_NAMESPACE,
      createNamespace: true,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argo-cd',
      version: argoCdVersion,
      values: [stringify({
        dex: { enabled: false },
        configs: {
          params: {
            // Applications may also live in team namespaces (their projects list them as sourceNamespaces)
            ...(teamNamespaces.length > 0 ? { 'application.namespaces': teamNamespaces.join(',') } : {}),
          },
        },
      })],
      atomic: true,
      cleanupOnFail: true,
      timeout: 900,
      dependsOn: [...cluster.adminAccess, ...props.nodes.nodeGroups],
    });

    this.rootApplication = new Release(this, 'root-application', {
      name: 'argocd-root',
      namespace: ARGOCD_NAMESPACE,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argocd-apps',
      version: appsVersion,
      values: [stringify({
        projects: {
          [PLATFORM_PROJECT]: {
            namespace: ARGOCD_NAMESPACE,
            description: `The platform of ${env.name}: everything under ${org.gitops.path}/${env.name} in the GitOps repository.`,
            sourceRepos: [org.gitops.repoURL],
            destinations: [{ server: IN_CLUSTER_SERVER, namespace: '*' }],
            clusterResourceWhitelist: [{ group: '*', kind: '*' }],
          },
        },
        applications: {
          [ROOT_APPLICATION]: {
            namespace: ARGOCD_NAMESPACE,
            project: PLATFORM_PROJECT,
            source: {
              repoURL: org.gitops.repoURL,
              targetRevision: org.gitops.revision,
              path: `${org.gitops.path}/${env.name}`,
              directory: { recurse: false },
            },
            destination: { server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE },
            syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['PrunePropagationPolicy=foreground'] },
          },
        },
      })],
      dependsOn: [this.argoCd],
    });

    this.clusterSecret = new SecretV1(this, 'in-cluster-secret', {
      metadata: {
        name: 'in-cluster',
        namespace: ARGOCD_NAMESPACE,
        labels: { 'argocd.argoproj.io/secret-type': 'cluster', [CLUSTER_ENVIRONMENT_LABEL]: env.name },
        annotations: clusterMetadataAnnotations(props.metadata),
      },
      data: {
        name: 'in-cluster',
        server: IN_CLUSTER_SERVER,
        config: JSON.stringify({ tlsClientConfig: { insecure: false } }),
      },
      dependsOn: [this.argoCd],
    });
  }
}
