import type { KnownKind, SchemaCatalog } from './catalog';
import type { ManifestObject } from './findings';
import { checkSchema, compileKind } from './schema-check';

type Obj = Record<string, unknown>;
type Schema = Record<string, unknown>;

const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const isXrd = (o: Obj) => o.kind === 'CompositeResourceDefinition' && String(o.apiVersion).startsWith('apiextensions.crossplane.io/');

/**
 * The composite resource kinds the XRDs of a tree define, with their schemas
 * (plus the fields Crossplane itself adds), so that composites teams create
 * are checked like any custom resource.
 */
export function kindsFromXrds(objects: readonly ManifestObject[]): KnownKind[] {
  const kinds: KnownKind[] = [];
  for (const m of objects) {
    if (!isXrd(m.object)) continue;
    const spec = asObject(m.object.spec) ?? {};
    const group = String(spec.group);
    const kind = String(asObject(spec.names)?.kind);
    const v2 = String(m.object.apiVersion).endsWith('/v2');
    const scope = v2 ? (spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced') : 'Cluster';
    for (const v of asArray(spec.versions).map(asObject)) {
      if (!v || v.served === false) continue;
      const declared = asObject(asObject(v.schema)?.openAPIV3Schema) ?? { type: 'object' };
      const declaredSpec = asObject(asObject(declared.properties)?.spec) ?? { type: 'object' };
      // Crossplane's own fields: v2 keeps them under spec.crossplane; v1 at spec level
      const crossplaneFields: Schema = v2
        ? { crossplane: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }
        : Object.fromEntries(
            [
              'compositionRef',
              'compositionSelector',
              'compositionRevisionRef',
              'compositionRevisionSelector',
              'compositionUpdatePolicy',
              'claimRef',
              'resourceRefs',
              'writeConnectionSecretToRef',
              'publishConnectionDetailsTo',
            ].map((f) => [f, { 'x-kubernetes-preserve-unknown-fields': true }]),
          );
      const schema: Schema = {
        type: 'object',
        properties: {
          ...(asObject(declared.properties) ?? {}),
          spec: { ...declaredSpec, type: 'object', properties: { ...(asObject(declaredSpec.properties) ?? {}), ...crossplaneFields } },
          status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
        ...(declared.required ? { required: declared.required } : {}),
      };
      kinds.push({ group, version: String(v.name), kind, scope, origin: m.file, schema: () => schema });
    }
  }
  return kinds;
}

type Segment = { readonly name: string } | { readonly key: string } | { readonly index: number };

/** Parses a Crossplane field path: `spec.forProvider.tags[paved.dev/team]`, `spec.ids[0]`. */
export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) segments.push({ name: m[1] });
    else if (/^\d+$/.test(m[2])) segments.push({ index: Number(m[2]) });
    else segments.push({ key: m[2].replace(/^"|"$/g, '') });
  }
  return segments;
}

/** Whether a field path exists in an object schema (maps accept any key; metadata is ObjectMeta's). */
export function schemaHasPath(schema: Schema, path: string): boolean {
  const segments = parseFieldPath(path);
  if (segments[0] && 'name' in segments[0] && segments[0].name === 'metadata') {
    const field = segments[1] && 'name' in segments[1] ? segments[1].name : undefined;
    return field === undefined || ['name', 'namespace', 'labels', 'annotations', 'generateName', 'finalizers', 'ownerReferences'].includes(field);
  }
  let node: Schema | undefined = schema;
  for (const seg of segments) {
    if (!node) return false;
    if (node['x-kubernetes-preserve-unknown-fields'] === true && !node.properties) return true;
    if ('index' in seg) {
      node = asObject(node.items) as Schema | undefined;
      continue;
    }
    const name = 'name' in seg ? seg.name : seg.key;
    const props = asObject(node.properties);
    if (props && name in props) node = asObject(props[name]) as Schema | undefined;
    else if (asObject(node.additionalProperties)) node = asObject(node.additionalProperties) as Schema;
    else if (node.additionalProperties === true || node['x-kubernetes-preserve-unknown-fields'] === true) return true;
    else return false;
  }
  return node !== undefined;
}

