import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import { placeIn } from '../private/placement';
import { ARGOCD_NAMESPACE, IN_CLUSTER, PLATFORM_DEPLOYER, PLATFORM_PROJECT, destinationServiceAccounts } from './app-project';
import { ArgoApplication, SyncWave } from './argocd-application';
import { platformNamespacesIn } from './platform-namespaces';
import { previewNamespace } from '../org/preview-names';
import { PlatformEnvironment } from './platform-environment';

/**
 * Cluster-scoped kinds the platform project may deploy: what the add-ons'
 * charts and the platform's configuration need, named one by one.
 */
export const PLATFORM_CLUSTER_KINDS: readonly { readonly group: string; readonly kind: string }[] = [
  { group: '', kind: 'Namespace' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
  { group: 'networking.k8s.io', kind: 'IngressClass' },
  { group: 'elbv2.k8s.aws', kind: 'IngressClassParams' },
  { group: 'pkg.crossplane.io', kind: 'Provider' },
  { group: 'pkg.crossplane.io', kind: 'Function' },
  { group: 'pkg.crossplane.io', kind: 'DeploymentRuntimeConfig' },
  { group: 'apiextensions.crossplane.io', kind: 'CompositeResourceDefinition' },
  { group: 'apiextensions.crossplane.io', kind: 'Composition' },
  { group: 'apiextensions.crossplane.io', kind: 'EnvironmentConfig' },
  { group: 'aws.m.upbound.io', kind: 'ClusterProviderConfig' },
];

/** Props of {@link GitOpsRoot}. */
export interface GitOpsRootProps {
  /** Helm repositories the platform's add-ons come from (allowed as sources of the platform project). */
  readonly helmRepositories: readonly string[];
  /** Teams that have apps in this environment's tree (each gets an Application for them). */
  readonly teamsWithApps: readonly string[];
  /**
   * Teams left out of this tree (their entry in the org has a problem): no Applications for them.
   * @default []
   */
  readonly leftOut?: readonly string[];
}

/**
 * An environment's entry point: the files directly in `gitops/<env>/`, which
 * the root Application the cloud bootstrap creates syncs (non-recursively).
 *
 * - the `platform` AppProject: the published GitOps repository and the add-ons' Helm
 *   repositories as sources, the platform's and the teams' namespaces as
 *   destinations, each synced as the platform deployer (`paved-platform-deployer`,
 *   see `ArgoCdAddOn`), the cluster-scoped kinds the platform needs, one by one;
 * - Applications, in sync waves: the platform's namespaces (never pruned), the
 *   platform's configuration, each team's tenancy (in the platform project)
 *   and each team's apps (in the team's own project, never `platform` or `default`).
 *
 * The add-ons add their own Applications to the same folder.
 */
export class GitOpsRoot extends Construct {
  /** The Applications this root adds (add-ons add their own). */
  public readonly applications: readonly ArgoApplication[];

  constructor(scope: Construct, id: string, props: GitOpsRootProps) {
    super(scope, id);
    const platform = PlatformEnvironment.of(this);
    const { org, environment: env } = platform;
    placeIn(this, '');
    const repo = org.gitops;
    // Argo CD reads the published tree (what paved publish wrote once every check passed), never the source's branch
    const published = repo.publish;
    const at = (...parts: string[]) => [repo.path, env.name, ...parts].join('/');
    // with previews, each team's preview namespaces (<team>-pr-*: Argo CD's destinations take globs), whose tenancy the platform syncs
    const teamNamespaces = org.teams.flatMap((t) => [...t.namespaces, ...(env.previews ? [previewNamespace(t, '*')] : [])]);
    const destinations = [...platformNamespacesIn(env), ...teamNamespaces];

    new AppProject(this, 'PlatformProject', {
      metadata: {
        name: PLATFORM_PROJECT,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/managed-by': 'paved' },
        annotations: { 'argocd.argoproj.io/sync-wave': String(SyncWave.FOUNDATION) },
      },
      spec: {
        description: "The platform: add-ons, their configuration, and the teams' tenancy.",
        sourceRepos: [published.repoURL, ...props.helmRepositories],
        destinations: destinations.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        // with sync impersonation on, Argo CD applies every destination as the platform deployer
        destinationServiceAccounts: destinationServiceAccounts(destinations, PLATFORM_DEPLOYER),
        clusterResourceWhitelist: PLATFORM_CLUSTER_KINDS.map((k) => ({ ...k })),
      },
    });

    const git = (path: string) => ({ kind: 'git' as const, repoURL: published.repoURL, revision: published.branch, path, recurse: true });
    const apps: ArgoApplication[] = [
      new ArgoApplication(this, 'PlatformNamespaces', {
        name: 'platform-namespaces',
        project: PLATFORM_PROJECT,
        destinationNamespace: ARGOCD_NAMESPACE,
        source: git(at('platform', 'namespaces')),
        wave: SyncWave.FOUNDATION,
        prune: false,
      }),
      new ArgoApplication(this, 'PlatformConfig', {
        name: 'platform-config',
        project: PLATFORM_PROJECT,
        destinationNamespace: ARGOCD_NAMESPACE,
        source: git(at('platform', 'config')),
        wave: SyncWave.PLATFORM_CONFIG,
        serverSideApply: true,
      }),
    ];
    for (const team of org.teams.filter((t) => !(props.leftOut ?? []).includes(t.name))) {
      apps.push(
        new ArgoApplication(this, `Team-${team.name}-Tenant`, {
          name: `team-${team.name}-tenant`,
          project: PLATFORM_PROJECT,
          destinationNamespace: team.namespace,
          source: git(at('teams', team.name, 'tenant')),
          wave: SyncWave.TEAM_TENANCY,
          labels: { 'paved.dev/team': team.name },
        }),
      );
      if (props.teamsWithApps.includes(team.name)) {
        apps.push(
          new ArgoApplication(this, `Team-${team.name}-Apps`, {
            name: `team-${team.name}-apps`,
            project: team.name,
            destinationNamespace: team.namespace,
            source: git(at('teams', team.name, 'apps')),
            wave: SyncWave.TEAM_APPS,
            labels: { 'paved.dev/team': team.name },
          }),
        );
      }
    }
    this.applications = apps;
  }
}
