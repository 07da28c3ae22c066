/**
 * The tokenizer of the CUE that KubeVela definitions' templates use (see
 * lib/validate/cue-parameters.ts, which reads their `parameter` blocks).
 */

/** What a token is. */
export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'directive' | 'eof';

/** One token of CUE source. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For strings: the decoded value. */
  readonly value?: string;
  readonly line: number;
}

const PUNCTUATION = ['...', '=~', '!~', '==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', ':', ',', '|', '&', '*', '?', '!', '=', '.', '<', '>', '+', '-', '/', '@'];

/**
 * Splits CUE source into tokens; comments are dropped, newlines kept. With
 * `directives`, KubeVela's `// +patchKey=` and `// +patchStrategy=` comments
 * are kept as tokens.
 */
export function tokenize(source: string, directives = false): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
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
      const m = /^\/\/\s*\+(patchKey|patchStrategy)=(\S+)/.exec(source.slice(start, i));
      if (directives && m) tokens.push({ kind: 'directive', text: `${m[1]}=${m[2]}`, line });
      continue;
    }
    if (c === '"' || (c === '#' && source[i + 1] === '"')) {
      const raw = c === '#';
      let j = raw ? i + 2 : i + 1;
      const multi = source.startsWith('""', j);
      if (multi) j += 2;
      let value = '';
      for (;;) {
        if (j >= source.length) throw new CueParseError(`unterminated string at line ${line}`);
        const d = source[j];
        if (multi ? source.startsWith('"""', j) : d === '"') {
          j += multi ? 3 : 1;
          if (raw) j++;
          break;
        }
        if (d === '\\' && !raw) {
          value += source[j + 1];
          j += 2;
          continue;
        }
        if (d === '\n') line++;
        value += d;
        j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j), value, line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?([KMGTP]i?)?/.exec(source.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'number', text, line });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_#$]/.test(c)) {
      const m = /^[A-Za-z_#$][A-Za-z0-9_#$]*/.exec(source.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'ident', text, line });
      i += text.length;
      continue;
    }
    const p = PUNCTUATION.find((candidate) => source.startsWith(candidate, i));
    if (!p) throw new CueParseError(`unexpected character '${c}' at line ${line}`);
    tokens.push({ kind: 'punct', text: p, line });
    i += p.length;
  }
  tokens.push({ kind: 'eof', text: '', line });
  return tokens;
}

/** Raised when a parameter block uses CUE this reader does not understand. */
export class CueParseError extends Error {}
