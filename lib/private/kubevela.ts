/**
 * Typed properties of the KubeVela built-in definitions paved writes
 * (read from each definition's `parameter` block in imports/definitions).
 * @internal
 */

export interface WebserviceEnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/** `webservice` component properties. */
export interface WebserviceProperties {
  readonly image: string;
  readonly ports: readonly { readonly port: number; readonly name?: string; readonly protocol: 'TCP'; readonly expose: boolean }[];
  readonly cpu: string;
  readonly memory: string;
  readonly limit?: { readonly cpu?: string; readonly memory?: string };
  readonly env?: readonly WebserviceEnvVar[];
  readonly volumeMounts?: { readonly emptyDir: readonly { readonly name: string; readonly mountPath: string }[] };
  readonly readinessProbe?: ProbeProperties;
  readonly livenessProbe?: ProbeProperties;
}

/** `gateway` trait properties. */
export interface GatewayProperties {
  readonly domain: string;
  readonly http: Record<string, number>;
  readonly class: string;
  readonly classInSpec: boolean;
  readonly pathType?: 'ImplementationSpecific' | 'Prefix' | 'Exact';
  readonly secretName?: string;
  readonly annotations?: Record<string, string>;
}

/** `scaler` trait properties. */
export interface ScalerProperties {
  readonly replicas: number;
}

/** `securitycontext` trait properties. */
export interface SecurityContextProperties {
  readonly allowPrivilegeEscalation: boolean;
  readonly privileged: boolean;
  readonly readOnlyRootFilesystem: boolean;
  readonly runAsNonRoot: boolean;
  readonly dropCapabilities: readonly string[];
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

/** `podsecuritycontext` trait properties. */
export interface PodSecurityContextProperties {
  readonly runAsNonRoot: boolean;
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
}

/** A probe as `webservice`, `worker` and `startup-probe` take it (`#HealthProbe`). */
export interface ProbeProperties {
  readonly httpGet?: { readonly path: string; readonly port: number };
  readonly tcpSocket?: { readonly port: number };
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** `hpa` trait properties. */
export interface HpaProperties {
  readonly min: number;
  readonly max: number;
  readonly cpu: { readonly type: 'Utilization'; readonly value: number };
  readonly mem?: { readonly type: 'Utilization'; readonly value: number };
}

/** `topologyspreadconstraints` trait properties. */
export interface TopologySpreadProperties {
  readonly constraints: readonly {
    readonly maxSkew: number;
    readonly topologyKey: string;
    readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
    readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  }[];
}

export type TraitSpec =
  | { readonly type: 'gateway'; readonly properties: GatewayProperties }
  | { readonly type: 'scaler'; readonly properties: ScalerProperties }
  | { readonly type: 'securitycontext'; readonly properties: SecurityContextProperties }
  | { readonly type: 'podsecuritycontext'; readonly properties: PodSecurityContextProperties }
  | { readonly type: 'startup-probe'; readonly properties: ProbeProperties }
  | { readonly type: 'hpa'; readonly properties: HpaProperties }
  | { readonly type: 'topologyspreadconstraints'; readonly properties: TopologySpreadProperties }
  | { readonly type: 'paved-pdb'; readonly properties: { readonly maxUnavailable: number } }
  | { readonly type: 'paved-graceful-shutdown'; readonly properties: { readonly preStopSleepSeconds: number; readonly terminationGracePeriodSeconds: number } };
