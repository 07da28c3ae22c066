import { Construct } from 'constructs';
import { Composition, CompositionSpecMode } from '../../imports/crossplane-composition-apiextensions.crossplane.io';
import { CompositeResourceDefinitionV2, CompositeResourceDefinitionV2SpecScope } from '../../imports/crossplane-xrd-apiextensions.crossplane.io';
import { placeIn } from '../private/placement';
import type { CompositionMetadataKey } from './cluster-metadata-config';

/** A JSON Schema node, as an XRD's openAPIV3Schema takes it. */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** A patch of function-patch-and-transform. */
export interface Patch {
  readonly type: 'FromCompositeFieldPath' | 'FromEnvironmentFieldPath' | 'CombineFromComposite' | 'ToCompositeFieldPath';
  readonly fromFieldPath?: string;
  readonly toFieldPath: string;
  readonly transforms?: readonly Readonly<Record<string, unknown>>[];
  readonly combine?: Readonly<Record<string, unknown>>;
  readonly policy?: { readonly fromFieldPath?: 'Optional' | 'Required' };
}

/** One managed resource the abstraction composes. */
export interface ComposedResource {
  /** Its name in the composition. */
  readonly name: string;
  /** The base object (apiVersion, kind, spec...). */
  readonly base: Readonly<Record<string, unknown>>;
  /** How the composite's fields and the environment fill it in. */
  readonly patches: readonly Patch[];
}

/** Props of {@link CompositeAbstraction}. */
export interface CompositeAbstractionProps {
  /** The platform's API group, e.g. `db.example.com`. */
  readonly group: string;
  /** The kind teams create, e.g. `PostgreSQLInstance`. */
  readonly kind: string;
  /** Its plural, e.g. `postgresqlinstances`. */
  readonly plural: string;
  /** The version, e.g. `v1alpha1`. */
  readonly version: string;
  /** What it is, for people. */
  readonly description: string;
  /** The schema of the composite's `spec` (what teams may set, with defaults, enums and ranges). */
  readonly spec: SchemaNode;
  /** The managed resources it composes. */
  readonly resources: readonly ComposedResource[];
  /** The EnvironmentConfig the composition reads runtime values from (see ClusterMetadataConfig). */
  readonly environmentConfig: string;
}

/** A patch that reads a value the cloud stack handed over (typed: only keys the EnvironmentConfig holds). */
export function fromClusterMetadata(key: CompositionMetadataKey, toFieldPath: string): Patch {
  return { type: 'FromEnvironmentFieldPath', fromFieldPath: key, toFieldPath };
}

/** The functions the compositions use, by name. */
export const COMPOSITION_FUNCTIONS = {
  environmentConfigs: 'function-environment-configs',
  patchAndTransform: 'function-patch-and-transform',
} as const;

/**
 * A platform abstraction written once in TypeScript: it generates a namespaced
 * Crossplane v2 XRD (the schema teams see, with defaults, enums and ranges)
 * and a pipeline Composition (environment config, then patch-and-transform),
 * so that schema, defaults and composition stay consistent.
 */
export class CompositeAbstraction extends Construct {
  /** `group/version`. */
  public readonly apiVersion: string;
  /** The kind. */
  public readonly kind: string;

  constructor(scope: Construct, id: string, props: CompositeAbstractionProps) {
    super(scope, id);
    this.apiVersion = `${props.group}/${props.version}`;
    this.kind = props.kind;
    placeIn(this, `platform/config/crossplane/${props.plural}`);
    const labels = { 'app.kubernetes.io/managed-by': 'paved' };
    new CompositeResourceDefinitionV2(this, 'Definition', {
      metadata: { name: `${props.plural}.${props.group}`, labels, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        group: props.group,
        names: { kind: props.kind, plural: props.plural },
        scope: CompositeResourceDefinitionV2SpecScope.NAMESPACED,
        versions: [
          {
            name: props.version,
            served: true,
            referenceable: true,
            schema: {
              openApiv3Schema: {
                type: 'object',
                description: props.description,
                properties: { spec: props.spec },
                required: ['spec'],
              },
            },
          },
        ],
      },
    });
    new Composition(this, 'Composition', {
      metadata: { name: `${props.plural}.${props.group}`, labels, annotations: { 'argocd.argoproj.io/sync-wave': '2' } },
      spec: {
        compositeTypeRef: { apiVersion: this.apiVersion, kind: props.kind },
        mode: CompositionSpecMode.PIPELINE,
        pipeline: [
          {
            step: 'environment',
            functionRef: { name: COMPOSITION_FUNCTIONS.environmentConfigs },
            input: {
              apiVersion: 'environmentconfigs.fn.crossplane.io/v1beta1',
              kind: 'Input',
              spec: { environmentConfigs: [{ type: 'Reference', ref: { name: props.environmentConfig } }] },
            },
          },
          {
            step: 'compose',
            functionRef: { name: COMPOSITION_FUNCTIONS.patchAndTransform },
            input: {
              apiVersion: 'pt.fn.crossplane.io/v1beta1',
              kind: 'Resources',
              resources: props.resources.map((r) => ({ name: r.name, base: r.base, patches: r.patches })),
            },
          },
        ],
      },
    });
  }
}
