import { PDB_TRAIT } from '../../definitions/traits';
import type { Environment } from '../../org/environment';
import type { TraitSpec } from '../../private/kubevela';
import type { PropChecker } from '../../private/problems';
import type { AppAutoscaling } from '../app-props';
import type { Facet } from './facet';

/** What the scaling facet needs to know of the app. */
interface ScalingInput {
  readonly replicas?: number;
  readonly autoscaling?: AppAutoscaling;
  readonly singleInstanceReason?: string;
  /** Whether the app's props set `resources.cpu` and `resources.memory` themselves. */
  readonly explicitCpu: boolean;
  readonly explicitMemory: boolean;
  /** Whether the app has a public route. */
  readonly hasRoute: boolean;
}

/** The traits the scaling facet adds, and the fewest pods the app runs. */
interface ScalingParts {
  readonly traits: readonly TraitSpec[];
  readonly minPods: number;
}

/** The label KubeVela gives a component's pods. */
const COMPONENT_LABEL = 'app.oam.dev/component';

/**
 * How many pods run the app: a fixed count or an autoscaler, spread and kept available in production (the catalog
 * shows why one pod is enough, where the app says so).
 * @internal
 */
export const scalingFacet: Facet = (props, { app, check, environment }) => {
  const { replicas, autoscaling, singleInstanceReason } = props;
  const hasRoute = props.domain !== undefined;
  const input = { replicas, autoscaling, singleInstanceReason, explicitCpu: props.resources?.cpu !== undefined, explicitMemory: props.resources?.memory !== undefined, hasRoute };
  const { traits, minPods } = scalingParts(check, input, environment, app);
  return { traits, catalog: environment.production && minPods < 2 && singleInstanceReason ? { singleInstanceReason } : {} };
};

/**
 * Checks an app's replicas, autoscaling and availability in one environment and
 * returns its traits: a fixed `scaler`, or KubeVela's `hpa` (no fixed replica
 * count then, so KubeVela does not fight the autoscaler); pods spread over
 * zones and nodes whenever there are two or more; and in production at least
 * two pods and a PodDisruptionBudget (the platform's `paved-pdb`), unless the
 * app says why one is enough.
 */
function scalingParts(check: PropChecker, input: ScalingInput, env: Environment, component: string): ScalingParts {
  const traits: TraitSpec[] = [];
  const a = input.autoscaling;
  let minPods: number;
  if (a) {
    check.check(input.replicas === undefined, 'replicas', input.replicas, 'no fixed replica count when `autoscaling` is set (the autoscaler decides between minReplicas and maxReplicas)');
    check.check(Number.isInteger(a.minReplicas) && a.minReplicas >= 1 && a.minReplicas <= 100, 'autoscaling.minReplicas', a.minReplicas, 'an integer from 1 to 100');
    check.check(
      Number.isInteger(a.maxReplicas) && a.maxReplicas >= a.minReplicas && a.maxReplicas <= 100,
      'autoscaling.maxReplicas',
      a.maxReplicas,
      `an integer from minReplicas (${a.minReplicas}) to 100`,
    );
    const cpu = a.cpuPercent ?? 70;
    check.check(Number.isInteger(cpu) && cpu >= 10 && cpu <= 100, 'autoscaling.cpuPercent', a.cpuPercent, 'an integer from 10 to 100 (percent of the CPU request)');
    check.check(
      input.explicitCpu,
      'autoscaling.cpuPercent',
      cpu,
      'a target only with `resources.cpu` set: the autoscaler scales on use relative to the request, so the request must be chosen, not defaulted',
    );
    if (a.memoryPercent !== undefined) {
      check.check(
        Number.isInteger(a.memoryPercent) && a.memoryPercent >= 10 && a.memoryPercent <= 100,
        'autoscaling.memoryPercent',
        a.memoryPercent,
        'an integer from 10 to 100 (percent of the memory request)',
      );
      check.check(input.explicitMemory, 'autoscaling.memoryPercent', a.memoryPercent, 'a target only with `resources.memory` set: the autoscaler scales on use relative to the request');
    }
    traits.push({
      type: 'hpa',
      properties: {
        min: a.minReplicas,
        max: a.maxReplicas,
        cpu: { type: 'Utilization', value: cpu },
        ...(a.memoryPercent !== undefined ? { mem: { type: 'Utilization', value: a.memoryPercent } } : {}),
      },
    });
    minPods = a.minReplicas;
  } else {
    const replicas = input.replicas ?? (env.production ? 2 : 1);
    check.check(Number.isInteger(replicas) && replicas >= 0 && replicas <= 100, 'replicas', input.replicas, 'an integer from 0 to 100');
    traits.push({ type: 'scaler', properties: { replicas } });
    minPods = replicas;
  }
  if (input.hasRoute) {
    check.check(minPods >= 1, a ? 'autoscaling.minReplicas' : 'replicas', a ? a.minReplicas : input.replicas, 'at least 1 for an app with a public route (with none, its host answers 503)');
  }
  const reason = input.singleInstanceReason;
  if (reason !== undefined) check.check(reason.trim().length >= 10, 'singleInstanceReason', reason, 'a sentence that says why one pod is enough (it is shown in the catalog)');
  if (env.production && minPods < 2 && reason === undefined) {
    check.fail(
      a ? 'autoscaling.minReplicas' : 'replicas',
      a ? a.minReplicas : (input.replicas ?? 2),
      `at least 2 in production (environment ${env.name}), so that a node drain or a rollout never takes the app down; or set singleInstanceReason to say why one is enough`,
    );
  }
  if (minPods >= 2) {
    const spread = (topologyKey: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: { matchLabels: { [COMPONENT_LABEL]: component } } });
    traits.push({ type: 'topologyspreadconstraints', properties: { constraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')] } });
    if (env.production) traits.push({ type: PDB_TRAIT, properties: { maxUnavailable: 1 } });
  }
  return { traits, minPods };
}
