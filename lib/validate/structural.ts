/**
 * What the API server does to a custom resource before it validates it,
 * following its structural schema: `null` values of fields that are not
 * `nullable` are pruned (or defaulted, when the field has a default), then
 * every absent field with a `default` gets it (k8s.io/apiextensions-apiserver
 * structuraldefaulting: PruneNonNullableNullsWithoutDefaults, then Default).
 *
 * Both return the value itself when they change nothing, else a copy: the
 * objects of a tree are never changed.
 */

type Schema = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const schemaAt = (v: unknown): Schema | undefined => (isObject(v) ? v : undefined);

/** A deep copy of a JSON value (defaults are copied, never shared). */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyJson(v)]));
  return value;
}

/** Whether a value is a `null` that its schema node does not allow. */
const isNonNullableNull = (value: unknown, schema: Schema | undefined): boolean => value === null && schema?.nullable !== true;

/**
 * Drops the `null` value of every declared field whose schema is not
 * `nullable` and has no default, as the API server does before it validates
 * (a field with a default gets it instead, see {@link withDefaults}). Nulls in
 * lists and in maps are kept: the API server keeps them too.
 */
export function withoutNulls(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = schemaAt(schema.items);
    if (!items) return value;
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const pruned = withoutNulls(v, items);
      if (pruned !== v) (out ??= [...value])[i] = pruned;
    });
    return out ?? value;
  }
  if (!isObject(value)) return value;
  const properties = schemaAt(schema.properties);
  const additional = schemaAt(schema.additionalProperties);
  let out: Obj | undefined;
  for (const [key, v] of Object.entries(value)) {
    const property = properties && Object.prototype.hasOwnProperty.call(properties, key) ? schemaAt(properties[key]) : undefined;
    if (property && isNonNullableNull(v, property) && property.default === undefined) {
      out ??= { ...value };
      delete out[key];
      continue;
    }
    const sub = property ?? (properties && Object.prototype.hasOwnProperty.call(properties, key) ? undefined : additional);
    const pruned = withoutNulls(v, sub);
    if (pruned !== v) (out ??= { ...value })[key] = pruned;
  }
  return out ?? value;
}

/**
 * Sets the default of every absent field (and of every non-nullable `null`)
 * that declares one, at every level, then the defaults inside them, as the
 * API server does before it validates a custom resource.
 */
export function withDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = schemaAt(schema.items);
    if (!items) return value;
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const start = isNonNullableNull(v, items) && items.default !== undefined ? copyJson(items.default) : v;
      const defaulted = withDefaults(start, items);
      if (defaulted !== v) (out ??= [...value])[i] = defaulted;
    });
    return out ?? value;
  }
  if (!isObject(value)) return value;
  const properties = schemaAt(schema.properties) ?? {};
  const additional = schemaAt(schema.additionalProperties);
  let out: Obj | undefined;
  for (const [key, sub] of Object.entries(properties)) {
    const property = schemaAt(sub);
    if (property?.default === undefined) continue;
    if (!(key in value) || isNonNullableNull(value[key], property)) (out ??= { ...value })[key] = copyJson(property.default);
  }
  const current = out ?? value;
  for (const [key, v] of Object.entries(current)) {
    const declared = Object.prototype.hasOwnProperty.call(properties, key);
    const sub = declared ? schemaAt(properties[key]) : additional;
    if (!sub) continue;
    const start = !declared && isNonNullableNull(v, sub) && sub.default !== undefined ? copyJson(sub.default) : v;
    const defaulted = withDefaults(start, sub);
    if (defaulted !== v) (out ??= { ...value })[key] = defaulted;
  }
  return out ?? value;
}

/** A custom resource as the API server validates it: {@link withoutNulls}, then {@link withDefaults}. */
export function admitted(object: Obj, schema: Schema): Obj {
  return withDefaults(withoutNulls(object, schema), schema) as Obj;
}
