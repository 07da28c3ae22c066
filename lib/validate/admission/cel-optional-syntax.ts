/**
 * The optional syntax of cel-go (`object.metadata.?labels`, `labels[?'app']`),
 * which the API server's CEL environment has and @bufbuild/cel 0.6.1's parser
 * does not read. An expression is read in two steps:
 *
 * 1. the source: outside string literals and comments, `.?name` becomes
 *    `.__opt_sel__name` and an index `x[?k]` becomes `x[__opt_index__(k)]`,
 *    which the parser reads;
 * 2. the parsed expression: those selections become calls of the optional
 *    library (cel-lib-optional.ts), and a plain selection or index applied
 *    to an optional (`a.?b.c`) is applied inside it, as cel-go does.
 *
 * Optional list elements and map entries (`[?x]`, `{?k: v}`) and the
 * `optMap`/`optFlatMap` macros are not read: such an expression is reported
 * as one paved cannot evaluate offline.
 *
 * @internal
 */
import { OFFLINE } from './cel-offline';
import { OPTIONAL_INSIDE, OPTIONAL_SELECT } from './cel-lib-optional';

const SELECT_MARK = '__opt_sel__';
const INDEX_MARK = '__opt_index__';

/** An expression paved cannot read (as opposed to one that does not compile). */
export class UnreadableExpression extends Error {}

interface Scanned {
  readonly source: string;
  readonly optional: boolean;
}

const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** The end (exclusive) of the string literal starting at `i` (`raw` when prefixed with r/R). */
function stringEnd(s: string, i: number, raw: boolean): number {
  const triple = s.startsWith(s[i].repeat(3), i) ? s[i].repeat(3) : s[i];
  let j = i + triple.length;
  while (j < s.length) {
    if (!raw && s[j] === '\\') j += 2;
    else if (s.startsWith(triple, j)) return j + triple.length;
    else if (triple.length === 1 && s[j] === '\n') return j;
    else j++;
  }
  return s.length;
}

/** Whether the last significant character before `i` ends an operand (so `[` there is an index). */
function endsOperand(out: string): boolean {
  const t = out.trimEnd();
  const c = t[t.length - 1];
  return c !== undefined && (isIdentChar(c) || c === ')' || c === ']' || c === '}' || c === '"' || c === "'");
}

/** Step 1: rewrites the optional syntax into text the parser reads. */
export function rewriteOptionalSyntax(s: string): Scanned {
  let out = '';
  let optional = false;
  const brackets: ('index' | 'other')[] = [];
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const prefix = /([rRbB]{1,2})$/.exec(out)?.[1] ?? '';
      const raw = /[rR]/.test(prefix) && !isIdentChar(out[out.length - prefix.length - 1]);
      const end = stringEnd(s, i, raw);
      out += s.slice(i, end);
      i = end;
    } else if (c === '/' && s[i + 1] === '/') {
      const end = s.indexOf('\n', i);
      out += end < 0 ? s.slice(i) : s.slice(i, end);
      i = end < 0 ? s.length : end;
    } else if (c === '.' && s[i + 1] === '?') {
      optional = true;
      out += `.${SELECT_MARK}`;
      i += 2;
      while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++;
    } else if (c === '[') {
      let j = i + 1;
      while (s[j] === ' ' || s[j] === '\t' || s[j] === '\n' || s[j] === '\r') j++;
      if (s[j] === '?') {
        if (!endsOperand(out)) throw new UnreadableExpression(`an optional list element ([?x]) ${OFFLINE}: paved's CEL parser lacks it`);
        optional = true;
        out += `[${INDEX_MARK}(`;
        brackets.push('index');
        i = j + 1;
      } else {
        out += c;
        brackets.push('other');
        i++;
      }
    } else if (c === ']') {
      out += brackets.pop() === 'index' ? ')]' : ']';
      i++;
    } else if (c === '?' && /[{,]$/.test(out.trimEnd())) {
      throw new UnreadableExpression(`an optional map entry or list element (?x) ${OFFLINE}: paved's CEL parser lacks it`);
    } else {
      out += c;
      i++;
    }
  }
  return { source: out, optional };
}

/* ---- step 2: the parsed expression ---- */

interface Expr {
  id: bigint;
  exprKind: { case: string | undefined; value?: unknown };
}
interface Call {
  target?: Expr;
  function: string;
  args: Expr[];
}
interface Select {
  operand?: Expr;
  field: string;
  testOnly: boolean;
}

