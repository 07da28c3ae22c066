/**
 * Label selectors (metav1.LabelSelector) as the API server reads them:
 * `matchLabels` and `matchExpressions` (In, NotIn, Exists, DoesNotExist),
 * all requirements ANDed, an empty selector selecting everything; and their
 * validation (ValidateLabelSelector), with upstream's messages.
 *
 * @internal
 */
import { isQualifiedName, isValidLabelValue } from './k8s-validation';

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

const asRecord = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** A selector read from a manifest (anything malformed is left to {@link selectorErrors}). */
export function readSelector(v: unknown): LabelSelector | undefined {
  const r = asRecord(v);
  if (!r) return undefined;
  return {
    matchLabels: asRecord(r.matchLabels) as Record<string, string> | undefined,
    matchExpressions: Array.isArray(r.matchExpressions) ? (r.matchExpressions as LabelSelector['matchExpressions']) : undefined,
  };
}

/** What is wrong with a selector, as `<field>: <message>` pairs; empty when it is valid. */
export function selectorErrors(selector: LabelSelector, field: string): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    for (const m of isQualifiedName(key)) errors.push({ field: `${field}.matchLabels`, message: `Invalid value: ${JSON.stringify(key)}: ${m}` });
    for (const m of typeof value === 'string' ? isValidLabelValue(value) : ['must be a string'])
      errors.push({ field: `${field}.matchLabels`, message: `Invalid value: ${JSON.stringify(value)}: ${m}` });
  }
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) errors.push({ field: `${at}.values`, message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" });
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) errors.push({ field: `${at}.values`, message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    } else errors.push({ field: `${at}.operator`, message: `Invalid value: ${JSON.stringify(e.operator)}: not a valid selector operator` });
    for (const m of isQualifiedName(String(e.key))) errors.push({ field: `${at}.key`, message: `Invalid value: ${JSON.stringify(e.key)}: ${m}` });
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v))) errors.push({ field: `${at}.values[${j}]`, message: `Invalid value: ${JSON.stringify(v)}: ${m}` });
    });
  });
  return errors;
}

/** Whether a selector selects nothing in particular (`{}`): it matches every object. */
export const isEmptySelector = (s: LabelSelector): boolean => Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

/** Whether labels match the selector (a valid one: see {@link selectorErrors}). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, unknown>>): boolean {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (!has(key) || labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has(e.key) || !values.includes(String(labels[e.key]))) return false;
        break;
      case 'NotIn':
        if (has(e.key) && values.includes(String(labels[e.key]))) return false;
        break;
      case 'Exists':
        if (!has(e.key)) return false;
        break;
      case 'DoesNotExist':
        if (has(e.key)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
