/**
 * Text for people, escaped for where it is shown: a terminal or CI log, a
 * Markdown comment (CommonMark and GitHub's additions), HTML. Whatever a value
 * holds (a name, a path, an image, a message that quotes them), it is shown
 * as the literal text it is: it cannot move the cursor, clear a line, change
 * colours, reorder text (bidirectional controls), open an HTML comment, a
 * heading, a link, emphasis, a code span or a table cell.
 *
 * The one place that decides how paved's output escapes what it quotes: the
 * diff's formats, the validator's report and the command line's output all
 * use it.
 * @internal
 */

/** The most code points of one value shown; a longer one is cut in its middle, saying how much is left out. */
export const MAX_SHOWN_CHARS = 512;

/**
 * Characters that do not show as themselves: control characters (C0, DEL,
 * C1: escape sequences, carriage return, backspace), format characters
 * (bidirectional overrides and isolates, zero-width characters, soft hyphen,
 * Unicode tags), line and paragraph separators, and lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** As {@link INVISIBLE}, but line feeds and tabs are kept (a whole output's lines). */
const INVISIBLE_BUT_LINES = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * How an invisible character is shown: `\n`, `\r`, `\t`, `\x1b` for the C0
 * controls, `\u009b`, `\u202e`, `\udb40\udc01` (UTF-16 units, as JSON writes
 * them) for the others, so that a JSON string stays valid.
 */
function shown(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code < 0x20) return `\\x${hex(code, 2)}`;
  return Array.from({ length: ch.length }, (_, i) => `\\u${hex(ch.charCodeAt(i), 4)}`).join('');
}

/** A value cut to {@link MAX_SHOWN_CHARS} code points: its start and its end, and how many were left out between. */
export function bounded(value: string, max = MAX_SHOWN_CHARS): string {
  if (value.length <= max) return value;
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  const head = Math.ceil((max * 3) / 4);
  const tail = max - head;
  return `${chars.slice(0, head).join('')}…(${chars.length - max} more characters)…${chars.slice(chars.length - tail).join('')}`;
}

/** A value for one line of a terminal or a log: every invisible character shown as an escape (`\x1b`, `\n`, `\u202e`), cut when very long. */
export function terminalValue(value: string, max = MAX_SHOWN_CHARS): string {
  return bounded(value, max).replace(INVISIBLE, shown);
}

/**
 * Text on its way to a terminal (a command's whole output): line feeds and
 * tabs stay, every other invisible character is shown as an escape. JSON
 * stays valid JSON (JSON.stringify leaves only such characters raw inside
 * strings, and they become `\uXXXX`).
 */
export function terminalText(text: string): string {
  return text.replace(INVISIBLE_BUT_LINES, shown);
}

/** Text inside HTML (an element's content or a quoted attribute): `&`, `<`, `>`, `"`, `'` as references, invisible characters shown. */
export function htmlText(value: string): string {
  return value.replace(INVISIBLE, shown).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Characters of paved's own words that could start Markdown: emphasis,
 * code spans, links and images, raw HTML and autolinks, entities, tables,
 * strikethrough, GitHub's math, and what makes a forge link bare text: the
 * `:` of `scheme://`, the `.` inside a domain, the `@` of an e-mail address;
 * escaped with a backslash (CommonMark shows any escaped ASCII punctuation as
 * itself, and an escape splits the text a linker reads).
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&!|~$#@]|:(?=\/\/)|(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu;

/** paved's own words in Markdown: shown as written (see {@link MARKDOWN_SPECIAL}), invisible characters shown. */
export function markdownText(words: string): string {
  return words.replace(INVISIBLE, shown).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A Kubernetes-style name that nothing in Markdown can read as syntax: letters, digits, inner `-` and `.`. */
const PLAIN_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** Options of {@link markdownCode}. */
export interface MarkdownCodeOptions {
  /** The value sits in a cell of a GFM table, where `|` ends the cell even in a code span. */
  readonly inTable?: boolean;
}

/**
 * A value in Markdown, as a code span: nothing inside is read as Markdown or
 * HTML (GitHub neither links mentions, issues nor URLs in it). The fence is
 * longer than any run of backticks the value holds; invisible characters are
 * shown as escapes (a line break would end the span and start a block); an
 * empty value is shown as (empty).
 */
export function markdownCode(value: string, options: MarkdownCodeOptions = {}): string {
  if (value === '') return '(empty)';
  let text = terminalValue(value);
  // a table's cells are split at every '|' before anything else is read, and a backslash escapes one: both shown as escapes
  if (options.inTable) text = text.replace(/\\/g, '\\x5c').replace(/\|/g, '\\x7c');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // a space at both ends keeps a backtick at either end apart from the fence (CommonMark strips one each side)
  const pad = /^[`\s]|[`\s]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A name in Markdown: as plain text when it is a plain name (`prod`, `my-app`), else as a code span. */
export function markdownName(value: string, options: MarkdownCodeOptions = {}): string {
  return PLAIN_NAME.test(value) ? value : markdownCode(value, options);
}

/** A value quoted in paved's words: a name, a path, an image, a field that came from the input. */
export class Quoted {
  /**
   * @param text the value, as it is
   * @param quotes whether plain text shows it in double quotes (as JSON writes a string)
   */
  constructor(
    public readonly text: string,
    public readonly quotes = false,
  ) {}
}

/** paved's words with the values they quote; each medium escapes the values its way. */
export type Phrase = readonly (string | Quoted)[];

/** What a phrase may quote: a value (a string, shown literally), a number, or a phrase of paved's own words. */
export type PhrasePart = string | number | Quoted | Phrase;

/**
 * A phrase from a template: its text is paved's words, and every `${…}` a
 * value shown literally, unless it is itself a phrase (see {@link words}).
 */
export function phrase(strings: TemplateStringsArray, ...parts: readonly PhrasePart[]): Phrase {
  const out: (string | Quoted)[] = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i >= parts.length) return;
    const part = parts[i];
    if (typeof part === 'string') out.push(new Quoted(part));
    else if (typeof part === 'number') out.push(String(part));
    else if (part instanceof Quoted) out.push(part);
    else out.push(...part);
  });
  return out;
}

