import { type ApiObject, Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecDataRemoteRefMetadataPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/eso-externalsecret-external-secrets.io';
import { Application, type ApplicationProps } from '../../imports/kubevela-application-core.oam.dev';

/*
 * The generated objects an app is made of, created here so that the team-facing code (lib/app) never
 * imports the generated bindings: docs/architecture.md.
 */

/**
 * One key of an app's ExternalSecret.
 * @internal
 */
export interface AppSecretKey {
  /** The key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** The secret's name in the store. */
  readonly key: string;
  /** One property of a JSON secret. */
  readonly property?: string;
  /** Reads the secret's metadata (tags) rather than its value. */
  readonly fetchMetadata: boolean;
}

/**
 * The ExternalSecret that copies an app's secrets from its team's SecretStore into one Secret the app owns.
 * @internal
 */
export function appExternalSecret(
  scope: Construct,
  id: string,
  props: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly refreshInterval: string;
    readonly storeName: string;
    readonly keys: readonly AppSecretKey[];
  },
): ApiObject {
  return new ExternalSecret(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: {
      refreshInterval: props.refreshInterval,
      secretStoreRef: { name: props.storeName, kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
      target: { name: props.name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
      data: props.keys.map((s) => ({
        secretKey: s.secretKey,
        remoteRef: {
          key: s.key,
          ...(s.property !== undefined ? { property: s.property } : {}),
          ...(s.fetchMetadata ? { metadataPolicy: ExternalSecretSpecDataRemoteRefMetadataPolicy.FETCH } : {}),
        },
      })),
    },
  });
}

/**
 * One trait of a KubeVela Application's component: its definition's type and properties.
 * @internal
 */
export interface VelaTrait {
  readonly type: string;
  readonly properties: unknown;
}

/**
 * One component of a KubeVela Application: its definition's type and properties, and its traits.
 * @internal
 */
export interface VelaComponent {
  readonly name: string;
  readonly type: string;
  readonly properties: unknown;
  readonly traits: readonly VelaTrait[];
}

/**
 * What an app's KubeVela Application holds; with `steps`, a workflow that applies those components in that order.
 * @internal
 */
export interface VelaApplicationSpec {
  readonly components: readonly VelaComponent[];
  readonly steps?: readonly string[];
  /**
   * Environment variables given to every component after it was made (the URLs of the apps it calls): they
   * follow the component's own (in a list after its other properties, when it has none).
   */
  readonly addedEnv: readonly { readonly name: string; readonly value: string }[];
}

/** An Application rendered from its app's state each time it is rendered (so facts found late are plain state). */
class VelaApplication extends Application {
  constructor(
    scope: Construct,
    id: string,
    metadata: ApplicationProps['metadata'],
    private readonly spec: () => VelaApplicationSpec,
  ) {
    super(scope, id, {
      metadata,
      spec: Lazy.any({
        produce: () => {
          const { components, steps } = spec();
          return {
            components: components.map((c) => ({ name: c.name, type: c.type, properties: c.properties, traits: [...c.traits] })),
            ...(steps !== undefined ? { workflow: { steps: steps.map((component) => ({ name: component, type: 'apply-component', properties: { component } })) } } : {}),
          };
        },
      }),
    });
  }

  public override toJson(): Record<string, unknown> {
    const json = super.toJson() as { spec?: { components?: { properties?: { env?: unknown[] } }[] } };
    const added = this.spec().addedEnv;
    if (added.length === 0) return json;
    // after the rendering's sorted keys: an env list the component did not have comes last in its properties
    for (const { properties } of json.spec?.components ?? []) {
      if (properties) properties.env = [...(properties.env ?? []), ...added.map((e) => ({ name: e.name, value: e.value }))];
    }
    return json;
  }
}

/**
 * An app's KubeVela Application, rendered lazily from `spec`.
 * @internal
 */
export function velaApplication(
  scope: Construct,
  id: string,
  props: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly spec: () => VelaApplicationSpec;
  },
): ApiObject {
  return new VelaApplication(scope, id, { name: props.name, namespace: props.namespace, labels: props.labels, ...(props.annotations ? { annotations: props.annotations } : {}) }, props.spec);
}
