import { Construct } from 'constructs';
import { yaml as yamlPackage } from '../private/yaml';
import { Fn } from 'cdktf';
import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { ClusterMetadata } from '../org/cluster-metadata';
import { CLUSTER_ENVIRONMENT_LABEL, clusterMetadataAnnotations } from '../org/cluster-metadata';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { ROOT_APPLICATION_NAME, ROOT_DIRECTORY } from '../private/argo-directory-settings';
import { PropChecker } from '../private/problems';
import type { Cluster } from './cluster';
import type { NodeGroups } from './node-groups';

/** Where the Argo CD charts come from. */
export const ARGO_HELM_REPOSITORY = 'https://argoproj.github.io/argo-helm';
/** The `argo-cd` chart version installed when none is given: Argo CD v3.4.4, the release the schema catalog holds (lib/import/sources.ts). */
export const ARGO_CD_CHART_VERSION = '10.1.1';
/** The `argocd-apps` chart version that seeds the platform project and creates the root Application. */
export const ARGOCD_APPS_CHART_VERSION = '2.0.5';
/** The Helm release name of Argo CD: the GitOps tree's self-managing `argocd` Application uses the same, so it adopts what the bootstrap installed. */
export const ARGOCD_RELEASE_NAME = 'argocd';
/** Argo CD's namespace. */
export const ARGOCD_NAMESPACE = 'argocd';
/** The in-cluster API server, as Argo CD names it. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
/** The root Application's name. */
export const ROOT_APPLICATION = ROOT_APPLICATION_NAME;
/** The Argo CD project of the root Application and of the platform's own Applications. */
export const PLATFORM_PROJECT = 'platform';

/** The repository Secret Argo CD reads a private GitOps repository with; the GitOps tree's ExternalSecret of the same name keeps it current. */
export const REPOSITORY_SECRET = 'gitops-repository';

/** Helm values as YAML, one line per value (no folding). */
function yaml(values: object): string {
  return yamlPackage.stringify(values, { lineWidth: 0 });
}

