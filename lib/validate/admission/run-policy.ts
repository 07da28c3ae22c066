/**
 * One policy evaluated for one request under one binding and parameter, as
 * k8s.io/apiserver/pkg/admission/plugin/policy/validating/validator.go does:
 *
 * - match conditions first: any false skips the policy; errors (with none
 *   false) follow failurePolicy (Fail: a denial with the errors; Ignore: skip);
 * - composited variables are evaluated lazily, once, when first read
 *   (`composited variable "x" fails to evaluate: ...` on error);
 * - each validation: an error follows failurePolicy (Fail: a denial with
 *   `expression '<e>' resulted in error: <error>`); a result other than true
 *   denies, with the messageExpression's result (a non-empty single-line
 *   string of at most 5120 bytes), else the message, else
 *   `failed expression: <e>`, and the validation's reason (default Invalid);
 * - audit annotations: only their errors matter here (a denial under Fail).
 *
 * What paved cannot evaluate offline becomes a `offline` decision: never a
 * pass, never a denial.
 *
 * @internal
 */
import type { CelInput, CelResult, CelValue } from '@bufbuild/cel';
import { errorMessage, isCelError, isOffline } from './cel-env';
import type { CompiledPolicy, PolicyExpression } from './compile-policy';

export type Decision =
  | { readonly kind: 'deny'; readonly field: string; readonly validation?: number; readonly reason: string; readonly message: string }
  | { readonly kind: 'offline'; readonly field: string; readonly message: string };

export interface PolicyRun {
  /** Whether the match conditions selected the request (true when they errored under Fail, or could not be evaluated). */
  readonly matched: boolean;
  readonly decisions: readonly Decision[];
}

/** The bindings of an evaluation, `variables` aside. */
export type Activation = Readonly<Record<string, CelInput>>;

type Outcome = { readonly value: CelValue } | { readonly error: string } | { readonly offline: string };

const MAX_MESSAGE_BYTES = 5 * 1024;

/** The composited variables: each evaluated when first read, once. */
class LazyVariables extends Map<string, CelInput> {
  private readonly failures = new Map<string, string>();
  private bindings: Record<string, CelInput> = {};

  constructor(private readonly declared: CompiledPolicy['variables']) {
    super();
  }

  public bind(bindings: Record<string, CelInput>): void {
    this.bindings = bindings;
  }

  public override get(name: string): CelInput | undefined {
    if (super.has(name)) return super.get(name);
    const failed = this.failures.get(name);
    if (failed) throw new Error(failed);
    const v = this.declared.find((d) => d.name === name);
    if (!v) return undefined;
    let value: CelInput | undefined;
    let failure: string;
    if (!v.compiled.ok) failure = `composited variable "${name}" fails to compile: ${v.compiled.message}`;
    else {
      const result = v.compiled.run(this.bindings);
      if (!isCelError(result)) value = result;
      failure = `composited variable "${name}" fails to evaluate: ${errorMessage(result)}`;
    }
    if (value !== undefined) {
      super.set(name, value);
      return value;
    }
    this.failures.set(name, failure);
    throw new Error(failure);
  }

  public override has(name: string): boolean {
    return this.declared.some((d) => d.name === name);
  }
}

function evaluate(e: PolicyExpression, bindings: Record<string, CelInput>): Outcome {
  if (!e.compiled.ok) return e.compiled.kind === 'offline' ? { offline: e.compiled.message } : { error: `compilation error: ${e.compiled.message}` };
  const result: CelResult = e.compiled.run(bindings);
  if (!isCelError(result)) return { value: result };
  const message = errorMessage(result);
  return isOffline(message) ? { offline: message } : { error: `expression '${e.expression}' resulted in error: ${message}` };
}

/** Runs a policy's match conditions and validations for one request. */
export function runPolicy(p: CompiledPolicy, activation: Activation): PolicyRun {
  const variables = new LazyVariables(p.variables);
  const bindings: Record<string, CelInput> = { ...activation, variables };
  variables.bind(bindings);
  const fail = p.policy.failurePolicy !== 'Ignore';

  const errors: string[] = [];
  let offline: Decision | undefined;
  for (const m of p.matchConditions) {
    const r = evaluate(m, bindings);
    if ('value' in r && r.value === false) return { matched: false, decisions: [] };
    if ('error' in r) errors.push(r.error);
    if ('offline' in r) offline ??= { kind: 'offline', field: m.field, message: r.offline };
  }
  if (errors.length > 0) {
    if (!fail) return { matched: false, decisions: [] };
    const message = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
    return { matched: true, decisions: [{ kind: 'deny', field: 'spec.matchConditions', reason: 'Invalid', message }] };
  }
  if (offline) return { matched: true, decisions: [offline] };

  const decisions: Decision[] = [];
  p.validations.forEach((v, i) => {
    const r = evaluate(v.check, bindings);
    if ('offline' in r) decisions.push({ kind: 'offline', field: v.check.field, message: r.offline });
    else if ('error' in r) {
      if (fail) decisions.push({ kind: 'deny', field: v.check.field, validation: i, reason: 'Invalid', message: r.error });
    } else if (r.value !== true) {
      const spec = p.policy.validations[i];
      decisions.push({ kind: 'deny', field: v.check.field, validation: i, reason: spec.reason ?? 'Invalid', message: failureMessage(v.message, spec, bindings, decisions) });
    }
  });
  p.auditAnnotations.forEach((a) => {
    const r = evaluate(a, bindings);
    if ('offline' in r) decisions.push({ kind: 'offline', field: a.field, message: r.offline });
    else if (fail && 'error' in r) decisions.push({ kind: 'deny', field: a.field, reason: 'Invalid', message: r.error });
    else if (fail && 'value' in r && r.value !== null && typeof r.value !== 'string') {
      const type = typeof r.value === 'bigint' ? 'int' : typeof r.value === 'number' ? 'double' : typeof r.value === 'boolean' ? 'bool' : 'a value';
      decisions.push({
        kind: 'deny',
        field: a.field,
        reason: 'Invalid',
        message: `valueExpression '${a.expression}' resulted in unsupported return type: ${type}. Return type must be either string or null.`,
      });
    }
  });
  return { matched: true, decisions };
}

/** The message of a failed validation, as validator.go chooses it. */
function failureMessage(message: PolicyExpression | undefined, spec: CompiledPolicy['policy']['validations'][number], bindings: Record<string, CelInput>, decisions: Decision[]): string {
  if (message) {
    const r = evaluate(message, bindings);
    if ('offline' in r) decisions.push({ kind: 'offline', field: message.field, message: `${r.offline} (the message below is the validation's fallback)` });
    if ('value' in r && typeof r.value === 'string') {
      const text = r.value.trim();
      if (text !== '' && Buffer.byteLength(text, 'utf8') <= MAX_MESSAGE_BYTES && !text.includes('\n')) return text;
    }
  }
  if (spec.message?.trim()) return spec.message.trim();
  return `failed expression: ${spec.expression.trim()}`;
}
