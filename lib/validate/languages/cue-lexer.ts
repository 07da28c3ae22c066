/**
 * The tokens of the CUE that KubeVela definitions' templates use, as the
 * parameter reader (lib/validate/languages/cue-parameters.ts) takes them: those of
 * cue-tokens.ts, with the line each starts on, without comments.
 */
import { CueSyntaxError, tokenizeCue } from './cue-tokens';

/** What a token is. */
export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'eof';

/** One token of CUE source. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For strings: the decoded value (none for a string with an interpolation). */
  readonly value?: string;
  readonly line: number;
}

/** Splits CUE source into tokens; comments are dropped, newlines kept. */
export function tokenize(source: string): Token[] {
  let tokens;
  try {
    tokens = tokenizeCue(source);
  } catch (e) {
    throw e instanceof CueSyntaxError ? new CueParseError(e.message) : e;
  }
  const out: Token[] = [];
  let line = 1;
  let at = 0;
  for (const t of tokens) {
    for (; at < t.start; at++) if (source[at] === '\n') line++;
    if (t.kind === 'tag') continue;
    out.push({ kind: t.kind, text: t.text, ...(t.value !== undefined ? { value: t.value } : {}), line });
  }
  return out;
}

/** Raised when a parameter block uses CUE this reader does not understand. */
export class CueParseError extends Error {}
