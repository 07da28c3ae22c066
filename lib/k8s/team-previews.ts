import { Construct } from 'constructs';
import { KubeNetworkPolicy, KubeResourceQuota, KubeRole, KubeRoleBinding, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { ApplicationSet } from '../../imports/argocd-applicationset-argoproj.io';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import type { Team } from '../org/team';
import { PAVED_MANIFEST_GLOB } from '../private/argo-directory-settings';
import { placeIn } from '../private/placement';
import { ARGOCD_NAMESPACE, IN_CLUSTER, PLATFORM_PROJECT, teamDeployerAccount } from './app-project';
import { SYNC_RETRY, SyncWave } from './argocd-application';
import { commonLabels } from './labels';
import { PlatformEnvironment } from './platform-environment';
import { TEAM_DEPLOYER_ROLE, teamDeployerResources, teamDeployerRules } from './team-deployer';
import { TEAM_VIEWER_RULES } from './team-rbac';
import { addLimitRange, addNetworkWalls, addSecretStore, teamNamespaceLabels } from './team-walls';
import {
  PREVIEW_EXCLUDED_KINDS,
  PREVIEW_HEAD_SHA,
  PREVIEW_LABEL,
  PREVIEW_NUMBER,
  PREVIEWS_FOLDER,
  previewAppsApplication,
  previewAppsFolder,
  previewExcludes,
  previewNamespace,
  previewTeamLabel,
} from '../org/preview-names';

export * from '../org/preview-names';

/** What one preview namespace may use: a fraction of a team's namespace, the same for every team. */
export const PREVIEW_QUOTA = { requestsCpu: '2', requestsMemory: '4Gi', limitsCpu: '4', limitsMemory: '8Gi', pods: 20, ingresses: 10 } as const;

/** Argo CD never deletes these objects: the preview's namespace keeps its walls until it is empty (see docs). */
const KEEP_ON_TEARDOWN = { 'argocd.argoproj.io/sync-options': 'Delete=false' } as const;

/** Props of {@link TeamPreviews}. */
export interface TeamPreviewsProps {
  /** The team. */
  readonly team: Team;
}

/**
 * A team's previews of pull requests in an environment with `previews`:
 *
 * - the folder `previews/<team>/tenant/`: the team's tenancy for one preview
 *   namespace, every object without `metadata.namespace` (Argo CD puts them in the
 *   Application's destination namespace): a ResourceQuota of {@link PREVIEW_QUOTA},
 *   the team's LimitRange, default-deny NetworkPolicies with DNS, the load balancer,
 *   the team's declared egress and the preview's own pods (its apps call each other
 *   by their Services' short names), the team's viewer role, the deployer's Role,
 *   and the team's SecretStore of this environment (never production's secrets);
 * - the AppProject `<team>-previews`: the GitOps repository, destinations
 *   `<team>-pr-*` only, synced as the team's deployer, the team's kinds;
 * - the ApplicationSet `preview-tenancy-<team>` (project `platform`, the published
 *   branch): per labelled pull request, the tenancy folder into `<team>-pr-<number>`,
 *   created with the labels of the team's namespaces (Pod Security restricted);
 * - the ApplicationSet `preview-apps-<team>` (project `<team>-previews`, the pull
 *   request's head commit): the folder `previews/<team>/apps/` the synth writes
 *   from the team's apps (see `previewAppFiles`), read as a plain directory (no
 *   Kustomize, no Helm: the pull request's files are data, never a program),
 *   each route's host computed in the cluster from the namespace.
 */
export class TeamPreviews extends Construct {
  /** The label that asks for a preview of this team's apps (`<label>:<team>`; the previews workflow sets it on a labelled pull request that changes them). */
  public readonly label: string;
  /** The team. */
  public readonly team: Team;

  constructor(scope: Construct, id: string, props: TeamPreviewsProps) {
    super(scope, id);
    const { org, environment: env } = PlatformEnvironment.of(this);
    const previews = env.previews;
    if (!previews) throw new Error(`${this.node.path}: environment ${env.name} has no previews`);
    this.label = previewTeamLabel(previews.label, props.team.name);
    const { team } = props;
    this.team = team;
    this.tenancy(team);
    const root = new Construct(this, 'Root');
    placeIn(root, '');
    const repo = org.gitops;
    const github = githubRepository(repo.repoURL);
    const at = (...parts: string[]) => [repo.path, env.name, ...parts].join('/');
    const projectName = `${team.name}-previews`;
    const labels = { 'app.kubernetes.io/managed-by': 'paved', 'paved.dev/team': team.name, 'paved.dev/preview': 'true' };
    const annotations = { 'argocd.argoproj.io/sync-wave': String(SyncWave.TEAM_APPS) };
    this.project(root, team, projectName);
    // pull requests into the branch the org merges into (gitops.revision), labelled for this team
    const generator = {
      pullRequest: {
        github: { owner: github.owner, repo: github.repo, labels: [previewTeamLabel(previews.label, team.name)] },
        filters: [{ targetBranchMatch: `^${repo.revision.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` }],
        requeueAfterSeconds: PREVIEW_REQUEUE_SECONDS,
      },
    };
    const sync = { automated: { prune: true, selfHeal: true }, retry: SYNC_RETRY };
    const name = (what: string) => `preview-${what}-${team.name}`;
    const common = { goTemplate: true, goTemplateOptions: ['missingkey=error'], generators: [generator] };
    // the apps Application's name is the one the admission policies expect on what it applies (previewAppsApplication)
    const meta = (name: string) => ({ name, namespace: ARGOCD_NAMESPACE, labels, finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    const namespace = previewNamespace(team, PREVIEW_NUMBER);
    new ApplicationSet(root, 'Tenancy', {
      metadata: { name: name('tenancy'), namespace: ARGOCD_NAMESPACE, labels, annotations },
      spec: {
        ...common,
        template: {
          metadata: meta(`${namespace}-tenancy`),
          spec: {
            project: PLATFORM_PROJECT,
            destination: { server: IN_CLUSTER, namespace },
            // trusted content: the published tree, never the pull request's
            source: { repoUrl: repo.publish.repoURL, targetRevision: repo.publish.branch, path: at(PREVIEWS_FOLDER, team.name, 'tenant'), directory: { recurse: true, include: PAVED_MANIFEST_GLOB } },
            syncPolicy: {
              ...sync,
              syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
              managedNamespaceMetadata: { labels: { ...teamNamespaceLabels(team), [PREVIEW_LABEL]: PREVIEW_NUMBER } },
            },
          },
        },
      },
    });
    new ApplicationSet(root, 'Apps', {
      metadata: { name: name('apps'), namespace: ARGOCD_NAMESPACE, labels, annotations },
      spec: {
        ...common,
        template: {
          metadata: meta(previewAppsApplication(namespace)),
          spec: {
            project: projectName,
            destination: { server: IN_CLUSTER, namespace },
            // the pull request's own tree, as its CI synthesized it; bounded by the project, the deployer's Role and admission
            source: { repoUrl: repo.repoURL, targetRevision: PREVIEW_HEAD_SHA, path: previewAppsFolder(repo.path, env.name, team.name), directory: { recurse: true, include: PAVED_MANIFEST_GLOB } },
            syncPolicy: { ...sync, syncOptions: ['CreateNamespace=false', 'PrunePropagationPolicy=foreground'] },
          },
        },
      },
    });
  }

  /** The team's previews project: its apps' kinds (but alerts, scrapes and claims), in its preview namespaces only, as its deployer. */
  private project(root: Construct, team: Team, projectName: string): void {
    const repo = PlatformEnvironment.of(this).org.gitops;
    const pattern = previewNamespace(team, '*');
    new AppProject(root, 'Project', {
      metadata: { name: projectName, namespace: ARGOCD_NAMESPACE, labels: commonLabels(team), annotations: { 'argocd.argoproj.io/sync-wave': String(SyncWave.FOUNDATION) } },
      spec: {
        description: `Team ${team.name}'s previews of pull requests: its apps, in ${pattern} only.`,
        sourceRepos: [repo.repoURL],
        destinations: [{ server: IN_CLUSTER, namespace: pattern }],
        destinationServiceAccounts: [{ server: IN_CLUSTER, namespace: pattern, defaultServiceAccount: `${teamDeployerAccount(team).namespace}:${teamDeployerAccount(team).name}` }],
        clusterResourceWhitelist: [],
        // the team's kinds but what a preview never holds (alerts, scrapes, claims)
        namespaceResourceWhitelist: team.allowedKinds.filter((k) => !previewExcludes(k)).map((k) => ({ group: k.group, kind: k.kind })),
        orphanedResources: { warn: true },
      },
    });
  }

  private tenancy(team: Team): void {
    const { environment: env } = PlatformEnvironment.of(this);
    const scope = new Construct(this, 'Tenancy');
    placeIn(scope, `${PREVIEWS_FOLDER}/${team.name}/tenant`);
    const labels = commonLabels(team);
    const meta = (name: string) => ({ name, labels, annotations: { ...KEEP_ON_TEARDOWN } });
    const q = Quantity.fromString;
    new KubeResourceQuota(scope, 'ResourceQuota', {
      metadata: meta('team-quota'),
      spec: {
        hard: {
          'requests.cpu': q(PREVIEW_QUOTA.requestsCpu),
          'requests.memory': q(PREVIEW_QUOTA.requestsMemory),
          'limits.cpu': q(PREVIEW_QUOTA.limitsCpu),
          'limits.memory': q(PREVIEW_QUOTA.limitsMemory),
          pods: Quantity.fromNumber(PREVIEW_QUOTA.pods),
          'services.loadbalancers': Quantity.fromNumber(0),
          'services.nodeports': Quantity.fromNumber(0),
          // each Ingress is rules on the environment's shared load balancer
          'count/ingresses.networking.k8s.io': Quantity.fromNumber(PREVIEW_QUOTA.ingresses),
        },
      },
    });
    // the walls of the team's own namespaces, and its preview's own pods, which call each other by their Services' short names
    addLimitRange(scope, meta);
    addNetworkWalls(scope, team, env, meta);
    new KubeNetworkPolicy(scope, 'AllowPreview', {
      metadata: meta('allow-preview'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
    });
    const rbac = 'rbac.authorization.k8s.io';
    const copy = (rules: readonly { apiGroups: readonly string[]; resources: readonly string[]; verbs: readonly string[] }[]) =>
      rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
    new KubeRole(scope, 'ViewerRole', { metadata: meta('team-viewer'), rules: copy(TEAM_VIEWER_RULES) });
    new KubeRoleBinding(scope, 'ViewerBinding', {
      metadata: meta('team-viewer'),
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'team-viewer' },
      subjects: [{ apiGroup: rbac, kind: 'Group', name: team.ownerGroup }],
    });
    const account = teamDeployerAccount(team);
    const resources = teamDeployerResources(team, this).resources.filter((r) => !PREVIEW_EXCLUDED_KINDS.some((k) => k.group === r.group && k.resource === r.resource));
    new KubeRole(scope, 'DeployerRole', { metadata: meta(TEAM_DEPLOYER_ROLE), rules: copy(teamDeployerRules(resources)) });
    new KubeRoleBinding(scope, 'DeployerBinding', {
      metadata: meta(TEAM_DEPLOYER_ROLE),
      roleRef: { apiGroup: rbac, kind: 'Role', name: TEAM_DEPLOYER_ROLE },
      subjects: [{ kind: 'ServiceAccount', namespace: account.namespace, name: account.name }],
    });
    addSecretStore(scope, team, env, meta);
  }
}

/** How often the ApplicationSet controller asks GitHub for the labelled pull requests. */
export const PREVIEW_REQUEUE_SECONDS = 300;

/** The owner and name of a GitHub repository's URL (`https://github.com/<owner>/<repo>(.git)`). */
export function githubRepository(url: string): { owner: string; repo: string } {
  const m = /^https:\/\/github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url);
  if (!m) throw new Error(`gitops.repoURL = ${JSON.stringify(url)} is not allowed with previews: a GitHub repository (https://github.com/<owner>/<repo>.git), which the pull request generator asks`);
  return { owner: m[1], repo: m[2] };
}
