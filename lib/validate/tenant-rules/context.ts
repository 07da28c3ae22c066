import type { Environment } from '../../org/environment';
import type { ImagePolicy } from '../../org/image-policy';
import type { Org } from '../../org/org';
import type { TeamKind } from '../../org/team-kinds';
import { serviceAccountUser, teamDeployerAccount } from '../../org/identities';

/** One team, as the tenant rules of one environment see it. */
export interface RuleTeam {
  readonly name: string;
  /** Its namespaces. */
  readonly namespaces: readonly string[];
  /** The DNS zone the environment serves for it (hosts are the zone or one label below it). */
  readonly zone: string;
  /** The kinds its apps folder may hold (what Argo CD applies as its deployer). */
  readonly allowedKinds: readonly TeamKind[];
  /** Its deployer's user name, as admission requests carry it (`system:serviceaccount:<ns>:<name>`). */
  readonly deployer: string;
  /** Its members' identity provider group. */
  readonly ownerGroup: string;
}

/** What the tenant rules of one environment (one cluster) are made from: the org's data for it. */
export interface RuleContext {
  /** The environment's name. */
  readonly environment: string;
  /** The IngressClass of public routes. */
  readonly ingressClass: string;
  /** Where images may come from. */
  readonly images: ImagePolicy;
  /** The teams. */
  readonly teams: readonly RuleTeam[];
}

/** The tenant rules' data for one environment of an org. */
export function ruleContext(org: Org, env: Environment): RuleContext {
  return {
    environment: env.name,
    ingressClass: env.ingressClass,
    images: env.images,
    teams: org.teams.map((t) => ({
      name: t.name,
      namespaces: t.namespaces,
      zone: env.zoneFor(t),
      allowedKinds: t.allowedKinds,
      deployer: serviceAccountUser(teamDeployerAccount(t)),
      ownerGroup: t.ownerGroup,
    })),
  };
}
