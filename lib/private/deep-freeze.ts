/**
 * Freezing shared data all the way down, so that code handed it (a team's app
 * definition) cannot change it for everyone else: a change throws in strict
 * mode (and does nothing otherwise).
 * @internal
 */

/**
 * Freezes `value` and every object reachable from its own properties (arrays,
 * plain objects, class instances; getters are not called), and returns it.
 * Functions are frozen with their `prototype` only when `functions` is set (a
 * library's exported classes); otherwise they are left as they are.
 */
export function deepFreeze<T>(value: T, options: { readonly functions?: boolean } = {}): T {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) continue;
    if (typeof v === 'function' && !options.functions) continue;
    seen.add(v);
    // typed arrays and buffers cannot be frozen while they hold elements: their bytes are not shared data here
    if (ArrayBuffer.isView(v)) continue;
    for (const key of Reflect.ownKeys(v)) {
      const descriptor = Object.getOwnPropertyDescriptor(v, key);
      if (descriptor && 'value' in descriptor) pending.push(descriptor.value);
    }
    Object.freeze(v);
  }
  return value;
}

/**
 * Whether an error is what a change of frozen data throws (V8's messages for
 * an assignment to a read-only property, an addition to a frozen object or
 * array, a deletion, a redefinition).
 */
export function isFrozenChange(e: unknown): e is TypeError {
  // by name, not instanceof: a definition's code may run in another realm (a vm context) than paved's
  const { name, message } = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown };
  return (
    name === 'TypeError' &&
    typeof message === 'string' &&
    /^(Cannot assign to read only property|Cannot add property|Cannot delete property|Cannot define property|Cannot redefine property|.* is not extensible$)/.test(message)
  );
}
