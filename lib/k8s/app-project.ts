import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import type { GitOpsRepositoryProps } from '../org/gitops-repository';
import type { Team } from '../org/team';
import { commonLabels } from './labels';
import { ARGOCD_NAMESPACE, type ServiceAccountRef, teamDeployerAccount } from '../org/identities';

/** The Argo CD project of the platform's own Applications. */
export const PLATFORM_PROJECT = 'platform';

/** The in-cluster API server, as Argo CD names it. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

export { ARGOCD_NAMESPACE, type ServiceAccountRef, PLATFORM_DEPLOYER, teamDeployerAccount, serviceAccountUser } from '../org/identities';

/**
 * A project's `destinationServiceAccounts`: every destination mapped to one
 * service account, named with its namespace (`<namespace>:<name>`), so Argo CD
 * never derives it from the Application's destination.
 */
export function destinationServiceAccounts(namespaces: readonly string[], account: ServiceAccountRef): { server: string; namespace: string; defaultServiceAccount: string }[] {
  return namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace, defaultServiceAccount: `${account.namespace}:${account.name}` }));
}

/** Props of {@link TeamAppProject}. */
export interface TeamAppProjectProps {
  /** The team. */
  readonly team: Team;
  /** The repository Argo CD reads the published tree from (`org.gitops.publish.repoURL`): the only source the project allows. */
  readonly gitops: Pick<GitOpsRepositoryProps, 'repoURL'>;
}

/**
 * A team's Argo CD project: sources limited to the GitOps repository,
 * destinations to the team's namespaces in this cluster, no cluster-scoped
 * resources, only the kinds the team's apps folder may hold (`Team.allowedKinds`), Applications only from
 * the team's own namespaces, and a role that lets the team's group see and
 * sync its own Applications, nothing else. Every destination is synced as the
 * team's deployer ({@link teamDeployerAccount}), whose RBAC is the team's.
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
        // Argo CD applies (and prunes) as the team's deployer, with the team's RBAC, not as itself
        destinationServiceAccounts: destinationServiceAccounts(team.namespaces, teamDeployerAccount(team)),
        clusterResourceWhitelist: [],
        // exactly the kinds of the team's apps folder: Argo CD refuses to sync any other
        namespaceResourceWhitelist: team.allowedKinds.map((k) => ({ group: k.group, kind: k.kind })),
        sourceNamespaces: [...team.namespaces],
        orphanedResources: { warn: true },
        roles: [
          {
            name: 'team',
            description: `Members of ${team.ownerGroup} see and sync the team's apps.`,
            groups: [team.ownerGroup],
            policies: [`p, proj:${team.name}:team, applications, get, ${team.name}/*, allow`, `p, proj:${team.name}:team, applications, sync, ${team.name}/*, allow`],
          },
        ],
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
