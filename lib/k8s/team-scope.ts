import { Construct } from 'constructs';
import { KubeNamespace, KubeResourceQuota, KubeRole, KubeRoleBinding, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Environment } from '../org/environment';
import type { ReleaseRecord } from '../org/release-records';
import type { Team } from '../org/team';
import { placeIn } from '../private/placement';
import { PavedValidationError, show } from '../private/problems';
import { TeamAppProject } from './app-project';
import { KEEP_ON_DELETE } from './argocd-application';
import { commonLabels } from './labels';
import { type ITeamScope, PlatformEnvironment } from './platform-environment';
import { TeamDeployer } from './team-deployer';
import { TEAM_PERMISSION_RULES, TEAM_VIEWER_RULES } from './team-rbac';
import { type AppFootprint, quotaProblems } from './team-quota';
import { TEAM_SECRET_STORE_NAME, addLimitRange, addNetworkWalls, addSecretStore, teamNamespaceLabels } from './team-walls';

/** Props of {@link TeamScope}. */
export interface TeamScopeProps {
  /** The team; it must be one of the environment's org. */
  readonly team: Team;
}

export { ALLOW_LOAD_BALANCER_POLICY, TEAM_SECRET_STORE_NAME, TEAM_SECRETS_SERVICE_ACCOUNT } from './team-walls';

export { TEAM_CONTAINER_LIMITS } from './team-quota';

/**
 * A team in one environment: a secure tenant, and the scope its app
 * definitions receive (`scope.team`, `scope.environment`).
 *
 * For each of the team's namespaces:
 * - a `Namespace` enforcing Pod Security "restricted" (and auditing, warning);
 * - a `ResourceQuota` sized for the environment, and a `LimitRange` giving
 *   containers default requests and limits and a ceiling;
 * - `NetworkPolicies`: deny all ingress and egress, then allow the shared
 *   load balancer in (its public subnets), DNS out, and the egress the
 *   team declared (never the cluster's own VPC block);
 * - a `Role` and `RoleBinding` that let the team's group read its workloads and
 *   logs (no Secrets, no exec), plus any extra permission granted in this
 *   environment;
 * - the `external-secrets` service account bound (IRSA) to the team's own IAM
 *   role, and the team's `SecretStore` that authenticates with it.
 *
 * And the team's Argo CD `AppProject` (see {@link TeamAppProject}), and the
 * team's deployer, the identity Argo CD and KubeVela apply the team's objects
 * as (see {@link TeamDeployer}). The synth fails when the apps of a namespace
 * ask for more than its quota.
 */
export class TeamScope extends Construct implements ITeamScope {
  /** The team. */
  public readonly team: Team;
  /** The environment. */
  public readonly environment: Environment;
  /** The team's namespaces in this environment. */
  public readonly namespaces: readonly string[];
  /** The namespace apps go to unless they name another. */
  public readonly namespaceName: string;
  /** The name of the team's SecretStore (one in each namespace). */
  public readonly secretStoreName = TEAM_SECRET_STORE_NAME;
  /** The team's Argo CD project. */
  public readonly appProject: TeamAppProject;
  /** The identity Argo CD and KubeVela apply the team's objects as, and its rights. */
  public readonly deployer: TeamDeployer;

  private readonly footprints = new Map<string, AppFootprint[]>();
  private readonly costs: { resource: string; usd: number }[] = [];

  constructor(scope: Construct, id: string, props: TeamScopeProps) {
    super(scope, id);
    const platform = PlatformEnvironment.of(this);
    if (!platform.org.teams.includes(props.team)) {
      throw new PavedValidationError([
        { path: this.node.path, prop: 'team', value: props.team.name, allowed: `a team of org ${platform.org.name} (${platform.org.teams.map((t) => t.name).join(', ')})` },
      ]);
    }
    this.team = props.team;
    this.environment = platform.environment;
    this.namespaces = props.team.namespaces;
    this.namespaceName = props.team.namespace;
    // what the team's definitions create goes to its apps folder (synced by its own project);
    // its tenancy (namespaces, project) to the tenant folder (synced by the platform's)
    placeIn(this, `teams/${props.team.name}/apps`);

    for (const ns of this.namespaces) this.tenantNamespace(ns);
    this.appProject = new TeamAppProject(this, 'AppProject', { team: this.team, gitops: { repoURL: platform.org.gitops.publish.repoURL } });
    placeIn(this.appProject, `teams/${props.team.name}/tenant`);
    this.deployer = new TeamDeployer(this, 'Deployer', { team: this.team });

    platform._registerTeamScope(this);
    this.node.addValidation({ validate: () => [...this.checkQuotas(), ...this.checkBudget()] });
  }

