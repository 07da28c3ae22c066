import type { KnownKind } from './catalog';
import { type CheckedProblem, type CustomResourceProblem, activeCheckMemo, checkMemoKey } from './check-memo';
import { checkCelRules, hasRules } from './languages/cel-rules';
import { digestOnce } from './object-checks';
import { compileKind, describeErrors } from './schema-check';
import { admitted } from './structural';

export type { CustomResourceProblem } from './check-memo';

/**
 * The errors of the OpenAPI check after which the API server does not
 * evaluate CEL rules (a missing field, a wrong type, a value outside its
 * enum, a value too long or a list too large: k8s.io/apiextensions-apiserver
 * hasBlockingErr); int-or-strings of the wrong type are `anyOf` here.
 */
const BLOCKING = new Set(['required', 'type', 'enum', 'maxLength', 'maxItems', 'maxProperties', 'anyOf']);

/**
 * Checks a custom resource as the API server does on create: its nulls
 * pruned and its defaults applied (lib/validate/structural.ts), against its
 * schema strictly (a field the schema does not declare is an error), then
 * against the schema's CEL rules (lib/validate/languages/cel-rules.ts), unless the
 * schema check found an error that keeps the API server from evaluating them.
 * `reported` holds the CEL rules already reported as not checked in this run.
 */
export function checkCustomResource(kind: KnownKind, object: Record<string, unknown>, reported: Set<string>): CustomResourceProblem[] {
  const schema = kind.schema();
  const value = admitted(object, schema);
  const validate = compileKind(kind);
  const errors = validate(value) ? [] : (validate.errors ?? []);
  const problems: CustomResourceProblem[] = describeErrors(errors).map((p) => ({ severity: 'error', rule: 'schema', field: p.field, message: p.message }));
  if (errors.some((e) => BLOCKING.has(e.keyword))) {
    if (hasRules(schema)) {
      problems.push({
        severity: 'warning',
        rule: 'unchecked',
        field: '',
        message: 'its CEL validation rules were not checked: the API server does not evaluate them on an object with the errors above; correct them to complete validation',
      });
    }
    return problems;
  }
  for (const p of checkCelRules(schema, value, reported)) {
    problems.push({ severity: p.severity, rule: p.severity === 'error' ? 'schema' : 'unchecked', field: p.field, message: p.message });
  }
  return problems;
}

/**
 * {@link checkCustomResource}, answered from the memo in use (a synth's, see
 * CheckMemo) when the same object under the same schema was checked before.
 * `bundled` says the kind is from paved's own catalog. A result that depends
 * on what was checked before it (a CEL rule paved cannot check is reported
 * once per cluster, in `reported`) is neither taken from the memo nor kept.
 */
export function checkCustomResourceMemo(
  kind: KnownKind,
  bundled: boolean,
  object: Record<string, unknown>,
  reported: Set<string>,
  digest: () => string = digestOnce(object),
): readonly CheckedProblem[] {
  const memo = activeCheckMemo();
  if (!memo || reported.size > 0) return checkCustomResource(kind, object, reported);
  const key = checkMemoKey(kind, bundled, digest());
  const found = memo.lookup(key);
  if (found) {
    memo.hits++;
    return found;
  }
  memo.misses++;
  const problems = checkCustomResource(kind, object, reported);
  if (reported.size === 0) memo.keep(key, problems);
  return problems;
}
