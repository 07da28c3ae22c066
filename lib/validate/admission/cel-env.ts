/**
 * The Kubernetes CEL environment, offline: @bufbuild/cel 0.6.1 with the
 * string extension and the libraries the API server adds
 * (k8s.io/apiserver/pkg/cel/environment/base.go): quantity, ip, cidr, url,
 * regex, lists, sets, format, optional types and the authorizer. Both the CRD
 * rules (lib/validate/languages/cel-rules.ts) and the admission policies compile their
 * expressions here, once each.
 *
 * Compiling an expression reads it (the optional syntax included, see
 * cel-optional-syntax.ts) and checks what the API server's compiler checks
 * without types: every identifier is a declared variable (or a type name),
 * every function exists, and `variables.<name>` names a variable declared
 * before. What the API server would refuse is `invalid` (its message worded
 * as cel-go's); what the API server reads but paved cannot evaluate (a
 * function or syntax paved lacks) is `offline`, never a pass.
 *
 * @internal
 */
import { type CelEnv, type CelInput, type CelResult, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import { AUTHZ_FUNCTIONS } from './cel-lib-authz';
import { FORMAT_FUNCTIONS } from './cel-lib-format';
import { LIST_FUNCTIONS } from './cel-lib-lists';
import { NET_FUNCTIONS } from './cel-lib-net';
import { OPTIONAL_FUNCTIONS } from './cel-lib-optional';
import { QUANTITY_FUNCTIONS } from './cel-lib-quantity';
import { URL_FUNCTIONS } from './cel-lib-url';
import { OFFLINE } from './cel-offline';
import { UnreadableExpression, rewriteOptionalAst, rewriteOptionalSyntax } from './cel-optional-syntax';
import { TYPE_REGISTRY } from './cel-types';

let env: CelEnv | undefined;

const patterns = new Map<string, { test(text: string): boolean }>();
function compiledPattern(pattern: string): { test(text: string): boolean } {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = RE2JS.compile(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

/** The environment (built on first use). */
export function kubernetesCelEnv(): CelEnv {
  env ??= celEnv({
    registry: TYPE_REGISTRY,
    // matches() compiles its pattern on every call; the same RE2 engine, each pattern compiled once
    re2: { compile: (pattern) => compiledPattern(pattern) },
    funcs: [...strings, ...QUANTITY_FUNCTIONS, ...NET_FUNCTIONS, ...URL_FUNCTIONS, ...LIST_FUNCTIONS, ...FORMAT_FUNCTIONS, ...OPTIONAL_FUNCTIONS, ...AUTHZ_FUNCTIONS],
  });
  return env;
}

/** What an expression may refer to. */
export interface Declarations {
  /** The variables (`object`, `request`, ..., or `self` for CRD rules). */
  readonly variables: readonly string[];
  /** The composited variables declared so far (`variables.<name>`), when the expression may read them. */
  readonly composited?: readonly string[];
}

/** A compiled expression, or why it cannot run. */
export type Compiled = { readonly ok: true; readonly run: (bindings: Record<string, CelInput>) => CelResult } | { readonly ok: false; readonly kind: 'invalid' | 'offline'; readonly message: string };

/** Functions of the API server's environment that paved lacks: an expression calling them cannot be evaluated offline. */
const LACKING = new Set([
  'mul',
  'div',
  'divInt',
  'includes',
  'semver',
  'isSemver',
  'major',
  'minor',
  'patch',
  'image',
  'isImage',
  'containerImage',
  'registry',
  'repository',
  'identifier',
  'tag',
  'digest',
  'transformList',
  'transformMap',
  'transformMapEntry',
]);
const TWO_VARIABLE_MACROS = new Set(['all', 'exists', 'existsOne', 'exists_one']);
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn', 'net.IP', 'net.CIDR', 'optional_type']);

interface Node {
  exprKind: { case: string | undefined; value?: unknown };
}

const undeclared = (name: string): CompileProblem => new CompileProblem('invalid', `undeclared reference to '${name}' (in container '')`);
class CompileProblem extends Error {
  constructor(
    readonly kind: 'invalid' | 'offline',
    message: string,
  ) {
    super(message);
  }
}

function qualified(e: Node | undefined): string | undefined {
  if (!e) return undefined;
  if (e.exprKind.case === 'identExpr') return (e.exprKind.value as { name: string }).name;
  if (e.exprKind.case !== 'selectExpr') return undefined;
  const s = e.exprKind.value as { operand?: Node; field: string; testOnly: boolean };
  if (s.testOnly) return undefined;
  const base = qualified(s.operand);
  return base === undefined ? undefined : `${base}.${s.field}`;
}

/** Checks identifiers, functions and `variables.<name>` of a parsed expression. */
function checkReferences(e: Node | undefined, d: Declarations, scope: ReadonlySet<string>, environment: CelEnv): void {
  if (!e) return;
  const v = e.exprKind.value as Record<string, unknown>;
  const walk = (x: unknown, s = scope) => checkReferences(x as Node | undefined, d, s, environment);
  switch (e.exprKind.case) {
    case 'identExpr': {
      const name = v.name as string;
      if (!scope.has(name) && !d.variables.includes(name) && !TYPE_NAMES.has(name)) throw undeclared(name);
      return;
    }
    case 'selectExpr': {
      const name = qualified(e);
      if (name !== undefined && TYPE_NAMES.has(name)) return;
      const operand = v.operand as Node | undefined;
      if (qualified(operand) === 'variables' && !scope.has('variables') && d.composited && !d.composited.includes(v.field as string)) {
        throw new CompileProblem('invalid', `undefined field '${String(v.field)}'`);
      }
      return walk(operand);
    }
    case 'callExpr':
      return checkCall(v as { target?: Node; function: string; args: Node[] }, walk, environment);
    case 'listExpr':
      return (v.elements as Node[]).forEach((x) => walk(x));
    case 'structExpr':
      for (const entry of v.entries as { mapKey?: Node; value?: Node }[]) [entry.mapKey, entry.value].forEach((x) => walk(x));
      return;
    case 'comprehensionExpr': {
      walk(v.iterRange);
      walk(v.accuInit);
      const inner = new Set([...scope, v.iterVar as string, v.accuVar as string, ...(v.iterVar2 ? [v.iterVar2 as string] : [])]);
      for (const part of ['loopCondition', 'loopStep', 'result']) walk(v[part], inner);
      return;
    }
    default:
      return;
  }
}

function checkCall(c: { target?: Node; function: string; args: Node[] }, walk: (x: unknown) => void, environment: CelEnv): void {
  const namespace = qualified(c.target);
  if (namespace !== undefined && environment.funcs.find(`${namespace}.${c.function}`)) {
    c.args.forEach((a) => walk(a));
    return;
  }
  if (!environment.funcs.find(c.function) && !c.function.startsWith('@') && !/^[!_]|_$/.test(c.function)) {
    if (TWO_VARIABLE_MACROS.has(c.function) && c.args.length === 3) throw new CompileProblem('offline', `the two-variable comprehension ${c.function}() ${OFFLINE}: paved's CEL lacks it`);
    if (LACKING.has(c.function)) throw new CompileProblem('offline', `${c.function}() ${OFFLINE}: paved's CEL lacks it`);
    throw undeclared(c.function);
  }
  walk(c.target);
  c.args.forEach((a) => walk(a));
}

const cache = new Map<string, Compiled>();

/** Compiles an expression once per declarations (later calls return the same program). */
export function compileExpression(expression: string, d: Declarations): Compiled {
  const key = `${d.variables.join(',')}|${d.composited?.join(',') ?? '*'}|${expression}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compile(expression, d);
    cache.set(key, compiled);
  }
  return compiled;
}

function compile(expression: string, d: Declarations): Compiled {
  const environment = kubernetesCelEnv();
  try {
    const { source } = rewriteOptionalSyntax(expression);
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(source);
    } catch (e) {
      return { ok: false, kind: 'invalid', message: `syntax error: ${firstLine(e)}` };
    }
    rewriteOptionalAst(parsed.expr as never);
    checkReferences(parsed.expr as Node, d, new Set(), environment);
    const program = plan(environment, parsed);
    return { ok: true, run: (bindings) => program(bindings) };
  } catch (e) {
    if (e instanceof UnreadableExpression) return { ok: false, kind: 'offline', message: e.message };
    if (e instanceof CompileProblem) return { ok: false, kind: e.kind, message: e.message };
    return { ok: false, kind: 'offline', message: `paved's CEL ${OFFLINE} here: ${firstLine(e)}` };
  }
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** An evaluation error's message as cel-go words it (`no such key: x`). */
export function errorMessage(result: CelResult): string {
  if (!isCelError(result)) return '';
  return result.message.replace(/^field not found: /, 'no such key: ');
}
export { isOffline } from './cel-offline';
export { isCelError } from '@bufbuild/cel';
