/**
 * Evaluates one tenant rule's generated admission policy on one object as the
 * API server would for a CREATE by a user: its match (namespace, resource),
 * its match conditions, then its validations; returns the denial messages.
 */
import { type CelInput, celEnv, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { type RuleContext, type TenantRule, admissionPolicy, ruleMatches } from '../../../lib/validate/tenant-rules';

const env = celEnv({ funcs: strings });
const plans = new Map<string, ReturnType<typeof plan>>();
function evaluate(expression: string, bindings: Record<string, CelInput>): unknown {
  let run = plans.get(expression);
  if (!run) {
    run = plan(env, parse(expression));
    plans.set(expression, run);
  }
  return run(bindings);
}

export function admissionVerdict(ctx: RuleContext, rule: TenantRule, object: Record<string, unknown>, userInfo: { username: string; groups?: string[] }): string[] {
  // the match: the namespace and resource (the requester is the match conditions' to decide)
  if (!ruleMatches({ ...rule, requesters: 'any' }, { manifest: { file: '', object } })) return [];
  const { policy } = admissionPolicy(ctx, rule);
  const apiVersion = String(object.apiVersion);
  const request = {
    kind: { group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', version: apiVersion.split('/').pop(), kind: String(object.kind) },
    operation: 'CREATE',
    userInfo: { groups: [], ...userInfo },
  };
  const bindings = { object, request, oldObject: null } as unknown as Record<string, CelInput>;
  for (const c of policy.spec?.matchConditions ?? []) if (evaluate(c.expression, bindings) !== true) return [];
  const denials: string[] = [];
  for (const v of policy.spec?.validations ?? []) {
    const ok = evaluate(v.expression, bindings);
    if (ok === true) continue;
    if (ok !== false) throw new Error(`${rule.name}: ${v.expression} did not evaluate to a boolean: ${String(ok)}`);
    const message = evaluate(v.messageExpression ?? '', bindings);
    denials.push(typeof message === 'string' ? message : String(v.message));
  }
  return denials;
}
