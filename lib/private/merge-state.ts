/**
 * What a merge can leave in a file that paved reads: Git's conflict markers,
 * and JSON that no longer parses (a union merge, a hand-resolved conflict).
 * @internal
 */

/** A conflict Git left in a file: the lines of its markers, 1-based. */
export interface ConflictBlock {
  /** The line of `<<<<<<<`, or of the first marker when the block has none. */
  readonly start: number;
  /** The line of `>>>>>>>`, when the block has one. */
  readonly end?: number;
}

const OPEN = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const SEPARATOR = /^={7}$/;
const CLOSE = /^>{7}(?: |$)/;
/** What every marker line starts with. */
const MARKER_RUNS = ['<'.repeat(7), '|'.repeat(7), '='.repeat(7), '>'.repeat(7)];

/**
 * The conflicts Git left in a text (its markers at the default size, 7): a
 * `<<<<<<<` line and what follows up to its `>>>>>>>` line, and any
 * `>>>>>>>` or `|||||||` line outside one. A `=======` line alone is text
 * (a Markdown underline, a YAML block's content): it is a marker only inside
 * a block.
 */
export function conflictBlocks(text: string): ConflictBlock[] {
  // no marker can start a line of a text that holds none of the four (most texts: a tree's 10,000 files are read each synth)
  if (!MARKER_RUNS.some((run) => text.includes(run))) return [];
  const blocks: ConflictBlock[] = [];
  let open: number | undefined;
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  // the next line at or after each that opens or closes a block (one pass from the end: linear in the text)
  const nextMarker: number[] = new Array<number>(lines.length + 1).fill(-1);
  for (let i = lines.length - 1; i >= 0; i--) nextMarker[i] = OPEN.test(lines[i]) || CLOSE.test(lines[i]) ? i : nextMarker[i + 1];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    if (OPEN.test(line)) {
      // a block opened inside another: the first has no end
      if (open !== undefined) blocks.push({ start: open });
      open = n;
    } else if (CLOSE.test(line)) {
      blocks.push(open !== undefined ? { start: open, end: n } : { start: n, end: n });
      open = undefined;
    } else if (BASE.test(line) && open === undefined) {
      blocks.push({ start: n });
    } else if (SEPARATOR.test(line) && open === undefined) {
      // text, unless a closer follows before any opener: then it is the middle of a block whose opener went
      const next = nextMarker[i + 1];
      if (next >= 0 && CLOSE.test(lines[next])) {
        blocks.push({ start: n, end: next + 1 });
        i = next;
      }
    }
  }
  if (open !== undefined) blocks.push({ start: open });
  return blocks;
}

/** Where JSON text stops being JSON (RFC 8259), and what was expected there. */
export interface JsonSyntaxError {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly expected: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
// JSON strings hold no raw control character (U+0000 to U+001F)
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * The first place a text is not JSON, or undefined when it is. A scan of
 * the text with a stack for its nesting (no recursion: a hostile depth costs
 * memory linear in the text, never the call stack).
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  // JSON.parse reads exactly RFC 8259's grammar (ECMA-404): what it takes has no error to find (the scan below finds where)
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    // not JSON: where, below
  }
  let i = 0;
  const stack: string[] = [];
  const at = (expected: string): JsonSyntaxError => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return { line, column: i - (before.lastIndexOf('\n') + 1) + 1, expected };
  };
  const skip = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const token = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skip();
    if (state === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          state = 'after';
        } else state = c === '{' ? 'key' : 'value';
      } else if (token(STRING) || token(NUMBER) || token(LITERAL)) {
        state = 'after';
      } else {
        return at(i >= text.length ? 'a value, not the end of the text' : 'a value (an object, array, string, number, true, false or null)');
      }
    } else if (state === 'key') {
      if (!token(STRING)) return at(i >= text.length ? 'a quoted key, not the end of the text' : 'a quoted key');
      skip();
      if (text[i] !== ':') return at('":" after the key');
      i++;
      state = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i >= text.length ? undefined : at('nothing after the value');
      const close = top === '{' ? '}' : ']';
      if (text[i] === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if (text[i] === close) {
        stack.pop();
        i++;
      } else {
        return at(`"," or "${close}"${i >= text.length ? ', not the end of the text' : ''}`);
      }
    }
  }
}