/** One problem in a Composition. */
export interface CompositionProblem {
  readonly severity: 'error' | 'warning';
  /** `schema` for a base that breaks its kind's schema, `reference` for what the tree lacks, `unchecked` for what could not be checked. */
  readonly rule: 'schema' | 'reference' | 'unchecked';
  readonly field: string;
  readonly message: string;
}

/**
 * Checks a Composition's patch-and-transform resources: every composed base
 * against its managed resource's upstream schema (strictly: a field the CRD
 * does not declare is an error), every patch's target field against that
 * schema, and every patch's source field against the composite's XRD.
 * Composed kinds the catalog lacks are reported, never passed silently.
 */
export function checkComposition(m: ManifestObject, catalog: SchemaCatalog, xrdKinds: readonly KnownKind[]): CompositionProblem[] {
  if (m.object.kind !== 'Composition' || !String(m.object.apiVersion).startsWith('apiextensions.crossplane.io/')) return [];
  const spec = asObject(m.object.spec) ?? {};
  const typeRef = asObject(spec.compositeTypeRef) ?? {};
  const named = typeof typeRef.apiVersion === 'string' && typeof typeRef.kind === 'string';
  const xr = named ? xrdKinds.find((k) => `${k.group}/${k.version}` === typeRef.apiVersion && k.kind === typeRef.kind) : undefined;
  const problems: CompositionProblem[] = [];
  // a missing compositeTypeRef (or its apiVersion or kind) is a schema error the schema check reports
  if (named && !xr) {
    problems.push({
      severity: 'error',
      rule: 'reference',
      field: 'spec.compositeTypeRef',
      message: `no XRD in the tree defines ${String(typeRef.kind)} (${String(typeRef.apiVersion)}), the composite type this Composition composes`,
    });
  }
  asArray(spec.pipeline).forEach((s, i) => {
    const input = asObject(asObject(s)?.input);
    if (!input || input.kind !== 'Resources' || !String(input.apiVersion).startsWith('pt.fn.crossplane.io/')) return;
    asArray(input.resources).forEach((r, j) => {
      const resource = asObject(r) ?? {};
      const at = `spec.pipeline[${i}].input.resources[${j}]`;
      const base = asObject(resource.base) ?? {};
      const known = catalog.kind(String(base.apiVersion), String(base.kind));
      if (!known) {
        problems.push({
          severity: 'warning',
          rule: 'unchecked',
          field: `${at}.base`,
          message: `composed kind ${String(base.apiVersion)} ${String(base.kind)} has no schema in the catalog: its base and patches are not checked`,
        });
        return;
      }
      for (const p of checkSchema(compileKind(known, 'partial'), base, `${at}.base`)) problems.push({ severity: 'error', rule: 'schema', field: p.field, message: p.message });
      const schema = known.schema();
      asArray(resource.patches).forEach((pt, k) => {
        const patch = asObject(pt) ?? {};
        const to = typeof patch.toFieldPath === 'string' ? patch.toFieldPath : undefined;
        const from = typeof patch.fromFieldPath === 'string' ? patch.fromFieldPath : undefined;
        const pat = `${at}.patches[${k}]`;
        if (patch.type === 'ToCompositeFieldPath') return;
        if (to && !schemaHasPath(schema, to))
          problems.push({ severity: 'error', rule: 'schema', field: `${pat}.toFieldPath`, message: `"${to}" is not a field of ${String(base.kind)} (${known.group}/${known.version})` });
        if (patch.type === 'FromCompositeFieldPath' && from && xr && !schemaHasPath(xr.schema(), from)) {
          problems.push({ severity: 'error', rule: 'schema', field: `${pat}.fromFieldPath`, message: `"${from}" is not a field of ${xr.kind} (its XRD)` });
        }
      });
    });
  });
  return problems;
}
