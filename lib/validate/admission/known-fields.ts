/**
 * The fields of ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
 * (admissionregistration.k8s.io/v1, unchanged from 1.30 through 1.35), to
 * refuse unknown ones as the API server's strict field validation does (the
 * schemas of kubernetes-models let any field through).
 *
 * @internal
 */

/** A node: the fields an object may have (each a node, or null for a scalar, list of scalars or map of scalars). */
interface Fields {
  readonly [name: string]: Node;
}
type Node = null | { readonly fields: Fields } | { readonly items: Fields };

const object = (fields: Fields): Node => ({ fields });
const listOf = (fields: Fields): Node => ({ items: fields });

const SELECTOR = object({ matchLabels: null, matchExpressions: listOf({ key: null, operator: null, values: null }) });
const RULE = { resourceNames: null, operations: null, apiGroups: null, apiVersions: null, resources: null, scope: null };
const MATCH_RESOURCES = object({ namespaceSelector: SELECTOR, objectSelector: SELECTOR, resourceRules: listOf(RULE), excludeResourceRules: listOf(RULE), matchPolicy: null });
const TOP = { apiVersion: null, kind: null, metadata: null, status: null };

export const POLICY_FIELDS: Fields = {
  ...TOP,
  spec: object({
    paramKind: object({ apiVersion: null, kind: null }),
    matchConstraints: MATCH_RESOURCES,
    validations: listOf({ expression: null, message: null, reason: null, messageExpression: null }),
    failurePolicy: null,
    auditAnnotations: listOf({ key: null, valueExpression: null }),
    matchConditions: listOf({ name: null, expression: null }),
    variables: listOf({ name: null, expression: null }),
  }),
};

export const BINDING_FIELDS: Fields = {
  ...TOP,
  spec: object({
    policyName: null,
    paramRef: object({ name: null, namespace: null, selector: SELECTOR, parameterNotFoundAction: null }),
    matchResources: MATCH_RESOURCES,
    validationActions: null,
  }),
};

/** The unknown fields of a value, as `{ field, message }` in paved's schema wording. */
export function unknownFields(value: unknown, fields: Fields, at = ''): { field: string; message: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: { field: string; message: string }[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = at ? `${at}.${key}` : key;
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      out.push({ field, message: `unknown field "${key}" (the schema declares ${Object.keys(fields).join(', ')})` });
      continue;
    }
    const node = fields[key];
    if (node && 'fields' in node) out.push(...unknownFields(v, node.fields, field));
    else if (node && Array.isArray(v)) v.forEach((item, i) => out.push(...unknownFields(item, node.items, `${field}[${i}]`)));
  }
  return out;
}
