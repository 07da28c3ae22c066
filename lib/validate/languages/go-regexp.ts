/**
 * The API server checks a CRD's `pattern` (and CUE its `=~`) with Go's RE2
 * syntax; ajv compiles it as a JavaScript `RegExp` with the `u` flag. The two
 * agree on most patterns; this rewrites the RE2 forms upstream schemas use
 * that JavaScript does not read:
 *
 * - a leading `(?i)` (case-insensitive): each letter becomes both cases
 *   (`a` → `[aA]`, `[a-z_]` → `[a-zA-Z_]`), since a JavaScript pattern cannot
 *   carry its own flags;
 * - `(?P<name>`: a named group, `(?<name>` in JavaScript.
 *
 * A pattern JavaScript still cannot compile gives `undefined`: the caller then
 * leaves that field's pattern unchecked rather than failing every check.
 */
export function jsPattern(pattern: string): string | undefined {
  let p = pattern.replace(/\(\?P</g, '(?<');
  const insensitive = /^(\^?)\(\?i\)/.exec(p);
  if (insensitive) p = insensitive[1] + bothCases(p.slice(insensitive[0].length));
  try {
    new RegExp(p, 'u');
    return p;
  } catch {
    return undefined;
  }
}

const isLetter = (c: string) => /^[a-zA-Z]$/.test(c);
const other = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/** Rewrites a pattern so that it matches letters of either case. */
function bothCases(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      // an escape stays as it is (\d, \., \w and \p{...} are case-independent or already both)
      const braced = /^\\[pP]\{[^}]*\}/.exec(p.slice(i));
      const escape = braced ? braced[0] : p.slice(i, i + 2);
      out += escape;
      i += escape.length - 1;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        out += c;
      } else if (isLetter(c) && p[i + 1] === '-' && isLetter(p[i + 2] ?? '')) {
        const to = p[i + 2];
        out += `${c}-${to}${other(c)}-${other(to)}`;
        i += 2;
      } else {
        out += isLetter(c) ? c + other(c) : c;
      }
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') out += p[++i]; // a literal ] first in a class
      continue;
    }
    if (c === '{') {
      // a quantifier's digits, or a literal brace: copied up to its end
      const q = /^\{\d+(,\d*)?\}/.exec(p.slice(i));
      if (q) {
        out += q[0];
        i += q[0].length - 1;
        continue;
      }
    }
    if (c === '(' && p[i + 1] === '?') {
      // a group's syntax ((?:, (?=, (?<name>) keeps its letters
      const g = /^\(\?(?:<[A-Za-z_][A-Za-z0-9_]*>|[:=!]|<[=!])/.exec(p.slice(i));
      if (g) {
        out += g[0];
        i += g[0].length - 1;
        continue;
      }
    }
    out += isLetter(c) ? `[${c}${other(c)}]` : c;
  }
  return out;
}