let nextId = 1_000_000n;
const node = (kind: string, value: Record<string, unknown>, typeName: string): Expr =>
  ({ $typeName: 'cel.expr.Expr', id: nextId++, exprKind: { case: kind, value: { $typeName: typeName, ...value } } }) as Expr;
const stringConst = (s: string): Expr => node('constExpr', { constantKind: { case: 'stringValue', value: s } }, 'cel.expr.Constant');
const call = (fn: string, args: Expr[]): Expr => node('callExpr', { function: fn, args }, 'cel.expr.Expr.Call');

/** The functions and methods whose result is an optional. */
const OPTIONAL_RESULTS = new Set(['optional.of', 'optional.none', 'optional.ofNonZeroValue', 'format.named', '.or', '.validate']);

function qualifiedName(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.exprKind.case === 'identExpr') return (e.exprKind.value as { name: string }).name;
  if (e.exprKind.case === 'selectExpr') {
    const sel = e.exprKind.value as Select;
    const base = qualifiedName(sel.operand);
    return base === undefined ? undefined : `${base}.${sel.field}`;
  }
  return undefined;
}

/** Step 2: replaces the marks by the optional library's calls; returns whether `e` yields an optional. */
export function rewriteOptionalAst(e: Expr | undefined): boolean {
  if (!e) return false;
  const kind = e.exprKind.case;
  if (kind === 'selectExpr') {
    const sel = e.exprKind.value as Select;
    const inner = rewriteOptionalAst(sel.operand);
    if (!sel.operand) return false;
    if (sel.field.startsWith(SELECT_MARK)) {
      e.exprKind = call(OPTIONAL_SELECT, [sel.operand, stringConst(sel.field.slice(SELECT_MARK.length))]).exprKind;
      return true;
    }
    if (inner && !sel.testOnly) {
      e.exprKind = call(OPTIONAL_INSIDE, [sel.operand, stringConst(sel.field)]).exprKind;
      return true;
    }
    return false;
  }
  if (kind === 'callExpr') return rewriteCall(e, e.exprKind.value as Call);
  if (kind === 'listExpr') (e.exprKind.value as { elements: Expr[] }).elements.forEach((x) => rewriteOptionalAst(x));
  else if (kind === 'structExpr') for (const entry of (e.exprKind.value as { entries: { mapKey?: Expr; value?: Expr }[] }).entries) [entry.mapKey, entry.value].forEach((x) => rewriteOptionalAst(x));
  else if (kind === 'comprehensionExpr') {
    const c = e.exprKind.value as Record<string, Expr | undefined>;
    for (const part of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) rewriteOptionalAst(c[part]);
  } else if (kind === 'identExpr' && [SELECT_MARK, INDEX_MARK].some((m) => (e.exprKind.value as { name: string }).name.startsWith(m))) {
    throw new UnreadableExpression(`the optional syntax here ${OFFLINE}: paved reads x.?f and x[?k]`);
  }
  return false;
}

function rewriteCall(e: Expr, c: Call): boolean {
  if (c.function === INDEX_MARK) throw new UnreadableExpression(`the optional syntax here ${OFFLINE}: paved reads x.?f and x[?k]`);
  if (c.function === 'optMap' || c.function === 'optFlatMap') throw new UnreadableExpression(`${c.function}() ${OFFLINE}: paved's CEL lacks the macro`);
  if (c.function === '_[_]' && c.args.length === 2) {
    const [operand, key] = c.args;
    const operandOptional = rewriteOptionalAst(operand);
    const keyCall = key.exprKind.case === 'callExpr' ? (key.exprKind.value as Call) : undefined;
    if (keyCall && keyCall.function === INDEX_MARK && keyCall.args.length === 1) {
      rewriteOptionalAst(keyCall.args[0]);
      e.exprKind = call(OPTIONAL_SELECT, [operand, keyCall.args[0]]).exprKind;
      return true;
    }
    rewriteOptionalAst(key);
    if (!operandOptional) return false;
    e.exprKind = call(OPTIONAL_INSIDE, [operand, key]).exprKind;
    return true;
  }
  const qualified = qualifiedName(c.target);
  const targetOptional = qualified !== undefined && OPTIONAL_RESULTS.has(`${qualified}.${c.function}`) ? false : rewriteOptionalAst(c.target);
  c.args.forEach((a) => rewriteOptionalAst(a));
  if (qualified !== undefined && OPTIONAL_RESULTS.has(`${qualified}.${c.function}`)) return true;
  return c.target !== undefined && OPTIONAL_RESULTS.has(`.${c.function}`) && (targetOptional || c.function === 'validate');
}
