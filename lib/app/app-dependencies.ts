import type { Org } from '../org/org';
import type { Team } from '../org/team';
import { isDns1035Label } from '../private/names';
import type { PropChecker } from '../private/problems';
import { CALLABLE_BY_ANNOTATION, CALLS_ANNOTATION } from '../k8s/service-graph';

/** An app another app calls, inside the cluster. */
export interface AppCall {
  /** The called app's name. */
  readonly app: string;
  /**
   * The called app's team; calling another team's app needs its consent (its `callableBy`).
   * @default - the caller's own team
   */
  readonly team?: string;
}

/**
 * Checks an app's calls and consents; returns them as the Application's
 * annotations, which the service graph (and `paved validate`) read, also from
 * trees proposed by team repositories.
 *
 * @internal the dependencies facet of AppConstruct
 */
export function dependencyAnnotations(check: PropChecker, org: Org, team: Team, app: string, calls: readonly AppCall[], callableBy: readonly string[]): Record<string, string> {
  const seen = new Set<string>();
  const targets = calls.map((c, i) => {
    const calleeTeam = c.team ?? team.name;
    check.check(
      org.teams.some((t) => t.name === calleeTeam),
      `calls[${i}].team`,
      c.team,
      `a team of the org (${org.teams.map((t) => t.name).join(', ')})`,
    );
    check.check(isDns1035Label(c.app, 63), `calls[${i}].app`, c.app, "an app's name (an RFC 1035 label)");
    const key = `${calleeTeam}/${c.app}`;
    check.check(key !== `${team.name}/${app}`, `calls[${i}].app`, c.app, 'another app: an app reaches its own pods already');
    check.check(!seen.has(key), `calls[${i}]`, key, 'an app not listed twice');
    seen.add(key);
    return key;
  });
  callableBy.forEach((t, i) => {
    check.check(
      org.teams.some((o) => o.name === t) && t !== team.name,
      `callableBy[${i}]`,
      t,
      `another team of the org (${org.teams
        .filter((o) => o !== team)
        .map((o) => o.name)
        .join(', ')}); the app's own team may always call it`,
    );
  });
  return {
    ...(targets.length ? { [CALLS_ANNOTATION]: [...targets].sort().join(',') } : {}),
    ...(callableBy.length ? { [CALLABLE_BY_ANNOTATION]: [...new Set(callableBy)].sort().join(',') } : {}),
  };
}
