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

/** The trait that routes a preview's copy of an app: the gateway's Ingress, its host the pull request's own (see `previewHost`). */
export const PREVIEW_GATEWAY_TRAIT = 'paved-preview-gateway';

const previewGateway: PlatformDefinitionSource = {
  name: PREVIEW_GATEWAY_TRAIT,
  kind: 'TraitDefinition',
  description:
    "Routes a preview of a pull request like the gateway trait, on a host of its own: the host label, then the preview's namespace, one label below the team's zone (e.g. checkout-payments-pr-12.payments.staging.example.com).",
  appliesToWorkloads: ['deployments.apps'],
  podDisruptive: false,
  template: `import "strconv"

let routeHost = parameter.label + "-" + context.namespace + "." + parameter.zone

outputs: service: {
	apiVersion: "v1"
	kind:       "Service"
	metadata: name: context.name
	spec: {
		selector: "app.oam.dev/component": context.name
		ports: [
			for k, v in parameter.http {
				name:       "port-" + strconv.FormatInt(v, 10)
				port:       v
				targetPort: v
			},
		]
	}
}

outputs: ingress: {
	apiVersion: "networking.k8s.io/v1"
	kind:       "Ingress"
	metadata: {
		name: context.name
		if parameter.annotations != _|_ {
			annotations: {
				for key, value in parameter.annotations {
					"\\(key)": "\\(value)"
				}
			}
		}
	}
	spec: {
		ingressClassName: parameter.class
		if parameter.secretName != _|_ {
			tls: [{
				hosts: [routeHost]
				secretName: parameter.secretName
			}]
		}
		rules: [{
			host: routeHost
			http: paths: [
				for k, v in parameter.http {
					path:     k
					pathType: parameter.pathType
					backend: service: {
						name: context.name
						port: number: v
					}
				},
			]
		}]
	}
}

parameter: {
	// +usage=The first part of the host's first label (the app's own host label)
	label: string
	// +usage=The team's zone in the environment: the host is one label below it
	zone: string
	// +usage=The mapping of http paths to the workload's ports
	http: [string]: int
	// +usage=The ingress class (in the Ingress's spec)
	class: string
	// +usage=The secret name of the TLS certificate
	secretName?: string
	// +usage=The pathType of the ingress rules
	pathType: *"ImplementationSpecific" | "Prefix" | "Exact"
	// +usage=The annotations of the Ingress
	annotations?: [string]: string
}
`,
};

/** The platform's own trait definitions. */
export const PLATFORM_TRAITS: readonly PlatformDefinitionSource[] = [pdb, gracefulShutdown, previewGateway];
