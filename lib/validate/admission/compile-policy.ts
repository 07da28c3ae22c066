/**
 * A ValidatingAdmissionPolicy's expressions, compiled once each as the API
 * server compiles them (pkg/apis/admissionregistration/validation: variables
 * in order, each seeing the ones before it; validations and audit annotations
 * seeing them all, match conditions none; `params` only with a paramKind; `authorizer`
 * everywhere but in messageExpression).
 *
 * @internal
 */
import { type Compiled, type Declarations, compileExpression } from './cel-env';
import type { Policy } from './read-policy';

/** One compiled expression, with where it sits in the policy. */
export interface PolicyExpression {
  readonly expression: string;
  /** `spec.validations[0].expression`, ... */
  readonly field: string;
  readonly compiled: Compiled;
}

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly matchConditions: readonly (PolicyExpression & { readonly name: string })[];
  readonly variables: readonly (PolicyExpression & { readonly name: string })[];
  readonly validations: readonly { readonly check: PolicyExpression; readonly message?: PolicyExpression }[];
  readonly auditAnnotations: readonly PolicyExpression[];
}

const BASE = ['object', 'oldObject', 'request', 'namespaceObject', 'variables'];

/** The variables an expression of this policy may read. */
function declarations(policy: Policy, authorizer: boolean, composited: readonly string[]): Declarations {
  return { variables: [...BASE, ...(authorizer ? ['authorizer'] : []), ...(policy.paramKind ? ['params'] : [])], composited };
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const all = policy.variables.map((v) => v.name);
  const at = (field: string, expression: string, d: Declarations): PolicyExpression => ({ expression, field, compiled: compileExpression(expression, d) });
  const full = declarations(policy, true, all);
  return {
    policy,
    variables: policy.variables.map((v, i) => ({ name: v.name, ...at(`spec.variables[${i}].expression`, v.expression, declarations(policy, true, all.slice(0, i))) })),
    // the API server compiles match conditions without the composited variables (validateMatchConditionsExpression)
    matchConditions: policy.matchConditions.map((m, i) => ({
      name: m.name,
      ...at(`spec.matchConditions[${i}].expression`, m.expression.trim(), { ...full, variables: full.variables.filter((v) => v !== 'variables') }),
    })),
    validations: policy.validations.map((v, i) => ({
      check: at(`spec.validations[${i}].expression`, v.expression, full),
      message: v.messageExpression?.trim() ? at(`spec.validations[${i}].messageExpression`, v.messageExpression, declarations(policy, false, all)) : undefined,
    })),
    auditAnnotations: policy.auditAnnotations.map((a, i) => at(`spec.auditAnnotations[${i}].valueExpression`, a.valueExpression.trim(), full)),
  };
}

/** The expressions of a compiled policy, each once. */
export function policyExpressions(p: CompiledPolicy): PolicyExpression[] {
  return [...p.variables, ...p.matchConditions, ...p.validations.flatMap((v) => (v.message ? [v.check, v.message] : [v.check])), ...p.auditAnnotations];
}
