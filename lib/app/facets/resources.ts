import { TEAM_CONTAINER_LIMITS } from '../../k8s/team-scope';
import { parseCpu, parseMemory } from '../../private/names';
import type { PropChecker } from '../../private/problems';
import type { AppResources } from '../app-props';
import type { Facet } from './facet';

/** CPU an app's container requests when it does not say. */
export const DEFAULT_CPU = '100m';
/** Memory an app's container requests when it does not say. */
export const DEFAULT_MEMORY = '128Mi';

/**
 * A container's requests and limits, with defaults filled in (from `base`, an app's own, for its workers and
 * jobs), unchecked.
 * @internal
 */
export function resourcesOf(own: AppResources | undefined, base?: Required<AppResources>): Required<AppResources> {
  const cpu = own?.cpu ?? base?.cpu ?? DEFAULT_CPU;
  const memory = own?.memory ?? base?.memory ?? DEFAULT_MEMORY;
  return {
    cpu,
    memory,
    cpuLimit: own?.cpuLimit ?? (own?.cpu !== undefined || base === undefined ? cpu : base.cpuLimit),
    memoryLimit: own?.memoryLimit ?? (own?.memory !== undefined || base === undefined ? memory : base.memoryLimit),
  };
}

/**
 * A container's requests and limits, with defaults filled in (from `base`, an
 * app's own, for its workers and jobs), checked as the API server will check
 * them against the team namespace's LimitRange: positive quantities, limits
 * at least the requests, every value from the LimitRange's `min` to its `max`
 * (a pod outside them is refused when KubeVela creates it, long after the synth).
 * `at` prefixes the props in messages (`workers[0].`).
 * @internal
 */
export function resolveResources(check: PropChecker, at: string, own: AppResources | undefined, base?: Required<AppResources>): Required<AppResources> {
  const r = resourcesOf(own, base);
  if (own === undefined && base !== undefined) return base;
  const { min, max } = TEAM_CONTAINER_LIMITS;
  const fits = (prop: keyof AppResources, parse: (v: string) => number | undefined, example: string, lo: string, hi: string) => {
    const value = r[prop];
    const n = parse(value);
    if (!check.check(n !== undefined && n > 0, `${at}resources.${prop}`, value, `a positive ${parse === parseCpu ? 'CPU' : 'memory'} quantity such as ${example}`)) return;
    check.check(
      (n as number) >= (parse(lo) as number) && (n as number) <= (parse(hi) as number),
      `${at}resources.${prop}`,
      value,
      `from ${lo} to ${hi} (the team namespace's LimitRange: a container outside it is refused by the API server)`,
    );
  };
  fits('cpu', parseCpu, '"250m" or "0.5"', min.cpu, max.cpu);
  fits('cpuLimit', parseCpu, '"250m" or "0.5"', min.cpu, max.cpu);
  fits('memory', parseMemory, '"128Mi" or "1Gi"', min.memory, max.memory);
  fits('memoryLimit', parseMemory, '"128Mi" or "1Gi"', min.memory, max.memory);
  const [c, cl, m, ml] = [parseCpu(r.cpu), parseCpu(r.cpuLimit), parseMemory(r.memory), parseMemory(r.memoryLimit)];
  if (c !== undefined && cl !== undefined) check.check(cl >= c, `${at}resources.cpuLimit`, r.cpuLimit, `a limit at least the request (${r.cpu})`);
  if (m !== undefined && ml !== undefined) check.check(ml >= m, `${at}resources.memoryLimit`, r.memoryLimit, `a limit at least the request (${r.memory})`);
  return r;
}

/**
 * The CPU and memory of the app's container (its workers' and jobs' by default).
 * @internal
 */
export const resourcesFacet: Facet = (props, { check }) => {
  const r = resolveResources(check, '', props.resources);
  return { properties: { cpu: r.cpu, memory: r.memory, limit: { cpu: r.cpuLimit, memory: r.memoryLimit } } };
};
