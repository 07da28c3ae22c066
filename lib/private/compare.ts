/**
 * Orders strings by UTF-16 code unit, the same on every machine.
 *
 * `String.prototype.localeCompare` and a default `Intl.Collator` follow the
 * process's locale (`LANG`, `LC_ALL`): under `da_DK` "aa" sorts after "z",
 * under `lt_LT` "y" before "j". Anything paved writes, reports or compares
 * uses this order instead, so the same definitions give the same bytes
 * whatever the machine's locale.
 *
 * @internal
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
