import type { Environment } from '../org/environment';
import type { Team } from '../org/team';
import { parseCpu, parseMemory } from '../private/names';

/** The containers' defaults and ceiling in team namespaces (a LimitRange). */
export const TEAM_CONTAINER_LIMITS = {
  min: { cpu: '10m', memory: '16Mi' },
  defaultRequest: { cpu: '100m', memory: '128Mi' },
  default: { cpu: '500m', memory: '512Mi' },
  max: { cpu: '4', memory: '8Gi' },
} as const;

/** What one app asks of its namespace's quota at most: its pods' requests and limits (CPU in cores, memory in bytes) and their number. */
export interface AppFootprint {
  /** The app, as messages name it (with its file, for an app proposed as files). */
  readonly app: string;
  readonly requestsCpu: number;
  readonly requestsMemory: number;
  readonly limitsCpu: number;
  readonly limitsMemory: number;
  readonly pods: number;
}

/** A namespace's quota that the apps in it exceed: the quota's field (`quotas.prod.requestsCpu`), its value and what is allowed instead. */
export interface QuotaProblem {
  readonly namespace: string;
  readonly field: string;
  readonly value: string | number;
  readonly allowed: string;
}

const cores = (n: number) => `${Math.round(n * 1000)}m`;
const mib = (n: number) => `${Math.round(n / 2 ** 20)}Mi`;

/**
 * The team's quotas in an environment that the apps of its namespaces ask
 * for more than: per namespace and quota field, the sum and each app's part
 * (in the order they were added). The same check for apps built by a synth and for apps a
 * team proposes as files (footprints from {@link applicationFootprint}).
 */
export function quotaProblems(team: Team, environment: Environment, footprints: ReadonlyMap<string, readonly AppFootprint[]>): QuotaProblem[] {
  const quota = team.quotaIn(environment.name);
  const problems: QuotaProblem[] = [];
  for (const [ns, apps] of footprints) {
    const checks: [keyof typeof quota, number | undefined, (n: number) => string, (f: AppFootprint) => number][] = [
      ['requestsCpu', parseCpu(quota.requestsCpu), cores, (f) => f.requestsCpu],
      ['requestsMemory', parseMemory(quota.requestsMemory), mib, (f) => f.requestsMemory],
      ['limitsCpu', parseCpu(quota.limitsCpu), cores, (f) => f.limitsCpu],
      ['limitsMemory', parseMemory(quota.limitsMemory), mib, (f) => f.limitsMemory],
      ['pods', quota.pods, String, (f) => f.pods],
    ];
    for (const [key, allowed, unit, pick] of checks) {
      const used = apps.reduce((n, f) => n + pick(f), 0);
      if (allowed === undefined || used <= allowed) continue;
      // in the order the apps were added: a synth adds them in the definitions' order
      const list = apps.map((f) => `${f.app} ${unit(pick(f))}`).join(', ');
      problems.push({
        namespace: ns,
        field: `quotas.${environment.name}.${key}`,
        value: quota[key],
        allowed: `at least what the apps in namespace ${ns} ask for, ${unit(used)} (${list}), or fewer replicas or resources for them`,
      });
    }
  }
  return problems;
}
