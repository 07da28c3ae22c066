/**
 * Whether a file may hold one of Argo CD's own objects, decided from its bytes
 * without parsing them: the tree reader follows an object whose apiVersion is
 * a string that starts with `argoproj.io/` (see applicationSourcesOf), and a
 * file in which no value can start so is not parsed for them.
 *
 * A YAML or JSON string that starts with `argoproj.io/` is written in one of
 * two ways:
 * - with those twelve characters in a row: a plain, single-quoted or block
 *   scalar, or a double-quoted one without escapes (folding a line turns the
 *   break into a space or a newline, never into nothing, and `''` stands for a
 *   quote). The value starts there, so the byte before is not a `.`: the
 *   annotations `argocd.argoproj.io/…` and `workflows.argoproj.io/…` alone do
 *   not make a file worth parsing;
 * - in a double-quoted (YAML) or JSON string with escapes: `"` then each
 *   character as itself or escaped (`\x61`, `\u0061`, `\U00000061`, `\/`, or a
 *   backslash before it), with escaped line breaks (`\` at a line's end, then
 *   the next line's indentation) anywhere between them. The pattern below
 *   allows more than YAML does (any case, blank lines after an escaped break,
 *   blanks before it): it may say "maybe" for a file that holds no Argo CD
 *   object, never "no" for one that does.
 */

const GROUP = 'argoproj.io/';
const GROUP_BYTES = Buffer.from(GROUP, 'latin1');
const DOT = 0x2e;
const BACKSLASH = 0x5c;

/** An escaped line break and the blanks around it, which a double-quoted scalar reads as nothing. */
const ESCAPED_BREAK = String.raw`(?:[ \t]*\\\r?\n[ \t\r\n]*)*`;

/** One character of the group as a double-quoted or JSON string may spell it. */
function spelled(c: string): string {
  const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
  const itself = c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return `(?:${itself}|\\\\${itself}|\\\\x${hex}|\\\\u00${hex}|\\\\U000000${hex})`;
}

/** The group spelled with escapes at the start of a double-quoted or JSON string (case-insensitive: hex digits either way, and more never hurts). */
const ESCAPED_GROUP = new RegExp(`"${ESCAPED_BREAK}${[...GROUP].map((c) => `${spelled(c)}${ESCAPED_BREAK}`).join('')}`, 'i');

/**
 * The bytes after a backslash that begin an escape the pattern allows (`\x`, `\u`, `\U`, a line break, a character of
 * the group, either case): a file whose backslashes are all followed by others (`\"`, `\\`, `\n`) spells nothing of
 * the group with escapes.
 */
const ESCAPE_STARTS = new Uint8Array(256);
for (const c of `xXuU\r\n${GROUP}${GROUP.toUpperCase()}`) ESCAPE_STARTS[c.charCodeAt(0)] = 1;

/** Whether a backslash of the bytes starts an escape that may spell part of the group. */
function hasGroupEscape(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(BACKSLASH); at >= 0; at = bytes.indexOf(BACKSLASH, at + 1)) if (at + 1 < bytes.length && ESCAPE_STARTS[bytes[at + 1]] === 1) return true;
  return false;
}

/**
 * Whether a file may hold an object whose apiVersion starts with `argoproj.io/` (see the module's comment): it may when
 * the group is written out at the start of a value, or spelled with escapes at the start of a double-quoted string.
 * @internal
 */
export function mayHoldArgoObject(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(GROUP_BYTES); at >= 0; at = bytes.indexOf(GROUP_BYTES, at + 1)) if (at === 0 || bytes[at - 1] !== DOT) return true;
  // latin1 keeps every ASCII byte as it is (UTF-8 never uses one inside another character)
  return hasGroupEscape(bytes) && ESCAPED_GROUP.test(bytes.toString('latin1'));
}