/** Props of {@link ArgoCdBootstrap}. */
export interface ArgoCdBootstrapProps {
  /** The organisation: its GitOps repository. */
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
   * The `argo-cd` chart version installed first; use the version the GitOps
   * tree's `argocd` Application pins, so the handover changes nothing.
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
 * Hands the cluster to GitOps, gitops-bridge style:
 *
 * 1. installs Argo CD with Helm (pinned chart, release `argocd`). Terraform
 *    installs it once: afterwards the GitOps tree's own `argocd` Application
 *    manages it, so later changes to version or values are left to Git;
 * 2. seeds the `platform` project, only wide enough for the root Application
 *    (the GitOps tree defines the project's real scope and takes it over);
 * 3. creates the one `root` Application: `<gitops.path>/<environment>` of the
 *    published branch (`gitops.publish`: what `paved publish` wrote once every
 *    check passed on the merged source; never the branch pull requests merge
 *    into), its `.yaml` files only, not recursive,
 *    as a directory source (no file can make Argo CD read it otherwise), synced automatically
 *    (pruning deleted files, except in production, where data is never
 *    deleted by automation and a person confirms a prune);
 * 4. writes the in-cluster cluster Secret, whose annotations carry the
 *    {@link ClusterMetadata} (no secret values);
 * 5. for a private GitOps repository (`gitops.credentialsSecret`), seeds the
 *    repository Secret from AWS Secrets Manager, once: Argo CD needs it to
 *    read the tree that holds the ExternalSecret which then keeps it current.
 *    The value is read at apply time and never written to the synthesized
 *    JSON; it does pass through the (encrypted) Terraform state.
 *
 * The Helm and Kubernetes providers authenticate with a short-lived token of
 * the identity running Terraform (`aws_eks_cluster_auth`): no credential is
 * written anywhere. Only `helm_release` and `kubernetes_secret_v1` are used,
 * because they plan before the cluster exists (`kubernetes_manifest` does not).
 */
export class ArgoCdBootstrap extends Construct {
  /** The Argo CD release (an escape hatch). */
  public readonly argoCd: Release;
  /** The release that seeds the platform project. */
  public readonly platformProject: Release;
  /** The in-cluster cluster Secret. */
  public readonly clusterSecret: SecretV1;
  /** The seeded repository Secret, for a private GitOps repository. */
  public readonly repositorySecret?: SecretV1;
  /** The release of the root Application. */
  public readonly rootApplication: Release;

  constructor(scope: Construct, id: string, props: ArgoCdBootstrapProps) {
    super(scope, id);
    const { org, environment: env, cluster } = props;
    const argoCdVersion = props.argoCdChartVersion ?? ARGO_CD_CHART_VERSION;
    const appsVersion = props.argocdAppsChartVersion ?? ARGOCD_APPS_CHART_VERSION;
    checkChartVersions(this.node.path, argoCdVersion, appsVersion);

    const auth = new DataAwsEksClusterAuth(this, 'cluster-auth', { name: cluster.clusterName });
    const connection = { host: cluster.endpoint, clusterCaCertificate: cluster.certificateAuthorityPem, token: auth.token };
    new HelmProvider(this, 'helm', { kubernetes: connection });
    new KubernetesProvider(this, 'kubernetes', connection);

    this.argoCd = new Release(this, 'argo-cd', {
      name: ARGOCD_RELEASE_NAME,
      namespace: ARGOCD_NAMESPACE,
      createNamespace: true,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argo-cd',
      version: argoCdVersion,
      atomic: true,
      cleanupOnFail: true,
      // the cluster token (aws_eks_cluster_auth) lives 15 minutes: stay well inside it
      timeout: 600,
      // installed once; from then on Argo CD manages itself from Git
      lifecycle: { ignoreChanges: ['version', 'values'] },
      dependsOn: [...cluster.adminAccess, ...props.nodes.nodeGroups],
    });

    this.platformProject = new Release(this, 'platform-project', {
      name: 'argocd-platform-project',
      namespace: ARGOCD_NAMESPACE,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argocd-apps',
      version: appsVersion,
      values: [yaml(platformProjectValues(org, env))],
      // seeded once; the GitOps tree owns the project afterwards
      lifecycle: { ignoreChanges: 'all' },
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

    const credentials = org.gitops.credentialsSecret;
    if (credentials !== undefined) {
      const value = new DataAwsSecretsmanagerSecretVersion(this, 'repository-credentials', { secretId: credentials });
      const field = (key: string): string => Fn.lookup(Fn.jsondecode(value.secretString), key);
      this.repositorySecret = new SecretV1(this, 'repository-secret', {
        metadata: { name: REPOSITORY_SECRET, namespace: ARGOCD_NAMESPACE, labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
        data: { type: 'git', url: org.gitops.publish.repoURL, username: field('username'), password: field('password') },
        // seeded once; the GitOps tree's ExternalSecret owns it from then on
        lifecycle: { ignoreChanges: 'all' },
        dependsOn: [this.argoCd],
      });
    }

    this.rootApplication = new Release(this, 'root-application', {
      name: 'argocd-root',
      namespace: ARGOCD_NAMESPACE,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argocd-apps',
      version: appsVersion,
      values: [yaml(rootApplicationValues(org, env))],
      // the cluster Secret's metadata is there before anything reads it
      dependsOn: [this.platformProject, this.clusterSecret, ...(this.repositorySecret ? [this.repositorySecret] : [])],
    });
  }
}

/** Fails unless both chart versions are exact (no ranges: the install must be reproducible). */
function checkChartVersions(path: string, argoCdVersion: string, appsVersion: string): void {
  const check = new PropChecker(path);
  const semver = /^[0-9]+\.[0-9]+\.[0-9]+$/;
  check.check(semver.test(argoCdVersion), 'argoCdChartVersion', argoCdVersion, 'an exact chart version such as "10.1.1" (no ranges: the install must be reproducible)');
  check.check(semver.test(appsVersion), 'argocdAppsChartVersion', appsVersion, 'an exact chart version such as "2.0.5"');
  check.throwIfAny();
}

/** The argocd-apps values that seed the platform project, scoped to the bootstrap's needs (the GitOps tree widens it). */
function platformProjectValues(org: Org, env: Environment): Record<string, unknown> {
  return {
    projects: {
      [PLATFORM_PROJECT]: {
        namespace: ARGOCD_NAMESPACE,
        description: `Seeded by the bootstrap for the root Application; ${org.gitops.path}/${env.name} defines its scope.`,
        sourceRepos: [org.gitops.publish.repoURL],
        destinations: [{ server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE }],
        clusterResourceWhitelist: [],
      },
    },
  };
}

/** The argocd-apps values of the root Application: the environment's folder of the published tree. */
function rootApplicationValues(org: Org, env: Environment): Record<string, unknown> {
  return {
    applications: {
      [ROOT_APPLICATION]: {
        namespace: ARGOCD_NAMESPACE,
        project: PLATFORM_PROJECT,
        source: {
          // the published tree: a red source branch never reaches the cluster
          repoURL: org.gitops.publish.repoURL,
          targetRevision: org.gitops.publish.branch,
          path: `${org.gitops.path}/${env.name}`,
          // the tree's own reader reads it so too (lib/validate/argo-tree.ts)
          directory: { recurse: ROOT_DIRECTORY.recurse, include: ROOT_DIRECTORY.include },
        },
        destination: { server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE },
        syncPolicy: {
          automated: { prune: !env.production, selfHeal: true },
          syncOptions: ['PrunePropagationPolicy=foreground'],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
        },
      },
    },
  };
}
