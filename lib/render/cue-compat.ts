/**
 * Rewrites that make CUE 0.4.3 (the cue-wasm build paved runs) evaluate
 * KubeVela templates as CUE 0.9.2 (KubeVela 1.10's) does. Each rewrite keeps
 * the template's meaning under CUE 0.9; a template none applies to is left
 * as written.
 *
 * 1. A comprehension over a field that may be absent (`for v in
 *    parameter.pvc` where `pvc?:`): CUE 0.9 iterates nothing, CUE 0.4.3
 *    fails ("cannot reference optional field", reported as a cycle error).
 *    Rewritten `for v in (*parameter.pvc | [])`.
 * 2. A test of a hidden field that aliases a reference, declared beside the
 *    test (`_baseEnv: _baseContainer.env` then `if _baseEnv == _|_`): CUE
 *    0.4.3 reports a cycle when the reference is absent (the `env` trait on
 *    a container without env). The test is rewritten on the reference itself
 *    (`if _baseContainer.env == _|_`), which is the same value.
 */
import { type CueToken, tokenizeCue } from '../validate/languages/cue-tokens';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const isIdent = (t: CueToken | undefined) => t?.kind === 'ident';

/** The end (token index, exclusive) of a selector path `a.b.c` starting at `i`, or `i` when none. */
function selectorEnd(tokens: readonly CueToken[], i: number): number {
  if (!isIdent(tokens[i])) return i;
  let j = i + 1;
  while (tokens[j]?.text === '.' && tokens[j]?.kind === 'punct' && isIdent(tokens[j + 1])) j += 2;
  return j;
}

/** The token index of the `{` that opens the block holding token `i` (-1 at top level). */
function enclosingOpen(tokens: readonly CueToken[], i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t.kind !== 'punct') continue;
    if (t.text === '}' || t.text === ']' || t.text === ')') depth++;
    if (t.text === '{' || t.text === '[' || t.text === '(') {
      if (depth === 0) return t.text === '{' ? j : -2;
      depth--;
    }
  }
  return -1;
}

/** The template rewritten for CUE 0.4.3 (see the module's comment). */
export function compatTemplate(template: string): string {
  let tokens: CueToken[];
  try {
    tokens = tokenizeCue(template);
  } catch {
    return template;
  }
  const edits: Edit[] = [];
  const optional = new Set<string>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    if ((isIdent(tokens[i]) || tokens[i].kind === 'string') && tokens[i + 1].text === '?' && tokens[i + 2].text === ':')
      optional.add(tokens[i].kind === 'string' ? (tokens[i].value ?? '') : tokens[i].text);
  }
  // 1. for ... in <optional field>
  for (let i = 0; i < tokens.length; i++) {
    if (!(isIdent(tokens[i]) && tokens[i].text === 'in')) continue;
    const end = selectorEnd(tokens, i + 1);
    if (end <= i + 2) continue;
    const next = tokens[end];
    if (!(next.text === '{' || (isIdent(next) && (next.text === 'if' || next.text === 'for' || next.text === 'let')))) continue;
    if (!optional.has(tokens[end - 1].text)) continue;
    const ref = template.slice(tokens[i + 1].start, tokens[end - 1].end);
    edits.push({ start: tokens[i + 1].start, end: tokens[end - 1].end, text: `(*${ref} | [])` });
  }
  // 2. _alias: <reference> ... if _alias == _|_
  const declared = new Map<string, { at: number; ref: string; block: number }[]>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i];
    if (!isIdent(t) || !t.text.startsWith('_') || t.text.startsWith('_|') || tokens[i + 1].text !== ':') continue;
    const end = selectorEnd(tokens, i + 2);
    const after = tokens[end];
    const simple = end > i + 2 && (after.kind === 'newline' || after.kind === 'eof' || after.text === '}' || after.text === ',');
    const list = declared.get(t.text) ?? [];
    list.push({ at: i, ref: simple ? template.slice(tokens[i + 2].start, tokens[end - 1].end) : '', block: enclosingOpen(tokens, i) });
    declared.set(t.text, list);
  }
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i];
    const d = declared.get(t.text);
    if (!isIdent(t) || !d || d.length !== 1 || !d[0].ref) continue;
    if (!((tokens[i + 1].text === '==' || tokens[i + 1].text === '!=') && tokens[i + 2].text === '_|_')) continue;
    if (tokens[i - 1]?.text === '.') continue;
    if (enclosingOpen(tokens, i) !== d[0].block) continue;
    edits.push({ start: t.start, end: t.end, text: d[0].ref });
  }
  if (edits.length === 0) return template;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue;
    out += template.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + template.slice(at);
}
