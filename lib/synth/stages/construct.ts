import type { App } from 'cdk8s';
import { PlatformEnvironment } from '../../k8s/platform-environment';
import { PlatformNamespaces } from '../../k8s/platform-namespaces';
import { chargeKeptFiles } from '../../k8s/team-limits';
import { TeamScope } from '../../k8s/team-scope';
import { TenantAdmissionPolicies } from '../../k8s/tenant-admission';
import type { Environment } from '../../org/environment';
import type { Problems, SynthInput } from './state';

/** One environment as the construct stage leaves it: its chart, and the scopes of its teams (before their definitions run). */
export interface EnvironmentTree {
  readonly platform: PlatformEnvironment;
  readonly scopes: readonly TeamScope[];
}

/**
 * The construct stage (per environment): the environment's chart, the
 * platform's part (namespaces, the tenant admission policies, the platform
 * definition) when it is built, and every team's scope, with the apps a team
 * proposes as files charged to its budget and quotas.
 */
export function construct(input: SynthInput, app: App, env: Environment, { errors, collect }: Problems): EnvironmentTree {
  const { options, org } = input;
  const platform = new PlatformEnvironment(app, env.name, { org, environment: env, releases: input.releases });
  if (input.platformPart) {
    new PlatformNamespaces(platform, 'Namespaces');
    // the tenant rules, as the cluster's admission policies
    new TenantAdmissionPolicies(platform, 'TenantAdmission');
    try {
      options.platform?.(platform);
    } catch (e) {
      collect(`${platform.node.path} (platform definition)`, e);
    }
  }
  // every team's scope first, then their definitions: the boundary watches the tree from there
  const scopes: TeamScope[] = [];
  for (const team of org.teams.filter((t) => input.teams.includes(t.name) && !input.brokenTeams.includes(t.name))) {
    try {
      scopes.push(new TeamScope(platform, team.name, { team }));
    } catch (e) {
      collect(`${platform.node.path}/${team.name}`, e);
    }
  }
  // the apps a team proposes as files count in its budget and quotas as the apps built here: priced and counted from what they ask for
  errors.push(...chargeKeptFiles(org, env, scopes, input.existing));
  return { platform, scopes };
}
