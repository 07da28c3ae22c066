import type { Construct } from 'constructs';
import { AppConstruct } from '../../app/app-construct';
import { appServiceNode } from '../../app/service-node';
import { type ServiceNode, buildServiceGraph, serviceNodesOf } from '../../k8s/service-graph';
import type { TeamScope } from '../../k8s/team-scope';
import type { ReleaseRecord } from '../../org/release-records';
import { formatProblem } from '../../private/problems';
import type { EnvironmentTree } from './construct';
import type { Problems, SynthInput } from './state';

/**
 * The wire stage (per environment, after the team definitions): the release
 * records of apps not built here are named, and the service graph is built:
 * declared calls resolved, the URLs of called apps given to their callers,
 * one NetworkPolicy per app and two per call.
 */
export function wire(input: SynthInput, { platform, scopes }: EnvironmentTree, failedApps: ReadonlySet<string>, { errors }: Problems): void {
  const { options, org, teams: teamFilter } = input;
  const env = platform.environment;
  // the service graph: declared calls resolved, URLs given, one NetworkPolicy per app and two per call
  const built = platform.node.findAll().filter((c): c is AppConstruct => c instanceof AppConstruct);
  errors.push(...strayReleaseRecords(options.releases ?? [], env.name, scopes, built, failedApps));
  const builtKeys = new Set(built.map((a) => `${a.team.name}/${a.name}`));
  const nodes: ServiceNode[] = [...built.map(appServiceNode), ...serviceNodesOf(env, options.existing ?? []).filter((n) => !builtKeys.has(`${n.team}/${n.app}`))];
  // a team's part: the policies in its own namespaces (every call into them is known: the other teams' apps are read
  // from the tree), none in another team's, whose files it keeps; calls to others are checked by the platform's synth
  const partial = options.teams !== undefined;
  const problems = buildServiceGraph(org, env, nodes, (team) => (partial && !teamFilter.includes(team) ? undefined : (platform.teamScope(org.team(team)) as unknown as Construct | undefined)));
  for (const p of problems) {
    const callee = /^calls = "([^/]+)\//.exec(p.message)?.[1];
    if (partial && callee !== undefined && !teamFilter.includes(callee)) continue;
    if ([...failedApps].some((key) => p.message.includes(`"${key}"`))) continue;
    errors.push(`${p.caller.source}: ${p.message}`);
  }
}

/** The records of this environment whose app the definitions of its (built) teams did not create here. */
function strayReleaseRecords(releases: readonly ReleaseRecord[], env: string, scopes: readonly TeamScope[], built: readonly AppConstruct[], failed: ReadonlySet<string>): string[] {
  const teams = new Set(scopes.map((s) => s.team.name));
  const apps = new Set(built.map((a) => `${a.team.name}/${a.name}`));
  return releases
    .filter((r) => r.environment === env && teams.has(r.team) && !apps.has(`${r.team}/${r.app}`) && !failed.has(`${r.team}/${r.app}`) && !failed.has(`${r.team}/*`))
    .map((r) => {
      const defined = built.filter((a) => a.team.name === r.team).map((a) => a.name);
      return formatProblem({
        path: r.file,
        prop: 'app',
        value: `${r.team}/${r.app}`,
        allowed: `an app team ${r.team}'s definitions create in ${env} (${defined.length > 0 ? defined.join(', ') : 'none'}): a record of an app that does not run there deploys nothing`,
      });
    });
}
