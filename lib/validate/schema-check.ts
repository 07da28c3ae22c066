import { createHash } from 'crypto';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readCached, writeCached } from '../private/cache';
import { fieldPath } from './findings';
import { jsPattern } from './languages/go-regexp';
import { precompiledValidator } from './precompiled';

/** A schema problem at one field. */
export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
}

type Schema = Record<string, unknown>;

/**
 * An ajv instance with the options every validator is compiled with. With
 * `source`, it keeps the code it generates, for ajv's standalone module
 * (`npm run import` precompiles the catalog's validators with it).
 */
export function newAjv(source = false): Ajv {
  // loaded when a schema is compiled: precompiled and kept validators need only ajv's runtime
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: AjvClass } = require('ajv') as typeof import('ajv');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const instance = new AjvClass({ ...AJV_OPTIONS, ...(source ? { code: { source: true } } : {}) });
  addFormats(instance, [...AJV_FORMATS]);
  for (const format of IGNORED_FORMATS) instance.addFormat(format, true);
  return instance;
}

/** The ajv options every validator is compiled with. */
export const AJV_OPTIONS = { allErrors: true, strict: false, validateFormats: true, allowUnionTypes: true, verbose: true, inlineRefs: false } as const;

/** The formats every validator checks (from ajv-formats), those the API server checks too. */
export const AJV_FORMATS = ['date-time', 'byte', 'int32', 'int64', 'float', 'double', 'ipv4', 'ipv6'] as const;

/** Formats upstream schemas name that the API server does not know, and so ignores. */
const IGNORED_FORMATS = ['https'] as const;

/**
 * Prepares a Kubernetes structural schema for strict validation, the way the
 * API server prunes: an object field the schema does not declare is an error
 * unless the schema preserves unknown fields.
 */
export function strictStructural(schema: Schema, root = true): Schema {
  const s = withoutAdmissionKeywords(schema);
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
    s.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([name, sub]) => [name, strictStructural(sub, false)]));
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

/**
 * A copy of a schema node without the keywords the API server applies after
 * its schema check, and that ajv does not (defaults, CEL rules: see
 * lib/validate/languages/cel-rules.ts): the validators compiled stay those of the
 * schema alone.
 */
function withoutAdmissionKeywords(schema: Schema): Schema {
  const { default: _default, 'x-kubernetes-validations': _rules, ...s } = schema;
  return s;
}

function relaxBranch(schema: Schema): Schema {
  const s = withoutAdmissionKeywords(schema);
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

/** A strict schema that does not require anything: composition bases are partial, patches fill them in. */
export function partialStructural(schema: Schema): Schema {
  const s = strictStructural(schema);
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node as Schema)) {
      if (k === 'required' || k === 'minItems' || k === 'minProperties') continue;
      out[k] = k === 'enum' || k === 'type' || k === 'pattern' ? v : strip(v);
    }
    return out;
  };
  return strip(s) as Schema;
}

/**
 * How a schema is prepared before it is compiled:
 * - `strict`: a CRD's structural schema, strictly ({@link strictStructural});
 * - `partial`: the same without required fields, for Crossplane composition bases ({@link partialStructural});
 * - `asIs`: an already strict JSON Schema (KubeVela definitions' parameters).
 */
export type Preparation = 'strict' | 'partial' | 'asIs';

const PREPARATIONS: Readonly<Record<Preparation, (s: Schema) => Schema>> = {
  strict: (s) => strictStructural(s),
  partial: partialStructural,
  asIs: (s) => s,
};

/** The schema that is compiled for a schema and a preparation: prepared, deduplicated, then outlined. */
export function preparedSchema(schema: Schema, preparation: Preparation): Schema {
  return outlineSchema(dedupeSchema(withJsPatterns(PREPARATIONS[preparation](schema))));
}

/**
 * Every `pattern` keyword in the form JavaScript reads (see {@link jsPattern});
 * one it cannot read is left out, so that field's pattern goes unchecked.
 */
function withJsPatterns(schema: Schema): Schema {
  const walk = (node: unknown, inMap: boolean): unknown => {
    if (!node || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) {
      if (inMap) out[k] = walk(v, false);
      else if (k === 'pattern' && typeof v === 'string') {
        const p = jsPattern(v);
        if (p !== undefined) out[k] = p;
      } else if (k === 'enum' || k === 'default' || k === 'example') out[k] = v;
      else out[k] = walk(v, SCHEMA_MAPS.has(k));
    }
    return out;
  };
  return walk(schema, false) as Schema;
}

/** Keywords whose failure reports alternatives (see `explainAlternatives`). */
const ALTERNATIVES = new Set(['anyOf', 'oneOf']);

/** Whether a value holds an `anyOf` or `oneOf` key anywhere (as a keyword or as a field's name). */
function holdsAlternatives(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(holdsAlternatives);
  return Object.entries(node).some(([k, v]) => ALTERNATIVES.has(k) || holdsAlternatives(v));
}

const isSchemaObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Moves every object schema of at least `minLength` characters of JSON (a
 * field's, an item's, additional properties') into `$defs`, so that ajv
 * compiles it into a function of its own: V8 then compiles only the
 * functions of the fields an object has (a SecretStore uses one provider of
 * forty), and equal schemas share one.
 *
 * The validator reports the same problems: an outlined schema holds no
 * `anyOf`/`oneOf` (as a keyword or a field name) and never lies inside one,
 * so its errors, whose `schemaPath` becomes relative to its definition, are
 * never part of an alternative's branches, as before; their instance paths,
 * keywords, parameters, messages and parent schemas are unchanged, and ajv
 * reports them in the same order.
 */
export function outlineSchema(schema: Schema, minLength = 100): Schema {
  const defs: Record<string, unknown> = {};
  const ids = new Map<string, string>();
  const rewrite = (node: Schema, root: boolean): Schema => {
    if (!root && !('$ref' in node)) {
      const key = JSON.stringify(node);
      if (key.length >= minLength && !holdsAlternatives(node)) {
        let id = ids.get(key);
        if (!id) {
          id = `o${ids.size}`;
          ids.set(key, id);
          defs[id] = rewrite(node, true);
        }
        return { $ref: `#/$defs/${id}` };
      }
    }
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$defs') continue;
      if (ALTERNATIVES.has(k) || !isSchemaObject(v))
        out[k] = v; // nothing inside an alternative moves
      else if (k === 'properties' || k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, isSchemaObject(sub) ? rewrite(sub, false) : sub]));
      else if (k === 'items' || k === 'additionalProperties') out[k] = rewrite(v, false);
      else out[k] = v;
    }
    return out;
  };
  const out = rewrite(schema, true);
  const existing = isSchemaObject(schema.$defs) ? schema.$defs : {};
  const all: Record<string, unknown> = {};
  for (const [id, def] of Object.entries(existing)) all[id] = isSchemaObject(def) ? rewrite(def, true) : def;
  Object.assign(all, defs);
  return Object.keys(all).length > 0 ? { ...out, $defs: all } : out;
}

/**
 * What identifies a validator: the preparation and the schema's content
 * (SHA-256 of its JSON). Validators precompiled by `npm run import` are
 * looked up by it.
 */
export function validatorKey(schema: Schema, preparation: Preparation): string {
  return createHash('sha256')
    .update(`${preparation}\n${JSON.stringify(schema)}`)
    .digest('hex');
}

/** Compiled validators by schema object, and by key (equal schemas in other objects). */
const compiled = new WeakMap<object, Map<Preparation, ValidateFunction>>();
const compiledByKey = new Map<string, ValidateFunction>();

/** Keywords whose value maps names to schemas (the map itself is not a schema). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/**
 * Moves every large subschema that occurs more than once into `$defs`, so that
 * it is compiled once: upstream CRDs repeat whole subtrees (the ApplicationSet
 * CRD holds its Application template at every level of nested generators).
 */
export function dedupeSchema(schema: Schema, minLength = 500): Schema {
  const counts = new Map<string, number>();
  const key = (node: unknown): string => JSON.stringify(node);
  const count = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(count);
      return;
    }
    const k = key(node);
    if (k.length >= minLength) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const v of Object.values(node)) count(v);
  };
  count(schema);
  const defs: Record<string, unknown> = {};
  const ids = new Map<string, string>();
  // only schema positions are replaced: never a `properties` map itself
  const rewrite = (node: unknown, root: boolean): unknown => {
    if (!node || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((n) => rewrite(n, false));
    const k = key(node);
    if (!root && (counts.get(k) ?? 0) > 1) {
      let id = ids.get(k);
      if (!id) {
        id = `d${ids.size}`;
        ids.set(k, id);
        defs[id] = rewrite(JSON.parse(k), true);
      }
      return { $ref: `#/$defs/${id}` };
    }
    return Object.fromEntries(Object.entries(node).map(([name, v]) => [name, SCHEMA_MAPS.has(name) ? rewriteMap(v) : rewrite(v, false)]));
  };
  const rewriteMap = (map: unknown): unknown => {
    if (!map || typeof map !== 'object' || Array.isArray(map)) return map;
    return Object.fromEntries(Object.entries(map).map(([name, v]) => [name, rewrite(v, false)]));
  };
  const out = rewrite(schema, true) as Schema;
  return ids.size > 0 ? { ...out, $defs: defs } : out;
}

/**
 * The validator of a schema, prepared as asked: the one `npm run import`
 * precompiled for it (imports/validators) when there is one, else compiled
 * here, once per schema content and preparation.
 */
