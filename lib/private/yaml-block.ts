/**
 * The YAML of a plain object, as `yaml`'s `stringify` writes it with the
 * synth's options (block style, two spaces, sequences indented under their
 * key, no line folding, no anchors, no directives), for the objects whose every
 * value has one obvious spelling; `undefined` for any other, which the caller
 * writes with `yaml` itself. It is the synth's serialization: most of a
 * tree's objects hold only maps, lists, numbers, booleans and short strings,
 * and building `yaml`'s document model for each costs more than the rest of
 * the synth at 1,000 apps. A string of printable ASCII on one line is written
 * as `yaml` writes it (plain, or quoted when plain would read back otherwise:
 * `"1"`, `"true"`, `"*"`, `"a: b"`); a map's value of printable ASCII lines
 * as the literal block `yaml` writes (see literalBlock); any other string with a
 * line break, a control character or anything beyond ASCII makes the whole
 * object `yaml`'s to write. Tests hold the two equal on every object of the example
 * trees and on hostile values.
 * @internal
 */

const INDENT = '  ';
/** The longest key written as an implicit key (`yaml` writes `? key` past 1024 characters). */
const MAX_KEY = 1000;

/** A one-line string of printable ASCII: the strings written here (any other is yaml's to write). */
const PRINTABLE = /^[\x20-\x7e]*$/;
/** What `yaml` never writes plain on one line: a leading indicator, a lone or spaced `-`/`?`, `: `, ` #`, a trailing space or `:`. */
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$/;
/** A document marker at the start (`yaml` writes such a string in a block of its own). */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;

/** Strings the YAML 1.2 core schema reads as another type (null, bool, int, float): `yaml` quotes them. */
const OTHER_TYPE = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** How every string of {@link OTHER_TYPE} starts (or it is empty): a name like `payments` needs none of them tried. */
const OTHER_TYPE_START = /^(?:[~NntTfF+\-.0-9]|$)/;

class NotPlain extends Error {}

/** A string of printable ASCII lines: the multi-line strings written here, in a literal block. */
const BLOCK_TEXT = /^[\x20-\x7e\n]*$/;
/** Its ends as `yaml` writes them with no indicator but the chomping one: no leading space or line break, no trailing blank. */
const BLOCK_ENDS = /^[^ \n][^]*[^ \n]\n?$/;
/** A line that starts a document marker (`yaml` indents such a block's header differently at the root). */
const DOCUMENT_MARKER_LINE = /^(?:%|---|\.\.\.)/m;

/**
 * A multi-line string (a map's value) as `yaml` writes it in block context with no line width: a literal block, `|`
 * when it ends with one line break, `|-` when it ends with none, its lines indented one step under the key (blank
 * lines left empty). Any other multi-line string (leading spaces, trailing blanks, tabs, control characters, anything
 * beyond ASCII) is yaml's to write.
 */
function literalBlock(head: string, s: string, indent: string): string {
  if (!BLOCK_TEXT.test(s) || !BLOCK_ENDS.test(s) || DOCUMENT_MARKER_LINE.test(s)) throw new NotPlain();
  const clip = s.endsWith('\n');
  const body = (clip ? s.slice(0, -1) : s).replace(/\n+/g, `$&${indent}`);
  return `${head} |${clip ? '' : '-'}\n${indent}${body}`;
}

/**
 * A one-line printable string as `yaml` writes it: plain when it reads back as the same string, else quoted, single
 * quotes when it holds `"` and no `'`, else double quotes (for printable ASCII on one line, JSON's spelling).
 */
function scalarString(s: string): string {
  if (!PRINTABLE.test(s) || DOCUMENT_MARKER.test(s)) throw new NotPlain();
  if (!NOT_PLAIN.test(s) && !(OTHER_TYPE_START.test(s) && OTHER_TYPE.some((r) => r.test(s)))) return s;
  return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new NotPlain();
    return String(v);
  }
  if (typeof v === 'string') return scalarString(v);
  return undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A map with no field to write (`yaml` leaves out undefined fields): written `{}`. */
const isEmptyMap = (v: Record<string, unknown>): boolean => Object.keys(v).every((k) => v[k] === undefined);

/** Lines of a map at an indentation: each key, then its value on the same line or, a non-empty collection, under it. */
function mapLines(o: Record<string, unknown>, indent: string, out: string[]): void {
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (v === undefined) continue;
    if (key.length > MAX_KEY) throw new NotPlain();
    const head = `${indent}${scalarString(key)}:`;
    if (typeof v === 'string' && v.includes('\n')) {
      out.push(literalBlock(head, v, indent + INDENT));
      continue;
    }
    const s = scalar(v);
    if (s !== undefined) out.push(`${head} ${s}`);
    else if (Array.isArray(v)) {
      out.push(v.length === 0 ? `${head} []` : head);
      seqLines(v, indent + INDENT, out);
    } else if (!isPlainObject(v)) throw new NotPlain();
    else if (isEmptyMap(v)) out.push(`${head} {}`);
    else {
      out.push(head);
      mapLines(v, indent + INDENT, out);
    }
  }
}

/** Lines of a sequence at an indentation (its dashes there); a list in a list is yaml's to write. */
function seqLines(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (item === undefined) throw new NotPlain();
    const s = scalar(item);
    if (s !== undefined) out.push(`${indent}- ${s}`);
    else if (Array.isArray(item) && item.length === 0) out.push(`${indent}- []`);
    else if (!isPlainObject(item)) throw new NotPlain();
    else if (isEmptyMap(item)) out.push(`${indent}- {}`);
    else {
      // a map in a sequence: its first key on the dash's line, the others under it
      const lines: string[] = [];
      mapLines(item, indent + INDENT, lines);
      lines[0] = `${indent}- ${lines[0].slice(indent.length + INDENT.length)}`;
      out.push(...lines);
    }
  }
}

/** The object as `yaml` writes it with the synth's options, or undefined when it holds a value this writer leaves to `yaml`. */
export function blockYaml(object: unknown): string | undefined {
  if (!isPlainObject(object) || isEmptyMap(object)) return undefined;
  const out: string[] = [];
  try {
    mapLines(object, '', out);
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
  return `${out.join('\n')}\n`;
}
