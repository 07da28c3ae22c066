/**
 * Reading parsed YAML or JSON of unknown shape: a value as an object, an
 * array or a string, or nothing when it is not one.
 * @internal
 */

/** A parsed object: its fields by name. */
export type JsonObject = Record<string, unknown>;

/** The value as an object (not an array, not null), or undefined. */
export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** The value as an array, or an empty one. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string, or undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
