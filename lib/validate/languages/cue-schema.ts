/**
 * The JSON Schema that lib/validate/languages/cue-parameters.ts makes of CUE values, and
 * how CUE's disjunctions, conjunctions and literals become JSON Schema.
 */

/** A JSON Schema node (draft-07 subset). */
export interface JsonSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';
  const?: string | number | boolean | null;
  enum?: (string | number | boolean | null)[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

/**
 * What the parser knows of the schemas it makes beyond their JSON Schema
 * (kept by identity, never written out): the concrete value a CUE expression
 * has when it is one (a literal, a list of literals), the disjunctions that
 * mark a default (`*x | ...`), and the lists with fixed elements a value must
 * give (`[string, int]`).
 */
export const CONCRETE = new WeakMap<JsonSchema, unknown>();
/** The disjunctions that mark a default (`*x | ...`). */
export const DEFAULTED = new WeakSet<JsonSchema>();
/** The lists with fixed elements a value must give (`[string, int]`). */
export const FIXED_ITEMS = new WeakSet<JsonSchema>();

/**
 * Whether CUE gives a field of this value a concrete value when a user gives
 * none, so that the field is optional to the user although it is not marked
 * `?`: a value with a default (`*[] | [...string]`), a literal, an open list
 * (`[...T]`, which is `[]` when empty), or a struct none of whose fields is
 * required (`[string]: string`, which is `{}` when empty).
 */
export function filledWithoutInput(schema: JsonSchema): boolean {
  if (DEFAULTED.has(schema) || schema.default !== undefined || schema.const !== undefined) return true;
  if (schema.anyOf) return false;
  if (schema.type === 'array') return !FIXED_ITEMS.has(schema);
  if (schema.type === 'object') return (schema.required ?? []).length === 0;
  return false;
}

/** A literal's schema, which knows its concrete value. */
export function literal(value: string | number | boolean): JsonSchema {
  const schema: JsonSchema = { const: value };
  CONCRETE.set(schema, value);
  return schema;
}

function isLiteral(s: JsonSchema): boolean {
  return s.const !== undefined && Object.keys(s).every((k) => k === 'const' || k === 'default');
}

/** The schema of a CUE disjunction (`a | b`): an enum of literals, or `anyOf` its options. */
export function disjunction(options: JsonSchema[]): JsonSchema {
  if (options.length === 1) return { ...options[0] };
  if (options.some((o) => Object.keys(o).filter((k) => k !== 'default').length === 0)) return {};
  if (options.every(isLiteral)) {
    return { enum: [...new Set(options.map((o) => o.const as string | number | boolean))] };
  }
  // a literal next to its own type adds nothing (`*"nginx" | string`)
  const types = new Set(options.filter((o) => !isLiteral(o) && o.type && Object.keys(o).length === 1).map((o) => o.type));
  const subsumed = (o: JsonSchema) => {
    const t = literalType(o.const);
    return types.has(t) || (t === 'integer' && types.has('number'));
  };
  const kept = options.filter((o) => !(isLiteral(o) && subsumed(o)));
  if (kept.length === 1) return { ...kept[0] };
  const anyOf: JsonSchema[] = [];
  for (const option of kept) {
    const { default: _ignored, ...rest } = option;
    if (!anyOf.some((a) => JSON.stringify(a) === JSON.stringify(rest))) anyOf.push(rest);
  }
  return anyOf.length === 1 ? anyOf[0] : { anyOf };
}

function literalType(value: unknown): JsonSchema['type'] {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'null';
  }
}

/** The schema of a CUE conjunction (`a & b`). */
export function conjoin(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (Object.keys(a).length === 0) return b;
  if (Object.keys(b).length === 0) return a;
  if (a.type === 'object' && b.type === 'object') {
    const properties = { ...(a.properties ?? {}), ...(b.properties ?? {}) };
    const required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
    const openA = a.additionalProperties !== false;
    const openB = b.additionalProperties !== false;
    return {
      type: 'object',
      ...(Object.keys(properties).length ? { properties } : {}),
      ...(required.length ? { required } : {}),
      additionalProperties: openA && openB ? true : false,
    };
  }
  // `int & >=0`, `string & =~"..."`: keep both constraints
  const merged: JsonSchema = { ...a, ...b };
  if (a.type && b.type && a.type !== b.type) {
    merged.type = a.type === 'integer' || b.type === 'integer' ? 'integer' : a.type;
  }
  return merged;
}

/** CUE uses RE2; keep a pattern only if JavaScript reads it the same way. */
export function jsPattern(re: string): JsonSchema {
  if (/\(\?[a-zA-Z]|\\[pPQEz]|\[\[:/.test(re)) return { type: 'string' };
  try {
    new RegExp(re, 'u');
    return { type: 'string', pattern: re };
  } catch {
    return { type: 'string' };
  }
}
