import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecDataRemoteRefMetadataPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/eso-externalsecret-external-secrets.io';
import { Application } from '../../imports/kubevela-application-core.oam.dev';

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
 * One component (or trait) of a KubeVela Application: its definition's type and properties.
 * @internal
 */
export interface VelaComponent {
  readonly name: string;
  readonly type: string;
  readonly properties: unknown;
  readonly traits: readonly { readonly type: string; readonly properties: unknown }[];
}

/**
 * An app's KubeVela Application; with `steps`, a workflow that applies those components in that order.
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
    readonly components: readonly VelaComponent[];
    readonly steps?: readonly string[];
  },
): ApiObject {
  return new Application(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels, ...(props.annotations ? { annotations: props.annotations } : {}) },
    spec: {
      components: props.components.map((c) => ({ ...c, traits: [...c.traits] })),
      ...(props.steps !== undefined ? { workflow: { steps: props.steps.map((component) => ({ name: component, type: 'apply-component', properties: { component } })) } } : {}),
    },
  });
}