export function compile(schema: Schema, preparation: Preparation = 'strict'): ValidateFunction {
  let byPreparation = compiled.get(schema);
  if (!byPreparation) {
    byPreparation = new Map();
    compiled.set(schema, byPreparation);
  }
  let fn = byPreparation.get(preparation);
  if (!fn) {
    const key = validatorKey(schema, preparation);
    fn = compiledByKey.get(key) ?? precompiledValidator(key, { ajv: AJV_OPTIONS, formats: AJV_FORMATS }) ?? keptOrCompiled(preparedSchema(schema, preparation));
    compiledByKey.set(key, fn);
    byPreparation.set(preparation, fn);
  }
  return fn;
}

/**
 * A validator for a prepared schema that `npm run import` did not precompile
 * (an XRD of the tree, a CRD given with --schemas): the standalone code a
 * previous run kept in paved's cache folder (`validators/`, see
 * lib/private/cache.ts), named by the hash of the ajv version, its options and
 * the prepared schema; else compiled here, and its code kept.
 */
function keptOrCompiled(prepared: Schema): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const name = `${createHash('sha256')
    .update(JSON.stringify({ ajv: ajvVersion, options: AJV_OPTIONS, formats: AJV_FORMATS, prepared }))
    .digest('hex')}.js`;
  const kept = readCached('validators', name);
  if (kept !== undefined) {
    const fn = loadStandalone(kept);
    if (fn) return fn;
  }
  const ajv = newAjv(true);
  const fn = ajv.compile(prepared);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: standaloneCode } = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone');
  writeCached('validators', name, standaloneCode(ajv, fn));
  return fn;
}

/**
 * The validator of a catalog kind, prepared as asked: looked up by the key of
 * its schema file's text when the kind has one (no parsing of the schema),
 * else as {@link compile} finds or compiles it.
 */
export function compileKind(kind: { schema(): Schema; validatorKey?(preparation: 'strict' | 'partial'): string }, preparation: 'strict' | 'partial' = 'strict'): ValidateFunction {
  const key = kind.validatorKey?.(preparation);
  const found = key === undefined ? undefined : (compiledByKey.get(key) ?? precompiledValidator(key, { ajv: AJV_OPTIONS, formats: AJV_FORMATS }));
  if (key !== undefined && found) {
    compiledByKey.set(key, found);
    return found;
  }
  return compile(kind.schema(), preparation);
}

/** Runs a validator's standalone code as a module whose `require` is this one (paved's ajv, wherever the code is kept). */
function loadStandalone(code: string): ValidateFunction | undefined {
  try {
    const module = { exports: {} as unknown };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'module', 'exports', code)(require, module, module.exports);
    return typeof module.exports === 'function' ? (module.exports as ValidateFunction) : undefined;
  } catch {
    return undefined;
  }
}

/** Validates a value and turns the errors into readable problems. */
export function checkSchema(validate: ValidateFunction, value: unknown, basePath = ''): SchemaProblem[] {
  if (validate(value)) return [];
  return describeErrors(validate.errors ?? [], basePath);
}

/** Turns ajv errors into one readable problem per field, without the noise of failed `anyOf` branches. */
export function describeErrors(errors: readonly ErrorObject[], basePath = ''): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of explainAlternatives(errors)) {
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
        message = e.message ?? messageFromParams(e);
    }
    const key = `${field}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ field, message });
    }
  }
  return problems;
}

/**
 * Failed `anyOf`/`oneOf`: when the alternatives are objects, the errors of the
 * closest alternative (fewest errors) say more than "matches none"; when they
 * are plain types, the summary does.
 */
function explainAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (alternatives.length === 0) return [...errors];
  const inBranch = (e: ErrorObject, a: ErrorObject) => e.schemaPath.startsWith(`${a.schemaPath}/`);
  const out: ErrorObject[] = errors.filter((e) => !alternatives.some((a) => inBranch(e, a)) && !alternatives.includes(e));
  for (const a of alternatives) {
    if (alternatives.some((outer) => outer !== a && inBranch(a, outer))) continue; // nested: handled by the outer one
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (!inBranch(e, a)) continue;
      const branch = e.schemaPath.slice(a.schemaPath.length + 1).split('/')[0];
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const closest = [...byBranch.values()].sort((x, y) => x.length - y.length)[0];
    const onlyTypeMismatch = !closest || closest.every((e) => e.instancePath === a.instancePath && e.keyword === 'type');
    if (onlyTypeMismatch) out.push(a);
    else out.push(...explainAlternatives(closest));
  }
  return out;
}

/** A message for errors produced without one (kubernetes-models compiles its validators without messages). */
function messageFromParams(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(p.type)}`;
    case 'format':
      return `must match format "${String(p.format)}"`;
    case 'pattern':
      return `must match pattern "${String(p.pattern)}"`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return `must have at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must have at most ${String(p.limit)} characters`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `fails "${e.keyword}" ${JSON.stringify(p)}`;
  }
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
