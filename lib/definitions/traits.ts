/**
 * The platform's own KubeVela trait definitions, in CUE: what no definition
 * KubeVela installs does. They are synthesized into each environment's tree
 * like any platform object (vela-system), checked by `paved validate` against
 * their `parameter` blocks, and rendered by `paved render` like the upstream
 * ones.
 */

/** A platform-owned KubeVela definition: its name, what it does, and its CUE template. */
export interface PlatformDefinitionSource {
  /** The definition's name (the trait's `type`). */
  readonly name: string;
  /** `TraitDefinition` or `ComponentDefinition`. */
  readonly kind: 'TraitDefinition' | 'ComponentDefinition';
  /** One sentence: what it does. */
  readonly description: string;
  /** The workloads a trait applies to. */
  readonly appliesToWorkloads?: readonly string[];
  /** Whether applying the trait restarts the pods. */
  readonly podDisruptive?: boolean;
  /** The component's workload type (`apps/v1` `Deployment`, `batch/v1` `CronJob`…). */
  readonly workload?: { readonly apiVersion: string; readonly kind: string };
  /** The CUE template. */
  readonly template: string;
}

/** The trait that gives an app a PodDisruptionBudget. */
export const PDB_TRAIT = 'paved-pdb';

/** The trait that lets an app's pods drain before they stop. */
export const GRACEFUL_SHUTDOWN_TRAIT = 'paved-graceful-shutdown';

const pdb: PlatformDefinitionSource = {
  name: PDB_TRAIT,
  kind: 'TraitDefinition',
  description: "A PodDisruptionBudget for the component's pods: a node drain or upgrade takes at most maxUnavailable of them at once.",
  appliesToWorkloads: ['deployments.apps', 'statefulsets.apps'],
  podDisruptive: false,
  template: `outputs: pdb: {
	apiVersion: "policy/v1"
	kind:       "PodDisruptionBudget"
	metadata: name: context.name
	spec: {
		maxUnavailable: parameter.maxUnavailable
		selector: matchLabels: "app.oam.dev/component": context.name
	}
}
parameter: {
	// +usage=How many of the component's pods a voluntary disruption (a node drain) may take at once
	maxUnavailable: *1 | int
}
`,
};

const gracefulShutdown: PlatformDefinitionSource = {
  name: GRACEFUL_SHUTDOWN_TRAIT,
  kind: 'TraitDefinition',
  description: "Lets the component's pods finish in-flight requests: a preStop sleep while the load balancer and Services stop sending to them, then the grace period.",
  appliesToWorkloads: ['deployments.apps'],
  podDisruptive: true,
  template: `patch: {
	spec: {
		template: {
			spec: {
				terminationGracePeriodSeconds: parameter.terminationGracePeriodSeconds
				// +patchKey=name
				containers: [{
					name: context.name
					lifecycle: preStop: sleep: seconds: parameter.preStopSleepSeconds
				}]
			}
		}
	}
}
parameter: {
	// +usage=Seconds a stopping pod keeps serving before it is sent SIGTERM, while endpoints and load balancer targets are removed
	preStopSleepSeconds: *15 | int
	// +usage=Seconds from the start of the stop to SIGKILL (the preStop sleep included)
	terminationGracePeriodSeconds: *45 | int
}
`,
};

/** The platform's own trait definitions. */
export const PLATFORM_TRAITS: readonly PlatformDefinitionSource[] = [pdb, gracefulShutdown];
