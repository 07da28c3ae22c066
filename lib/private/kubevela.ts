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

export type TraitSpec =
  | { readonly type: 'gateway'; readonly properties: GatewayProperties }
  | { readonly type: 'scaler'; readonly properties: ScalerProperties }
  | { readonly type: 'securitycontext'; readonly properties: SecurityContextProperties }
  | { readonly type: 'podsecuritycontext'; readonly properties: PodSecurityContextProperties };
