/**
 * Values as the API server gives them to CEL: JSON read as Kubernetes reads
 * it (whole numbers are ints, other numbers doubles), and, where a schema
 * types a value, typed by that schema with field names escaped as
 * k8s.io/apiserver/pkg/cel escapes them. Shared by the CRD rules
 * (lib/validate/languages/cel-rules.ts) and the admission policies.
 *
 * @internal
 */
import type { CelInput } from '@bufbuild/cel';

type Schema = Record<string, unknown>;
type Obj = Record<string, unknown>;

const INT64_LIMIT = 2 ** 63 - 1024;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const schemaAt = (v: unknown): Schema | undefined => (isObject(v) ? v : undefined);

/** Kubernetes' CEL keywords: a field of that name is read as `__name__`. */
export const CEL_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** A property name as CEL reads it (k8s.io/apiserver/pkg/cel Escape), or undefined when CEL cannot read it. */
export function escapeFieldName(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (CEL_RESERVED_WORDS.has(name)) return `__${name}__`;
  if (/[^a-zA-Z0-9\-./_]/.test(name)) return undefined;
  return name.replace(/__|[-./]/g, (s) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[s] ?? s);
}

/**
 * A JSON value as the API server gives it to CEL, typed by its schema node:
 * integers (and int-or-strings that are numbers) are ints, numbers doubles,
 * objects with properties read by escaped field name, maps by key; values
 * without a schema are typed by their JSON value (whole numbers are ints).
 */
export function celValue(value: unknown, schema: Schema | undefined, root = false): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    // whole numbers are int64s (as Kubernetes decodes JSON); beyond int64 they stay doubles
    return Number.isInteger(value) && Math.abs(value) <= INT64_LIMIT ? BigInt(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = schemaAt(schema?.items);
    return value.map((v) => celValue(v, items));
  }
  if (!isObject(value)) return null;
  const properties = schemaAt(schema?.properties);
  const additional = schemaAt(schema?.additionalProperties);
  const out = new Map<string, CelInput>();
  for (const [key, v] of Object.entries(value)) {
    if (root && key === 'metadata' && isObject(v)) {
      // of an object's metadata, rules read only its name and generateName
      out.set(key, new Map(['name', 'generateName'].filter((k) => typeof v[k] === 'string').map((k) => [k, v[k] as string])));
      continue;
    }
    const declared = properties && Object.prototype.hasOwnProperty.call(properties, key) ? schemaAt(properties[key]) : undefined;
    const name = properties && !additional ? escapeFieldName(key) : key;
    if (name === undefined) continue;
    out.set(name, celValue(v, declared ?? additional));
  }
  return out;
}
