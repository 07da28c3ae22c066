/**
 * Glob patterns as Argo CD matches a directory source's `include` and
 * `exclude` (and many other settings): with github.com/gobwas/glob v0.2.3,
 * compiled without separators, so `*` also crosses `/`.
 *
 * The syntax (and which patterns fail to compile) follows gobwas's lexer and
 * parser: `*` and `**` any sequence, `?` any one character, `[abc]`,
 * `[!abc]`, `[a-z]`, `[!a-z]` one character, `{a,b}` alternatives (nested;
 * an unclosed `{` is closed at the end), `\c` the character c; `}` and `,`
 * outside braces and `]` outside a class are plain text. A pattern is matched
 * against the whole text, one Unicode character at a time, in time linear in
 * the text's length per pattern element (no backtracking).
 *
 * gobwas v0.2.3's optimizer has two known false answers on patterns whose
 * fixed parts overlap (its issues 61, `start*art` matches `start`, and 62,
 * `{a,}{a,}a` does not match `a`); this matcher gives the glob's answer there.
 */

/** A glob that gobwas would refuse to compile: Argo CD then matches nothing with it. */
export class GlobSyntaxError extends Error {
  constructor(
    /** The pattern. */
    public readonly pattern: string,
    /** What gobwas says. */
    public readonly reason: string,
  ) {
    super(`${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'GlobSyntaxError';
  }
}

type Node =
  | { readonly kind: 'pattern'; readonly children: Node[] }
  | { readonly kind: 'anyOf'; readonly children: Node[] }
  | { readonly kind: 'text'; readonly text: number[] }
  | { readonly kind: 'any' }
  | { readonly kind: 'super' }
  | { readonly kind: 'single' }
  | { readonly kind: 'list'; readonly chars: number[]; readonly not: boolean }
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number; readonly not: boolean };

type Token =
  | { readonly type: 'eof' | 'any' | 'super' | 'single' | 'not' | 'separator' | 'rangeOpen' | 'rangeClose' | 'rangeBetween' | 'termsOpen' | 'termsClose' }
  | { readonly type: 'text' | 'rangeLo' | 'rangeHi'; readonly value: number[] };

const STAR = 0x2a;
const COMMA = 0x2c;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const BANG = 0x21;
const DASH = 0x2d;
const TEXT_BREAKERS = [QUESTION, STAR, BRACKET_OPEN, BRACE_OPEN];
const TERMS_BREAKERS = [...TEXT_BREAKERS, BRACE_CLOSE, COMMA];

/** The characters of a string, as code points (a lone surrogate stays one unit). */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const c of s) out.push(c.codePointAt(0) as number);
  return out;
}

/** Reads text up to a breaker (a backslash escapes one character) into a text token; returns where it stopped. */
function lexText(input: readonly number[], at: number, breakers: readonly number[], tokens: Token[]): number {
  const value: number[] = [];
  let pos = at;
  let escaped = false;
  while (pos < input.length) {
    const r = input[pos++];
    if (!escaped) {
      if (r === BACKSLASH) {
        escaped = true;
        continue;
      }
      if (breakers.includes(r)) {
        pos--;
        break;
      }
    }
    escaped = false;
    value.push(r);
  }
  if (value.length > 0) tokens.push({ type: 'text', value });
  return pos;
}

/** Reads a character class after its `[`; returns where it stopped, or why gobwas refuses it. */
function lexRange(input: readonly number[], at: number, tokens: Token[]): number | string {
  let pos = at;
  let wantHi = false;
  let wantClose = false;
  let seenNot = false;
  for (;;) {
    if (pos >= input.length) return 'unexpected end of input';
    const r = input[pos++];
    if (wantClose) {
      if (r !== BRACKET_CLOSE) return 'expected close range character';
      tokens.push({ type: 'rangeClose' });
      return pos;
    }
    if (wantHi) {
      tokens.push({ type: 'rangeHi', value: [r] });
      wantClose = true;
    } else if (!seenNot && r === BANG) {
      tokens.push({ type: 'not' });
      seenNot = true;
    } else if (pos < input.length && input[pos] === DASH) {
      pos++;
      tokens.push({ type: 'rangeLo', value: [r] }, { type: 'rangeBetween' });
      wantHi = true;
    } else {
      pos = lexText(input, pos - 1, [BRACKET_CLOSE], tokens);
      wantClose = true;
    }
  }
}

/**
 * gobwas's lexer: the tokens of a pattern up to its end (gobwas reads a NUL
 * character as the end), or the reason it stops.
 */
function lex(pattern: string): Token[] | string {
  const data = codePoints(pattern);
  const nul = data.indexOf(0);
  const input = nul < 0 ? data : data.slice(0, nul);
  for (const c of input) if (c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)) return 'could not read rune';
  const tokens: Token[] = [];
  let pos = 0;
  let terms = 0;
  while (pos < input.length) {
    const r = input[pos++];
    if (r === BRACE_OPEN) {
      terms++;
      tokens.push({ type: 'termsOpen' });
    } else if (r === COMMA && terms > 0) {
      tokens.push({ type: 'separator' });
    } else if (r === BRACE_CLOSE && terms > 0) {
      tokens.push({ type: 'termsClose' });
      terms--;
    } else if (r === BRACKET_OPEN) {
      tokens.push({ type: 'rangeOpen' });
      const next = lexRange(input, pos, tokens);
      if (typeof next === 'string') return next;
      pos = next;
    } else if (r === QUESTION) {
      tokens.push({ type: 'single' });
    } else if (r === STAR) {
      const isSuper = input[pos] === STAR;
      if (isSuper) pos++;
      tokens.push({ type: isSuper ? 'super' : 'any' });
    } else {
      pos = lexText(input, pos - 1, terms > 0 ? TERMS_BREAKERS : TEXT_BREAKERS, tokens);
    }
  }
  tokens.push({ type: 'eof' });
  return tokens;
}

/** gobwas's parser: the pattern's tree, or why it refuses it. */
function parse(pattern: string): Node | string {
  const tokens = lex(pattern);
  if (typeof tokens === 'string') return tokens;
  const root: Node = { kind: 'pattern', children: [] };
  // the path from the root to the pattern being filled: [pattern, anyOf, pattern, anyOf, …]
  const stack: Node[] = [root];
  const current = () => stack[stack.length - 1] as { children: Node[] };
  let i = 0;
  for (;;) {
    const token = tokens[i++];
    switch (token.type) {
      case 'eof':
        return root;
      case 'text':
        current().children.push({ kind: 'text', text: token.value });
        break;
      case 'any':
      case 'super':
      case 'single':
        current().children.push({ kind: token.type });
        break;
      case 'termsOpen': {
        const first: Node = { kind: 'pattern', children: [] };
        const anyOf: Node = { kind: 'anyOf', children: [first] };
        current().children.push(anyOf);
        stack.push(anyOf, first);
        break;
      }
      case 'separator': {
        stack.pop();
        const next: Node = { kind: 'pattern', children: [] };
        current().children.push(next);
        stack.push(next);
        break;
      }
      case 'termsClose':
        stack.length -= 2;
        break;
      case 'rangeOpen': {
        const node = parseRange(tokens, i);
        if (typeof node === 'string') return node;
        current().children.push(node.node);
        i = node.next;
        break;
      }
      default:
        return `unexpected token: ${token.type}`;
    }
  }
}

function parseRange(tokens: readonly Token[], start: number): { node: Node; next: number } | string {
  let not = false;
  let lo = 0;
  let hi = 0;
  let chars: number[] = [];
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'eof':
        return 'unexpected end';
      case 'not':
        not = true;
        break;
      case 'rangeLo':
        lo = token.value[0];
        break;
      case 'rangeHi':
        hi = token.value[0];
        if (hi < lo) return `hi character '${String.fromCodePoint(hi)}' should be greater than lo '${String.fromCodePoint(lo)}'`;
        break;
      case 'text':
        chars = token.value;
        break;
      case 'rangeClose': {
        const isRange = lo !== 0 && hi !== 0;
        if (chars.length > 0 === isRange) return 'could not parse range';
        return { node: isRange ? { kind: 'range', lo, hi, not } : { kind: 'list', chars, not }, next: i + 1 };
      }
      default:
        break;
    }
  }
  return 'unexpected end';
}

/** A compiled glob. */
export interface Glob {
  /** Whether the whole text matches. */
  match(text: string): boolean;
}

/**
 * Compiles a glob as gobwas does, with these separators (none: `*` and `?`
 * match any character). Throws a {@link GlobSyntaxError} for a pattern gobwas
 * refuses.
 */
export function compileGlob(pattern: string, separators: readonly string[] = []): Glob {
  const tree = parse(pattern);
  if (typeof tree === 'string') throw new GlobSyntaxError(pattern, tree);
  const seps = new Set(separators.map((s) => s.codePointAt(0) as number));
  return { match: (text: string) => matches(tree, codePoints(text), seps) };
}

/** The globs {@link globMatch} compiled, by pattern and separators (`null`: gobwas refuses it); at most {@link MAX_COMPILED}. */
const compiled = new Map<string, Glob | null>();
const MAX_COMPILED = 1024;

/**
 * Argo CD's `glob.Match`: whether the text matches the pattern; a pattern
 * that does not compile matches nothing.
 */
export function globMatch(pattern: string, text: string, separators: readonly string[] = []): boolean {
  // a tree's sources share a few patterns: each is compiled once (a pattern gobwas refuses matches nothing)
  const key = `${pattern}\0${separators.join('\0')}`;
  let glob = compiled.get(key);
  if (glob === undefined) {
    try {
      glob = compileGlob(pattern, separators);
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e;
      glob = null;
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, glob);
  }
  return glob !== null && glob.match(text);
}

/** Why gobwas refuses a pattern, or undefined when it compiles. */
export function globProblem(pattern: string): string | undefined {
  const tree = parse(pattern);
  return typeof tree === 'string' ? tree : undefined;
}

/**
 * Whether the text matches the tree: the positions where a match of each
 * part can end, from the positions where it can start (a set of positions
 * per part: linear in the text's length, whatever the pattern).
 */
function matches(tree: Node, text: readonly number[], seps: ReadonlySet<number>): boolean {
  const n = text.length;
  const step = (node: Node, from: Uint8Array): Uint8Array => {
    const to = new Uint8Array(n + 1);
    switch (node.kind) {
      case 'pattern': {
        let at = from;
        for (const child of node.children) at = step(child, at);
        return at;
      }
      case 'anyOf':
        for (const child of node.children) {
          const end = step(child, from);
          for (let q = 0; q <= n; q++) if (end[q]) to[q] = 1;
        }
        return to;
      case 'text':
        for (let q = 0; q + node.text.length <= n; q++) if (from[q] && node.text.every((c, k) => text[q + k] === c)) to[q + node.text.length] = 1;
        return to;
      case 'super': {
        let started = false;
        for (let q = 0; q <= n; q++) {
          started ||= from[q] === 1;
          if (started) to[q] = 1;
        }
        return to;
      }
      case 'any': {
        let active = false;
        for (let q = 0; q <= n; q++) {
          active ||= from[q] === 1;
          if (active) to[q] = 1;
          if (q < n && seps.has(text[q])) active = false;
        }
        return to;
      }
      default:
        for (let q = 0; q < n; q++) if (from[q] && oneCharacter(node, text[q], seps)) to[q + 1] = 1;
        return to;
    }
  };
  const start = new Uint8Array(n + 1);
  start[0] = 1;
  return step(tree, start)[n] === 1;
}

function oneCharacter(node: Node, c: number, seps: ReadonlySet<number>): boolean {
  switch (node.kind) {
    case 'single':
      return !seps.has(c);
    case 'list':
      return node.chars.includes(c) !== node.not;
    case 'range':
      return (c >= node.lo && c <= node.hi) !== node.not;
    default:
      return false;
  }
}
