/**
 * The CEL validation rules of custom resource schemas
 * (`x-kubernetes-validations`), evaluated as the API server evaluates them on
 * create, in paved's Kubernetes CEL environment (lib/validate/admission/cel-env.ts:
 * `@bufbuild/cel`, the string extension, and the libraries the API server
 * adds: quantity, ip, cidr, url, regex, lists, sets, format, optionals):
 *
 * - a rule is evaluated at every value its schema node has (each list item,
 *   each map value), with `self` bound to that value, typed by the schema
 *   (integers are CEL ints, numbers doubles, objects with properties have
 *   their field names escaped as Kubernetes does: `namespace` is
 *   `__namespace__`, `a-b` is `a__dash__b`); `null` values are not evaluated;
 * - the value is the one the API server validates: nulls pruned and defaults
 *   applied (lib/validate/structural.ts);
 * - transition rules (those that read `oldSelf`) are skipped: paved checks
 *   objects as they are created, when there is no old object, and the API
 *   server skips them then too. One with `optionalOldSelf` is evaluated by the
 *   API server on create, with an absent `oldSelf`; paved has no optional
 *   values to give it, and reports it as not checked;
 * - a failing rule is reported with its `message`, else its evaluated
 *   `messageExpression`, else `failed rule: <rule>`, at its node's field
 *   (joined with the rule's `fieldPath`, when it gives one);
 * - an evaluation error that comes from the object (a missing key, an index
 *   out of range, a malformed duration) is an error, as the API server's
 *   `<error> evaluating rule: <rule>`;
 * - a rule this evaluator cannot compile or run (a syntax or function it
 *   lacks) is reported as not checked, once per rule, never passed silently.
 */
import type { CelInput, CelResult, CelValue } from '@bufbuild/cel';
import { celValue } from '../admission/cel-values';

export { celValue, escapeFieldName } from '../admission/cel-values';

type Schema = Record<string, unknown>;
type Obj = Record<string, unknown>;

/** One finding of a schema's CEL rules. */
export interface RuleProblem {
  /** `error` for a rule the object breaks; `warning` for a rule that could not be checked. */
  readonly severity: 'error' | 'warning';
  /** The field at fault, e.g. `spec.provider.crd`. */
  readonly field: string;
  readonly message: string;
}

/** A rule as the catalog keeps it (see lib/validate/crd-schema.ts). */
interface Rule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

type Evaluate = (bindings: Record<string, CelInput>) => CelResult;
/** A compiled rule, or why it cannot be checked. */
type Compiled = { readonly run: Evaluate } | { readonly skip: 'transition' } | { readonly unchecked: string };

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const schemaAt = (v: unknown): Schema | undefined => (isObject(v) ? v : undefined);

type CelEnvModule = typeof import('../admission/cel-env');
let cel: CelEnvModule | undefined;

/** The Kubernetes CEL environment, loaded when a schema first has rules to check. */
function celRuntime(): CelEnvModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cel ??= require('../admission/cel-env') as CelEnvModule;
  return cel;
}

/** Whether an expression reads `oldSelf` (string literals aside). */
const readsOldSelf = (expression: string): boolean => /\boldSelf\b/.test(expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ''));

const compiledRules = new Map<string, Compiled>();

function compileRule(rule: Rule): Compiled {
  const key = `${rule.optionalOldSelf === true ? 'optional ' : ''}${rule.rule}`;
  let compiled = compiledRules.get(key);
  if (!compiled) {
    if (readsOldSelf(rule.rule)) {
      compiled =
        rule.optionalOldSelf === true
          ? { unchecked: 'a transition rule with optionalOldSelf, which the API server evaluates on create with an absent oldSelf (paved has no optional values)' }
          : { skip: 'transition' };
    } else {
      const result = celRuntime().compileExpression(rule.rule, { variables: ['self'] });
      if (result.ok) compiled = { run: result.run };
      else compiled = { unchecked: result.message.startsWith('syntax error: ') ? `paved's CEL parser cannot read it (${result.message.slice(14)})` : result.message };
    }
    compiledRules.set(key, compiled);
  }
  return compiled;
}

/**
 * Why paved cannot check a rule (it cannot parse it, or it calls a function
 * paved's CEL environment lacks), or undefined when it can: transition rules
 * (which read `oldSelf`) are skipped on create, and count as checkable.
 */
export function uncheckableRule(rule: string, optionalOldSelf = false): string | undefined {
  const compiled = compileRule({ rule, optionalOldSelf });
  return 'unchecked' in compiled ? compiled.unchecked : undefined;
}

