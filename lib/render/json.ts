/** A JSON value, as CUE exports it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A patch that cannot be applied (KubeVela would fail to render the component). */
export class PatchError extends Error {}

/** Whether a value is a JSON object (not null, not a list). */
export function isJsonObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
