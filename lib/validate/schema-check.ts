import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fieldPath } from './findings';

/** A schema problem at one field. */
export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
}

type Schema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, allowUnionTypes: true });
addFormats(ajv, ['date-time', 'byte', 'int32', 'int64', 'float', 'double']);

/**
 * Prepares a Kubernetes structural schema for strict validation, the way the
 * API server prunes: an object field the schema does not declare is an error
 * unless the schema preserves unknown fields.
 */
export function strictStructural(schema: Schema, root = true): Schema {
  const s: Schema = { ...schema };
  if (s['x-kubernetes-int-or-string'] === true && !s.anyOf) {
    delete s.type;
    s.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.nullable === true && typeof s.type === 'string') {
    s.type = [s.type, 'null'];
  }
  delete s.nullable;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.properties && typeof s.properties === 'object') {
    s.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, Schema>).map(([name, sub]) => [name, strictStructural(sub, false)]),
    );
  }
  if (s.items && typeof s.items === 'object') s.items = strictStructural(s.items as Schema, false);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    s.additionalProperties = strictStructural(s.additionalProperties as Schema, false);
  }
  // value-validation branches (anyOf/oneOf/allOf/not) keep their meaning, without pruning
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[key])) s[key] = (s[key] as Schema[]).map(relaxBranch);
  }
  if (s.not && typeof s.not === 'object') s.not = relaxBranch(s.not as Schema);

  if (s['x-kubernetes-embedded-resource'] === true && !preserve) {
    s.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...((s.properties as Schema | undefined) ?? {}),
    };
  }
  if (root) {
    // metadata is checked against ObjectMeta separately
    s.properties = { ...((s.properties as Schema | undefined) ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
  }
  const isObject = s.type === 'object' || (Array.isArray(s.type) && (s.type as string[]).includes('object'));
  if (isObject && s.additionalProperties === undefined && !preserve) s.additionalProperties = false;
  return s;
}

function relaxBranch(schema: Schema): Schema {
  const s: Schema = { ...schema };
  if (s['x-kubernetes-int-or-string'] === true && !s.anyOf) {
    delete s.type;
    s.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  delete s.nullable;
  if (s.properties && typeof s.properties === 'object') {
    s.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([n, sub]) => [n, relaxBranch(sub)]));
  }
  if (s.items && typeof s.items === 'object') s.items = relaxBranch(s.items as Schema);
  return s;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) a validator. */
export function compile(schema: Schema, prepare: (s: Schema) => Schema = strictStructural): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(prepare(schema));
    compiled.set(schema, fn);
  }
  return fn;
}

/** Validates a value and turns the errors into readable problems. */
export function checkSchema(validate: ValidateFunction, value: unknown, basePath = ''): SchemaProblem[] {
  if (validate(value)) return [];
  return describeErrors(validate.errors ?? [], basePath);
}

/** Turns ajv errors into one readable problem per field, without the noise of failed `anyOf` branches. */
export function describeErrors(errors: readonly ErrorObject[], basePath = ''): SchemaProblem[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath));
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // a failure inside an anyOf/oneOf branch is summed up by the anyOf error itself
    if ([...anyOfPaths].some((p) => e.schemaPath.startsWith(`${p}/`))) continue;
    const base = fieldPath(e.instancePath);
    let field = basePath && base ? `${basePath}.${base}` : basePath || base;
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String((e.params as { additionalProperty: string }).additionalProperty);
        field = field ? `${field}.${name}` : name;
        const allowed = allowedProperties(e.parentSchema);
        message = `unknown field "${name}" (the schema declares ${allowed.length ? allowed.join(', ') : 'no fields here'})`;
        break;
      }
      case 'enum':
        message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'required':
        message = `missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'anyOf':
      case 'oneOf':
        message = `must match ${e.keyword === 'oneOf' ? 'exactly one' : 'one'} of the allowed shapes${describeBranches(e.parentSchema)}`;
        break;
      default:
        message = e.message ?? e.keyword;
    }
    const key = `${field}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ field, message });
    }
  }
  return problems;
}

function allowedProperties(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).sort() : [];
}

function describeBranches(schema: unknown): string {
  const branches = ((schema as Schema | undefined)?.anyOf ?? (schema as Schema | undefined)?.oneOf) as Schema[] | undefined;
  if (!branches) return '';
  const types = branches.map((b) => (typeof b.type === 'string' ? b.type : b.required ? `{${(b.required as string[]).join(', ')}}` : undefined));
  return types.every((t) => t !== undefined) ? ` (${types.join(' | ')})` : '';
}