/** Whether a schema node, or any below it, has CEL rules (cached per node). */
const withRules = new WeakMap<Schema, boolean>();
export function hasRules(schema: Schema): boolean {
  let known = withRules.get(schema);
  if (known === undefined) {
    known = Array.isArray(schema['x-kubernetes-validations']) && schema['x-kubernetes-validations'].length > 0;
    const below = [...Object.values(schemaAt(schema.properties) ?? {}), schema.items, schema.additionalProperties];
    for (const sub of below) if (!known && isObject(sub)) known = hasRules(sub);
    withRules.set(schema, known);
  }
  return known;
}

/** A rule's `fieldPath` (`.spec.x`, `.m['key']`) as a field path below `base`. */
function ruleField(base: string, fieldPath: string | undefined): string {
  if (!fieldPath) return base;
  const relative = fieldPath.replace(/\[\s*'((?:[^'\\]|\\.)*)'\s*\]/g, '.$1').replace(/^\./, '');
  return base && relative ? `${base}.${relative}` : base || relative;
}

const ruleText = (rule: Rule): string => (rule.message?.trim() ? rule.message.trim() : rule.rule.trim());

/**
 * Evaluates every CEL rule of a schema on an object (already pruned and
 * defaulted, see lib/validate/structural.ts). `reported` holds the rules
 * already reported as not checked in this run: each is reported once.
 */
export function checkCelRules(schema: Schema, object: unknown, reported: Set<string> = new Set()): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!hasRules(schema)) return problems;
  const converted = new WeakMap<object, CelInput>();
  const input = (value: unknown, node: Schema, root: boolean): CelInput => {
    if (typeof value !== 'object' || value === null) return celValue(value, node, root);
    let v = converted.get(value);
    if (v === undefined) {
      v = celValue(value, node, root);
      converted.set(value, v);
    }
    return v;
  };
  const visit = (value: unknown, node: Schema, field: string, root: boolean): void => {
    if (value === null || value === undefined || !hasRules(node)) return;
    const rules = Array.isArray(node['x-kubernetes-validations']) ? (node['x-kubernetes-validations'] as Rule[]) : [];
    for (const rule of rules) {
      const problem = evaluate(rule, input(value, node, root), field, reported);
      if (problem) problems.push(problem);
    }
    if (Array.isArray(value)) {
      const items = schemaAt(node.items);
      if (items) value.forEach((v, i) => visit(v, items, `${field}[${i}]`, false));
      return;
    }
    if (!isObject(value)) return;
    const properties = schemaAt(node.properties) ?? {};
    const additional = schemaAt(node.additionalProperties);
    for (const [key, v] of Object.entries(value)) {
      const sub = Object.prototype.hasOwnProperty.call(properties, key) ? schemaAt(properties[key]) : additional;
      if (sub) visit(v, sub, field ? `${field}.${key}` : key, false);
    }
  };
  visit(object, schema, '', true);
  return problems;
}

function evaluate(rule: Rule, self: CelInput, field: string, reported: Set<string>): RuleProblem | undefined {
  const compiled = compileRule(rule);
  if ('skip' in compiled) return undefined;
  const unchecked = (why: string): RuleProblem | undefined => {
    if (reported.has(rule.rule)) return undefined;
    reported.add(rule.rule);
    return { severity: 'warning', field, message: `CEL rule not checked: ${why}: ${rule.rule.trim()}` };
  };
  if ('unchecked' in compiled) return unchecked(compiled.unchecked);
  const result = compiled.run({ self });
  if (celRuntime().isCelError(result)) {
    const message = celRuntime().errorMessage(result);
    // what the environment cannot do is paved's limit; what the object lacks is the object's fault
    if (/^unbound function|^unresolved attribute|no matching overload/.test(message)) return unchecked(`paved's CEL cannot evaluate it here (${message})`);
    if (celRuntime().isOffline(message)) return unchecked(message);
    return { severity: 'error', field, message: `${message} evaluating rule: ${ruleText(rule)}` };
  }
  if (result === true) return undefined;
  if (typeof result !== 'boolean') return unchecked(`it gives ${describeValue(result)}, not a bool`);
  return { severity: 'error', field: ruleField(field, rule.fieldPath), message: failureMessage(rule, self) };
}

/** The message of a failed rule, as the API server words it. */
function failureMessage(rule: Rule, self: CelInput): string {
  if (rule.messageExpression) {
    const compiled = compileRule({ rule: rule.messageExpression });
    if ('run' in compiled) {
      const message = compiled.run({ self });
      // an expression that fails, or gives an empty or multi-line string, is ignored, as the API server does
      if (typeof message === 'string' && message.trim() !== '' && !message.includes('\n')) return message;
    }
  }
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

function describeValue(value: CelValue): string {
  return typeof value === 'bigint' ? 'an int' : typeof value === 'number' ? 'a double' : typeof value === 'string' ? 'a string' : 'a value';
}
