/**
 * Go's `strconv.Quote`, for error messages worded as Go words them: a
 * double-quoted string with `\"`, `\\`, the C escapes and `\x..`, `\u....`
 * for characters Go does not print.
 *
 * @internal
 */
const NAMED: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

export function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const named = NAMED[c];
    if (named) {
      out += named;
      continue;
    }
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0xad) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}
