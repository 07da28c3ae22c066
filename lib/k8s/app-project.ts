import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import type { GitOpsRepositoryProps } from '../org/org';
import type { Team } from '../org/team';
import { commonLabels } from './labels';

/** The namespace Argo CD runs in. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The in-cluster API server, as Argo CD names it. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * Namespaced kinds a team project may not deploy: they set the tenant's limits
 * and access, which only the platform changes (group-qualified: NetworkPolicy
 * is `networking.k8s.io`, and an entry with group '' would never match it).
 */
export const TEAM_PROJECT_BLACKLIST: readonly { readonly group: string; readonly kind: string }[] = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'external-secrets.io', kind: 'SecretStore' },
];

/** Props of {@link TeamAppProject}. */
export interface TeamAppProjectProps {
  /** The team. */
  readonly team: Team;
  /** The GitOps repository: the only source the project allows. */
  readonly gitops: Pick<GitOpsRepositoryProps, 'repoURL'>;
}

/**
 * A team's Argo CD project: sources limited to the GitOps repository,
 * destinations to the team's namespaces in this cluster, no cluster-scoped
 * resources, no quota/limit/network/RBAC/store objects, Applications only from
 * the team's own namespaces, and a role that lets the team's group see and
 * sync its own Applications, nothing else.
 */
export class TeamAppProject extends Construct {
  /** The project's name (the team's name). */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: TeamAppProjectProps) {
    super(scope, id);
    const { team } = props;
    this.name = team.name;
    new AppProject(this, 'Resource', {
      metadata: { name: team.name, namespace: ARGOCD_NAMESPACE, labels: commonLabels(team) },
      spec: {
        description: `Team ${team.name}: its apps, in its own namespaces only.`,
        sourceRepos: [props.gitops.repoURL],
        destinations: team.namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: TEAM_PROJECT_BLACKLIST.map((k) => ({ ...k })),
        sourceNamespaces: [...team.namespaces],
        orphanedResources: { warn: true },
        roles: [{
          name: 'team',
          description: `Members of ${team.ownerGroup} see and sync the team's apps.`,
          groups: [team.ownerGroup],
          policies: [
            `p, proj:${team.name}:team, applications, get, ${team.name}/*, allow`,
            `p, proj:${team.name}:team, applications, sync, ${team.name}/*, allow`,
          ],
        }],
      },
    });
  }
}

/**
 * Argo CD's `default` project, locked down: no sources, no destinations, no
 * cluster resources, so nothing can be deployed through it by mistake.
 */
export class LockedDefaultProject extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AppProject(this, 'Resource', {
      metadata: { name: 'default', namespace: ARGOCD_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'paved' } },
      spec: { description: 'Locked: use the platform project or a team project.', sourceRepos: [], destinations: [], clusterResourceWhitelist: [], namespaceResourceWhitelist: [] },
    });
  }
}
