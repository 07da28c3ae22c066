/**
 * The tokenizer of the CUE of KubeVela definition templates, enough to read
 * their structure (labels, blocks, lists, references, interpolations inside
 * strings: `"\(parameter["x"])"`) and KubeVela's `// +key=value` comment tags
 * (as its findCommentTag does), and to rewrite a template in place (every
 * token knows where it stands in the source). The renderer reads patch tags
 * and rewrites templates with it (lib/render/); the parameter reader reads
 * `parameter` blocks through lib/validate/languages/cue-lexer.ts, which adds lines.
 */

/** What a token is. */
export type CueTokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'tag' | 'eof';

/** One token of CUE source. */
export interface CueToken {
  readonly kind: CueTokenKind;
  readonly text: string;
  /** Where it starts in the source. */
  readonly start: number;
  /** Where it ends (exclusive). */
  readonly end: number;
  /** For a `tag` comment: the key (`patchKey`). */
  readonly key?: string;
  /** For a `tag` comment: the value (`name`); for a string: its plain value when it has no interpolation. */
  readonly value?: string;
}

const PUNCTUATION = ['...', '_|_', '=~', '!~', '==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', ':', ',', '|', '&', '*', '?', '!', '=', '.', '<', '>', '+', '-', '/', '@', ';'];

/**
 * Reads a comment line the way KubeVela's findCommentTag does
 * (pkg/cue/model/sets/operation.go): `+key=value`, the value one word.
 */
export function commentTag(comment: string): { key: string; value: string } | undefined {
  const line = comment.trim().replace(/^\/\//, '').trim();
  if (!line.startsWith('+')) return undefined;
  const eq = line.indexOf('=');
  if (eq < 0) return undefined;
  const key = line.slice(1, eq).trim();
  const value = line.slice(eq + 1).trim();
  if (value.split(/\s+/).filter(Boolean).length > 1) return undefined;
  return { key, value };
}

/** Where a string literal that starts at `i` ends, and its plain value (undefined when it interpolates). */
function readString(source: string, i: number): { end: number; value?: string } {
  let hashes = 0;
  while (source[i + hashes] === '#') hashes++;
  const quote = source[i + hashes];
  let j = i + hashes + 1;
  const multi = source.startsWith(quote.repeat(2), j);
  if (multi) j += 2;
  const close = (multi ? quote.repeat(3) : quote) + '#'.repeat(hashes);
  const escape = '\\' + '#'.repeat(hashes);
  let value: string | undefined = '';
  while (j < source.length) {
    if (source.startsWith(close, j)) return { end: j + close.length, value };
    if (!multi && source[j] === '\n') break;
    if (source.startsWith(escape, j)) {
      const k = j + escape.length;
      if (source[k] === '(') {
        // an interpolation: skip to its closing parenthesis, strings inside included
        value = undefined;
        let depth = 1;
        let m = k + 1;
        while (m < source.length && depth > 0) {
          const c = source[m];
          if (c === '"' || c === "'" || (c === '#' && (source[m + 1] === '"' || source[m + 1] === '#'))) {
            m = readString(source, m).end;
            continue;
          }
          if (c === '(') depth++;
          if (c === ')') depth--;
          m++;
        }
        j = m;
        continue;
      }
      if (value !== undefined) value += unescape(source[k]);
      j = k + 1;
      continue;
    }
    if (value !== undefined) value += source[j];
    j++;
  }
  throw new CueSyntaxError(`unterminated string at offset ${i}`);
}

function unescape(c: string): string {
  return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c;
}

/** Raised when the source is not CUE this tokenizer can read. */
export class CueSyntaxError extends Error {}

/** Splits CUE source into tokens; comments are dropped except `// +key=value` tags. */
export function tokenizeCue(source: string): CueToken[] {
  const tokens: CueToken[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const start = i;
      while (i < source.length && source[i] !== '\n') i++;
      const tag = commentTag(source.slice(start, i));
      if (tag) tokens.push({ kind: 'tag', text: source.slice(start, i), start, end: i, key: tag.key, value: tag.value });
      continue;
    }
    if (c === '"' || c === "'" || (c === '#' && /^#+["']/.test(source.slice(i, i + 8)))) {
      const { end, value } = readString(source, i);
      tokens.push({ kind: 'string', text: source.slice(i, end), start: i, end, ...(value !== undefined ? { value } : {}) });
      i = end;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(0[xob][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+([eE][+-]?[0-9]+)?([KMGTP]i?)?)/.exec(source.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'number', text, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    if (source.startsWith('_|_', i)) {
      tokens.push({ kind: 'punct', text: '_|_', start: i, end: i + 3 });
      i += 3;
      continue;
    }
    if (/[A-Za-z_#$]/.test(c)) {
      const m = /^[A-Za-z_#$][A-Za-z0-9_#$]*/.exec(source.slice(i, i + 256));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'ident', text, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    const p = PUNCTUATION.find((candidate) => source.startsWith(candidate, i));
    if (!p) throw new CueSyntaxError(`unexpected character '${c}' at offset ${i}`);
    tokens.push({ kind: 'punct', text: p, start: i, end: i + p.length });
    i += p.length;
  }
  tokens.push({ kind: 'eof', text: '', start: source.length, end: source.length });
  return tokens;
}