  /**
   * The release record of one of the team's apps in this environment
   * (`releases/<team>/<app>/<env>.yaml`), if it has one: an app definition
   * without `image` can leave the app out of an environment no build was
   * released or promoted to yet (`if (!scope.releaseOf('web')) return;`).
   */
  public releaseOf(app: string): ReleaseRecord | undefined {
    return PlatformEnvironment.of(this).releaseOf(this.team.name, app);
  }

  /** @internal called by the constructs that create cloud resources for the team. */
  public _addCost(resource: string, usd: number): void {
    this.costs.push({ resource, usd });
  }

  /** The monthly cost estimates of the cloud resources the team asked for in this environment. */
  public get monthlyCosts(): readonly { readonly resource: string; readonly usd: number }[] {
    return [...this.costs];
  }

  private checkBudget(): string[] {
    const budget = this.team.monthlyBudgetUsd;
    if (budget === undefined) return [];
    const total = Math.round(this.costs.reduce((n, c) => n + c.usd, 0) * 100) / 100;
    if (total <= budget) return [];
    const list = [...this.costs]
      .sort((a, b) => b.usd - a.usd)
      .map((c) => `${c.resource} ${c.usd.toFixed(2)}`)
      .join(', ');
    return [
      `monthlyBudgetUsd = ${budget} is not allowed: at least the estimated monthly cost of what team ${this.team.name} asks for in ${this.environment.name}, ${total.toFixed(2)} USD (${list}), or fewer or smaller resources`,
    ];
  }

  /**
   * @internal called by AppConstruct: records what an app asks for in a namespace,
   * for the quota check at synth.
   */
  public _addFootprint(namespace: string, footprint: AppFootprint): void {
    this.footprints.set(namespace, [...(this.footprints.get(namespace) ?? []), footprint]);
  }

  private tenantNamespace(ns: string): void {
    const team = this.team;
    const env = this.environment;
    const labels = commonLabels(team);
    const scope = new Construct(this, ns);
    placeIn(scope, `teams/${team.name}/tenant/namespaces/${ns}`);
    const meta = (name: string) => ({ name, namespace: ns, labels });

    new KubeNamespace(scope, 'Namespace', {
      metadata: {
        name: ns,
        // deleting a namespace deletes everything in it: Argo CD never does
        annotations: { ...KEEP_ON_DELETE },
        labels: teamNamespaceLabels(team),
      },
    });

    const quota = team.quotaIn(env.name);
    new KubeResourceQuota(scope, 'ResourceQuota', {
      metadata: meta('team-quota'),
      spec: {
        hard: {
          'requests.cpu': Quantity.fromString(quota.requestsCpu),
          'requests.memory': Quantity.fromString(quota.requestsMemory),
          'limits.cpu': Quantity.fromString(quota.limitsCpu),
          'limits.memory': Quantity.fromString(quota.limitsMemory),
          pods: Quantity.fromNumber(quota.pods),
          'services.loadbalancers': Quantity.fromNumber(0),
          'services.nodeports': Quantity.fromNumber(0),
        },
      },
    });
    addLimitRange(scope, meta);
    addNetworkWalls(scope, team, env, meta);

    // RBAC: read access for the team's group, plus what it was granted here
    const subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: team.ownerGroup }];
    const grant = (id: string, name: string, rules: readonly { apiGroups: readonly string[]; resources: readonly string[]; verbs: readonly string[] }[]) => {
      new KubeRole(scope, `${id}Role`, { metadata: meta(name), rules: rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })) });
      new KubeRoleBinding(scope, `${id}Binding`, { metadata: meta(name), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects });
    };
    grant('Viewer', 'team-viewer', TEAM_VIEWER_RULES);
    for (const permission of team.permissionsIn(env.name)) grant(`Permission-${permission}`, `team-${permission}`, TEAM_PERMISSION_RULES[permission]);

    // secrets: the team's own identity and store
    addSecretStore(scope, team, env, meta);
  }

  private checkQuotas(): string[] {
    return quotaProblems(this.team, this.environment, this.footprints).map((p) => `${p.field} = ${show(p.value)} is not allowed: ${p.allowed}`);
  }
}

/** Whether a construct is a team scope. */
export function isTeamScope(c: unknown): c is TeamScope {
  return c instanceof TeamScope || (typeof c === 'object' && c !== null && 'team' in c && 'namespaces' in c && 'secretStoreName' in c && '_addFootprint' in c);
}
