import { CRON_JOB_COMPONENT, RELEASE_JOB_COMPONENT } from './components';
import { GRACEFUL_SHUTDOWN_TRAIT, PDB_TRAIT, PREVIEW_GATEWAY_TRAIT } from './traits';

/**
 * The KubeVela definitions a team's Application may use: the platform owns
 * this list. Everything else KubeVela installs (`k8s-objects`, `ref-objects`,
 * `service-account`, `expose`, `storage`, `json-patch`, workflow steps that
 * apply arbitrary objects, policies that deploy elsewhere…) is refused at
 * synth, by `paved validate`, by the cluster's admission policy, and by
 * KubeVela itself (its definition permission check: the team's deployer may
 * `get` only these definitions).
 */

/** A Kubernetes resource a definition's output creates (what the team's deployer must be allowed to write). */
export interface DefinitionOutput {
  /** The API group, `''` for the core group. */
  readonly group: string;
  /** The resource (plural, lower case), as RBAC names it. */
  readonly resource: string;
  /** The kind. */
  readonly kind: string;
}

/** One definition teams may use, and what it creates. */
export interface AllowedDefinition {
  /** The definition's name (the component's, trait's or step's `type`). */
  readonly name: string;
  /** Its kind, as KubeVela's definition permission check names the resource. */
  readonly kind: 'ComponentDefinition' | 'TraitDefinition' | 'WorkflowStepDefinition';
  /** The objects its template outputs (none for a trait that only patches the workload). */
  readonly creates: readonly DefinitionOutput[];
}

const DEPLOYMENT: DefinitionOutput = { group: 'apps', resource: 'deployments', kind: 'Deployment' };
const SERVICE: DefinitionOutput = { group: '', resource: 'services', kind: 'Service' };

/** The definitions a team's Application may use, by kind. */
export const TEAM_DEFINITIONS: readonly AllowedDefinition[] = Object.freeze([
  { name: 'webservice', kind: 'ComponentDefinition', creates: [DEPLOYMENT, SERVICE] },
  { name: 'worker', kind: 'ComponentDefinition', creates: [DEPLOYMENT] },
  { name: CRON_JOB_COMPONENT, kind: 'ComponentDefinition', creates: [{ group: 'batch', resource: 'cronjobs', kind: 'CronJob' }] },
  { name: RELEASE_JOB_COMPONENT, kind: 'ComponentDefinition', creates: [{ group: 'batch', resource: 'jobs', kind: 'Job' }] },
  { name: 'scaler', kind: 'TraitDefinition', creates: [] },
  { name: 'hpa', kind: 'TraitDefinition', creates: [{ group: 'autoscaling', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' }] },
  { name: 'gateway', kind: 'TraitDefinition', creates: [{ group: 'networking.k8s.io', resource: 'ingresses', kind: 'Ingress' }, SERVICE] },
  { name: 'topologyspreadconstraints', kind: 'TraitDefinition', creates: [] },
  { name: 'securitycontext', kind: 'TraitDefinition', creates: [] },
  { name: 'podsecuritycontext', kind: 'TraitDefinition', creates: [] },
  { name: 'startup-probe', kind: 'TraitDefinition', creates: [] },
  { name: PDB_TRAIT, kind: 'TraitDefinition', creates: [{ group: 'policy', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget' }] },
  { name: GRACEFUL_SHUTDOWN_TRAIT, kind: 'TraitDefinition', creates: [] },
  { name: PREVIEW_GATEWAY_TRAIT, kind: 'TraitDefinition', creates: [{ group: 'networking.k8s.io', resource: 'ingresses', kind: 'Ingress' }, SERVICE] },
  { name: 'apply-component', kind: 'WorkflowStepDefinition', creates: [] },
]);

/** The names teams may use for one kind of definition. */
export function teamDefinitionNames(kind: AllowedDefinition['kind']): readonly string[] {
  return TEAM_DEFINITIONS.filter((d) => d.kind === kind).map((d) => d.name);
}

/** Every resource the allowed definitions create, once each (for the team deployer's role). */
export function teamDefinitionOutputs(): readonly DefinitionOutput[] {
  const seen = new Map<string, DefinitionOutput>();
  for (const d of TEAM_DEFINITIONS) for (const o of d.creates) seen.set(`${o.group}/${o.resource}`, o);
  return [...seen.values()];
}
