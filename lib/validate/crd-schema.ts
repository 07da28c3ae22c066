/**
 * Turns upstream CustomResourceDefinitions into the compact schema catalog:
 * one JSON Schema per served version, with only the keywords validation needs.
 */

/** A CRD's identity and the schema of one of its served versions. */
export interface ServedVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** Whether the CRD marks the version deprecated. */
  readonly deprecated: boolean;
  /** The compacted `openAPIV3Schema`. */
  readonly schema: Record<string, unknown>;
}

/**
 * Keywords kept in the catalog; everything else (descriptions, list types) is
 * dropped. `default` and `x-kubernetes-validations` (CEL rules) are kept for
 * the checks the API server makes after its schema (lib/validate/languages/cel-rules.ts):
 * it applies defaults, then evaluates the rules.
 */
const KEPT_KEYWORDS = new Set([
  'type',
  'format',
  'enum',
  'pattern',
  'required',
  'nullable',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'default',
]);

/** What a CEL rule (`x-kubernetes-validations` item) keeps: what the API server reads of it. */
const RULE_FIELDS = ['rule', 'message', 'messageExpression', 'fieldPath', 'reason', 'optionalOldSelf'] as const;

/** A schema node's CEL rules, with only the fields the API server reads. */
function compactRules(rules: unknown): Record<string, unknown>[] {
  if (!Array.isArray(rules)) return [];
  return rules
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && typeof (r as { rule?: unknown }).rule === 'string')
    .map((r) => Object.fromEntries(RULE_FIELDS.filter((f) => r[f] !== undefined).map((f) => [f, r[f]])));
}

/** Keywords whose value is a schema, a list of schemas or a map of schemas. */
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties']);

/** Returns a copy of a structural schema with only the keywords validation needs. */
export function compactSchema(schema: unknown): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (KEPT_KEYWORDS.has(key)) {
      out[key] = value;
    } else if (key === 'x-kubernetes-validations') {
      const rules = compactRules(value);
      if (rules.length > 0) out[key] = rules;
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = typeof value === 'boolean' ? value : compactSchema(value);
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map(compactSchema);
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, compactSchema(sub)]));
    }
  }
  return out;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string };
    versions?: { name?: string; served?: boolean; deprecated?: boolean; schema?: { openAPIV3Schema?: unknown } }[];
  };
}

/** Extracts every served version of a CRD; fails on anything that is not a CRD. */
export function servedVersions(doc: unknown, origin: string): ServedVersion[] {
  const crd = doc as CrdDocument;
  if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) {
    throw new Error(`${origin}: not a CustomResourceDefinition`);
  }
  const { group, scope, names, versions } = crd.spec;
  if (!group || !names?.kind || !names.plural || !versions || (scope !== 'Namespaced' && scope !== 'Cluster')) {
    throw new Error(`${origin}: CRD lacks group, names, scope or versions`);
  }
  return versions
    .filter((v) => v.served === true)
    .map((v) => {
      if (!v.name || !v.schema?.openAPIV3Schema) throw new Error(`${origin}: version ${v.name ?? '?'} has no openAPIV3Schema`);
      return {
        group,
        version: v.name,
        kind: names.kind as string,
        plural: names.plural as string,
        scope,
        deprecated: v.deprecated === true,
        schema: compactSchema(v.schema.openAPIV3Schema),
      };
    });
}
