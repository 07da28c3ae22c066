/**
 * Text from people paved does not trust (a team's description, a branch's
 * name), written into Markdown so that it shows as the same text and nothing
 * else. Until the shared escaping module of the review surface lands, this is
 * the one place CATALOG.md and the diff's header escape Markdown.
 * @internal
 */

/** Control, zero-width and bidirectional characters: dropped (they hide or reorder what is shown). */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u001f\u007f-\u009f\s]+/g;

/** One line: invisible characters dropped, control characters and whitespace runs one space, at most `max` characters. */
function oneLine(value: string, max: number): string {
  const line = value.replace(INVISIBLE, '').replace(CONTROL_OR_SPACE, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Text as Markdown (CommonMark, GitHub's) that shows it literally, in one line,
 * also inside a table cell: every character that can start inline structure
 * escaped (emphasis, code, links, images, raw HTML, entities, table cells,
 * strikethrough, math), and one that starts a block at the start of a line
 * (heading, list, quote, thematic break); at most `max` characters.
 */
export function markdownText(value: string, max = 300): string {
  return oneLine(value, max)
    .replace(/[\\`*_[\]<>&|~$]/g, (c) => `\\${c}`)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A short value (a name, a uid, a revision) as a code span: one line, no
 * backtick (shown as `'`), and in a table cell a pipe escaped as GitHub's
 * tables ask (code spans show everything else literally).
 */
export function markdownCode(value: string, options: { readonly inTable?: boolean; readonly max?: number } = {}): string {
  const text = oneLine(value, options.max ?? 300).replace(/`/g, "'");
  return `\`${options.inTable ? text.replace(/\|/g, '\\|') : text}\``;
}
