/**
 * PromQL, read with the Prometheus project's own parser (`@prometheus-io/lezer-promql`):
 * an expression's syntax errors, and the metrics and labels it uses. The
 * validator checks PrometheusRules' expressions with it (rules-check.ts), the
 * monitoring stack each app's alerts (lib/monitoring/app-alerts.ts).
 */
import { parser } from '@prometheus-io/lezer-promql';

/** What a PromQL expression is made of, as the Prometheus project's own parser reads it. */
export interface PromQlExpression {
  /** Where the parser failed, one entry per error node (offset and the text there); empty when the expression is valid. */
  readonly errors: readonly { readonly offset: number; readonly near: string }[];
  /** The metric names its selectors use, sorted, each once. */
  readonly metrics: readonly string[];
  /** The label names its matchers and groupings use, sorted, each once. */
  readonly labels: readonly string[];
}

/**
 * Parses a PromQL expression with `@prometheus-io/lezer-promql`, the grammar
 * the Prometheus project maintains for its own UI, and lists the metrics and
 * labels it uses.
 */
export function parsePromQl(expr: string): PromQlExpression {
  const tree = parser.parse(expr);
  const errors: { offset: number; near: string }[] = [];
  const metrics = new Set<string>();
  const labels = new Set<string>();
  const cursor = tree.cursor();
  do {
    const text = expr.slice(cursor.from, cursor.to);
    if (cursor.type.isError) errors.push({ offset: cursor.from, near: expr.slice(Math.max(0, cursor.from - 10), cursor.from + 10) });
    else if (cursor.type.name === 'Identifier' && cursor.node.parent?.type.name === 'VectorSelector') metrics.add(text);
    else if (cursor.type.name === 'LabelName') labels.add(text);
  } while (cursor.next());
  if (expr.trim() === '') errors.push({ offset: 0, near: '' });
  const sorted = (s: Set<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { errors, metrics: sorted(metrics), labels: sorted(labels) };
}

/** The problem with an expression, said for a person, or undefined when it parses. */
export function promQlProblem(expr: string): string | undefined {
  const parsed = parsePromQl(expr);
  if (parsed.errors.length === 0) return undefined;
  const first = parsed.errors[0];
  return `not valid PromQL (the Prometheus parser stops at offset ${first.offset}, near ${JSON.stringify(first.near)})`;
}
