import type { Org } from '../../org/org';
import type { Team } from '../../org/team';
import { isDns1035Label } from '../../private/names';
import type { PropChecker } from '../../private/problems';
import { CALLABLE_BY_ANNOTATION, CALLS_ANNOTATION } from '../../k8s/service-graph';
import type { AppCall } from '../app-props';
import type { Facet } from './facet';

/** An app's calls and consents, checked. */
interface AppDependencies {
  /** `team/app` of each app it calls, in the order given. */
  readonly calls: readonly string[];
  /** The other teams that may call it, sorted. */
  readonly callableBy: readonly string[];
  /** The KubeVela Application's annotations that carry them. */
  readonly annotations: Record<string, string>;
}

/**
 * The apps an app calls and the teams that may call it: annotations of its Application, which the service graph
 * reads (and gives the app each callee's URL), listed in the catalog.
 * @internal
 */
export const dependenciesFacet: Facet = (props, { app, check, platform }) => {
  const { calls, callableBy, annotations } = dependencyAnnotations(check, platform.org, props.team, app, props.calls, props.callableBy);
  return { annotations, service: { calls, callableBy }, catalog: calls.length ? { calls: [...calls] } : {} };
};

/**
 * Checks an app's calls and consents (also their shape: a definition in
 * JavaScript may pass anything); returns them, and the Application's
 * annotations, which the service graph (and `paved validate`) read, also from
 * trees proposed by team repositories.
 *
 */
function dependencyAnnotations(check: PropChecker, org: Org, team: Team, app: string, calls: unknown, callableBy: unknown): AppDependencies {
  const seen = new Set<string>();
  const targets = listOf(check, 'calls', calls, 'a list of calls such as [{ team: "search", app: "search-api" }]').flatMap((c, i) => {
    if (!check.check(isCall(c), `calls[${i}]`, c, 'a call: { app: "<name>" } or { team: "<team>", app: "<name>" }')) return [];
    const call = c as AppCall;
    const calleeTeam = call.team ?? team.name;
    check.check(
      org.teams.some((t) => t.name === calleeTeam),
      `calls[${i}].team`,
      call.team,
      `a team of the org (${org.teams.map((t) => t.name).join(', ')})`,
    );
    check.check(isDns1035Label(call.app, 63), `calls[${i}].app`, call.app, "an app's name (an RFC 1035 label)");
    const key = `${calleeTeam}/${call.app}`;
    check.check(key !== `${team.name}/${app}`, `calls[${i}].app`, call.app, 'another app: an app reaches its own pods already');
    check.check(!seen.has(key), `calls[${i}]`, key, 'an app not listed twice');
    seen.add(key);
    return [key];
  });
  const consents = listOf(check, 'callableBy', callableBy, "a list of the org's team names");
  consents.forEach((t, i) => {
    check.check(
      typeof t === 'string' && org.teams.some((o) => o.name === t) && t !== team.name,
      `callableBy[${i}]`,
      t,
      `another team of the org (${org.teams
        .filter((o) => o !== team)
        .map((o) => o.name)
        .join(', ')}); the app's own team may always call it`,
    );
  });
  const teams = [...new Set(consents.filter((t): t is string => typeof t === 'string'))].sort();
  return {
    calls: targets,
    callableBy: teams,
    annotations: {
      ...(targets.length ? { [CALLS_ANNOTATION]: [...targets].sort().join(',') } : {}),
      ...(teams.length ? { [CALLABLE_BY_ANNOTATION]: teams.join(',') } : {}),
    },
  };
}

/** A list prop as given (none: empty), or empty with a problem when it is not a list. */
function listOf(check: PropChecker, prop: string, value: unknown, allowed: string): readonly unknown[] {
  if (value === undefined) return [];
  return check.check(Array.isArray(value), prop, value, allowed) ? (value as unknown[]) : [];
}

/** Whether a value is an {@link AppCall}: an object with a string `app` and, if any, a string `team`. */
function isCall(value: unknown): value is AppCall {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { app, team } = value as Record<string, unknown>;
  return typeof app === 'string' && (team === undefined || typeof team === 'string');
}
