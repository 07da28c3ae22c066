import { CRON_JOB_COMPONENT, RELEASE_JOB_COMPONENT } from '../definitions/components';
import { parseCpu, parseMemory } from '../private/names';
import { asObject, components, traits } from '../validate/tenant-rules';
import { type AppFootprint, TEAM_CONTAINER_LIMITS } from './team-quota';

type Obj = Record<string, unknown>;

/** A field of an Application whose value cannot be counted: the field, the value and what is allowed. */
export interface FootprintProblem {
  /** E.g. `spec.components[0].properties.cpu`. */
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** What an Application asks of its namespace's quota at most, and the fields that cannot be counted. */
export interface ApplicationFootprint {
  readonly footprint: Omit<AppFootprint, 'app'>;
  readonly problems: readonly FootprintProblem[];
}

/**
 * The component types whose pods the footprint counts, and how: `webservice`
 * (requests `cpu`/`memory`, limits `limit.cpu`/`limit.memory` or the
 * requests), `worker` (requests and limits `cpu`/`memory`), the platform's
 * jobs (one pod per run, requests and limits `cpu`/`memory`), as their
 * KubeVela definitions render them. Every component type a team may use
 * (lib/definitions/team-allowlist.ts) is here.
 */
const COUNTED: Readonly<Record<string, { readonly limit: boolean; readonly job: boolean }>> = {
  webservice: { limit: true, job: false },
  worker: { limit: false, job: false },
  [CRON_JOB_COMPONENT]: { limit: false, job: true },
  [RELEASE_JOB_COMPONENT]: { limit: false, job: true },
};

/** The component types whose pods a footprint counts. */
export const COUNTED_COMPONENT_TYPES: readonly string[] = Object.keys(COUNTED);

/**
 * What a KubeVela Application asks of its namespace's quota at most, from its
 * components' properties alone (never from an annotation): for each component
 * its pods at their most (a Deployment's: the `scaler` trait's replicas, 1
 * without one, or up to the `hpa` trait's max; a job's: one pod per run) times
 * one container's requests and limits, as KubeVela renders them; a resource
 * a component leaves out gets the team namespace's LimitRange defaults (the
 * API server adds them). The one rule for apps a synth builds (AppConstruct)
 * and for apps a team proposes as files.
 */
export function applicationFootprint(application: Obj): ApplicationFootprint {
  const problems: FootprintProblem[] = [];
  const total = { requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0, pods: 0 };
  components(application).forEach((component, i) => {
    const how = typeof component.type === 'string' ? COUNTED[component.type] : undefined;
    // a type no team may use is refused by the tenant rules (paved-team-definitions)
    if (!how) return;
    const at = `spec.components[${i}]`;
    const properties = asObject(component.properties) ?? {};
    const pods = how.job ? 1 : podsOf(component, at, problems);
    const quantity = (field: string, value: unknown, parse: (v: string) => number | undefined, example: string): number | undefined => {
      if (value === undefined) return undefined;
      const n = typeof value === 'string' ? parse(value) : undefined;
      if (n === undefined) problems.push({ field: `${at}.properties.${field}`, value, allowed: `a quantity such as ${example}, as a string` });
      return n;
    };
    const { defaultRequest, default: defaultLimit } = TEAM_CONTAINER_LIMITS;
    const limit = how.limit ? (asObject(properties.limit) ?? {}) : {};
    const cpu = quantity('cpu', properties.cpu, parseCpu, '"250m" or "0.5"');
    const memory = quantity('memory', properties.memory, parseMemory, '"128Mi" or "1Gi"');
    const cpuLimit = quantity('limit.cpu', limit.cpu, parseCpu, '"250m" or "0.5"');
    const memoryLimit = quantity('limit.memory', limit.memory, parseMemory, '"128Mi" or "1Gi"');
    // KubeVela sets a resource's limit only with its request: without the request, the LimitRange's defaults apply
    total.requestsCpu += pods * (cpu ?? (parseCpu(defaultRequest.cpu) as number));
    total.requestsMemory += pods * (memory ?? (parseMemory(defaultRequest.memory) as number));
    total.limitsCpu += pods * (cpu === undefined ? (parseCpu(defaultLimit.cpu) as number) : (cpuLimit ?? cpu));
    total.limitsMemory += pods * (memory === undefined ? (parseMemory(defaultLimit.memory) as number) : (memoryLimit ?? memory));
    total.pods += pods;
  });
  return { footprint: total, problems };
}

/** The most pods a Deployment component runs: its `scaler` replicas (1 without one), or up to its `hpa` max. */
function podsOf(component: Obj, at: string, problems: FootprintProblem[]): number {
  let pods: number | undefined;
  traits(component).forEach((trait, j) => {
    const properties = asObject(trait.properties) ?? {};
    const count = (field: string, value: unknown, fallback: number): number | undefined => {
      const v = value ?? fallback;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
      problems.push({ field: `${at}.traits[${j}].properties.${field}`, value, allowed: 'a whole number of pods (0 or more)' });
      return undefined;
    };
    // KubeVela's defaults: scaler replicas 1, hpa min 1 and max 10
    if (trait.type === 'scaler') pods = Math.max(pods ?? 0, count('replicas', properties.replicas, 1) ?? 0);
    if (trait.type === 'hpa') {
      const min = count('min', properties.min, 1);
      const max = count('max', properties.max, 10);
      // the API server refuses an autoscaler whose max is below its min
      if (min !== undefined && max !== undefined && max < min) problems.push({ field: `${at}.traits[${j}].properties.max`, value: max, allowed: `at least min (${min})` });
      pods = Math.max(pods ?? 0, min ?? 0, max ?? 0);
    }
  });
  // a Deployment without replicas runs one pod
  return pods ?? 1;
}