/** paved's own words (never quoted from the input), as a phrase to put in another. */
export const words = (text: string): Phrase => [text];

/** A value shown in double quotes in plain text (an image, a string field). */
export const quoted = (text: string): Quoted => new Quoted(text, true);

/** Phrases joined by paved's words (`, `). */
export function joined(parts: readonly PhrasePart[], separator = ', '): Phrase {
  return parts.flatMap((p, i) => [...(i > 0 ? [separator] : []), ...phrase`${p}`]);
}

const each = (p: Phrase, word: (s: string) => string, value: (q: Quoted) => string) => p.map((x) => (typeof x === 'string' ? word(x) : value(x))).join('');

/** A phrase as plain text (JSON, tests): values as they are, quoted ones as JSON strings. */
export function plainText(p: Phrase): string {
  return each(
    p,
    (s) => s,
    (q) => (q.quotes ? JSON.stringify(q.text) : q.text),
  );
}

/** A phrase for a terminal or a log line: values escaped ({@link terminalValue}). */
export function terminalPhrase(p: Phrase): string {
  return each(
    p,
    (s) => s.replace(INVISIBLE, shown),
    (q) => terminalValue(q.quotes ? JSON.stringify(q.text) : q.text),
  );
}

/** A phrase in Markdown: paved's words escaped ({@link markdownText}), values as code spans. */
export function markdownPhrase(p: Phrase): string {
  return each(p, markdownText, (q) => markdownCode(q.text));
}

/** A phrase inside HTML: everything as text, values cut when very long. */
export function htmlPhrase(p: Phrase): string {
  return each(p, htmlText, (q) => htmlText(bounded(q.quotes ? JSON.stringify(q.text) : q.text)));
}

/** Zero-width and bidirectional characters: dropped from prose (they hide or reorder what is shown). */
const PROSE_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const PROSE_BREAKS = /[\u0000-\u001f\u007f-\u009f\s]+/g;

/**
 * Prose from people paved does not trust (a team's description, a branch's
 * name) in Markdown (CommonMark, GitHub's), as the same text in one line, also
 * inside a table cell: invisible characters dropped, line breaks and runs of
 * space one space, at most `max` characters; every character that can start
 * inline structure escaped (emphasis, code, links, images, raw HTML, entities,
 * table cells, strikethrough, math), and one that starts a block at the line's
 * start (heading, list, quote, thematic break). Unlike {@link markdownText}
 * (paved's own words), it leaves dots and colons as they are: prose reads as
 * prose, and a forge's bare links in it go where they say.
 */
export function markdownProse(value: string, max = 300): string {
  const line = value.replace(PROSE_INVISIBLE, '').replace(PROSE_BREAKS, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return cut
    .replace(/[\\`*_[\]<>&|~$]/g, (c) => `\\${c}`)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
