/**
 * `checkAdmissionPolicies`: ValidatingAdmissionPolicy and
 * ValidatingAdmissionPolicyBinding objects (admissionregistration.k8s.io/v1)
 * checked as the API server checks them on create: against the Kubernetes
 * schema (kubernetes-models 4.5.1, whose schemas are Kubernetes 1.33's; the
 * v1 types did not change through 1.35), then with the rules of
 * pkg/apis/admissionregistration/validation (after the v1 defaults), and
 * every CEL expression compiled. A compile error is an error naming the
 * policy, the field and the expression; an expression paved cannot compile
 * offline is a warning (the API server may accept it).
 */
import { checkCoreObject } from '../core-check';
import { type Finding, type ManifestObject, describeObject } from '../findings';
import { compilePolicy } from './compile-policy';
import type { Compiled } from './cel-env';
import { BINDING_FIELDS, POLICY_FIELDS, unknownFields } from './known-fields';
import { type LabelSelector, selectorErrors } from './label-selector';
import { type MatchResources, type Rule, isKind, readBinding, readPolicy } from './read-policy';
import { isDns1035Label, isDns1123Subdomain, isQualifiedName, nameIsDnsSubdomain, pathSegmentNameErrors } from './k8s-validation';
import { CEL_RESERVED_WORDS } from './cel-values';

type Problem = { readonly field: string; readonly message: string; readonly severity?: 'warning' };

const q = (v: unknown) => JSON.stringify(v);
const required = (field: string, detail = ''): Problem => ({ field, message: `Required value${detail ? `: ${detail}` : ''}` });
const invalid = (field: string, value: unknown, detail: string): Problem => ({ field, message: `Invalid value: ${q(value)}: ${detail}` });
const unsupported = (field: string, value: unknown, allowed: readonly string[]): Problem => ({
  field,
  message: `Unsupported value: ${q(value)}: supported values: ${allowed.map((a) => q(a)).join(', ')}`,
});
const duplicate = (field: string, value: unknown): Problem => ({ field, message: `Duplicate value: ${q(value)}` });

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];

/** Checks ValidatingAdmissionPolicies and bindings (other objects are ignored): all problems at once, as paved findings. */
export function checkAdmissionPolicies(objects: readonly ManifestObject[]): Finding[] {
  const findings: Finding[] = [];
  const policyNames = new Set(objects.filter((o) => isKind(o.object, 'ValidatingAdmissionPolicy')).map((o) => readPolicy(o).name));
  for (const source of objects) {
    const isPolicy = isKind(source.object, 'ValidatingAdmissionPolicy');
    if (!isPolicy && !isKind(source.object, 'ValidatingAdmissionPolicyBinding')) continue;
    // the schema's enums are checked below, worded as the API server words them; a wrong type stops decoding
    const schema = [...checkCoreObject(source.object).filter((p) => !p.message.startsWith('must be one of')), ...unknownFields(source.object, isPolicy ? POLICY_FIELDS : BINDING_FIELDS)];
    const problems: Problem[] = [...nameProblems(source.object)];
    if (schema.every((p) => p.message.startsWith('unknown field'))) problems.push(...(isPolicy ? policyProblems(source) : bindingProblems(source, policyNames)));
    const object = describeObject(source.object);
    for (const p of schema) findings.push({ severity: 'error', rule: 'schema', file: source.file, object, field: p.field, message: p.message });
    for (const p of problems) findings.push({ severity: p.severity ?? 'error', rule: 'policy', file: source.file, object, field: p.field, message: p.message });
  }
  return findings;
}

function nameProblems(o: Record<string, unknown>): Problem[] {
  const name = (o.metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') return [required('metadata.name', 'name or generateName is required')];
  return nameIsDnsSubdomain(name, false).map((m) => invalid('metadata.name', name, m));
}

function policyProblems(source: ManifestObject): Problem[] {
  const policy = readPolicy(source);
  const out: Problem[] = [];
  if (!['Fail', 'Ignore'].includes(policy.failurePolicy)) out.push(unsupported('spec.failurePolicy', policy.failurePolicy, ['Fail', 'Ignore']));
  if (policy.paramKind) out.push(...paramKindProblems(policy.paramKind));
  if (!policy.matchConstraints) out.push(required('spec.matchConstraints'));
  else {
    out.push(...matchResourcesProblems(policy.matchConstraints, 'spec.matchConstraints'));
    if (policy.matchConstraints.resourceRules.length === 0) out.push(required('spec.matchConstraints.resourceRules'));
  }
  if (policy.matchConditions.length > 64) out.push({ field: 'spec.matchConditions', message: `Too many: ${policy.matchConditions.length}: must have at most 64 items` });
  const conditionNames = new Set<string>();
  policy.matchConditions.forEach((m, i) => {
    const at = `spec.matchConditions[${i}]`;
    if (!m.name) out.push(required(`${at}.name`));
    else {
      out.push(...isQualifiedName(m.name).map((msg) => invalid(`${at}.name`, m.name, msg)));
      if (conditionNames.has(m.name)) out.push(duplicate(`${at}.name`, m.name));
      conditionNames.add(m.name);
    }
    if (!m.expression.trim()) out.push(required(`${at}.expression`));
  });
  policy.variables.forEach((v, i) => {
    if (!v.name.trim()) out.push(required(`spec.variables[${i}].name`, 'name is not specified'));
    else if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(v.name) || CEL_RESERVED_WORDS.has(v.name)) out.push(invalid(`spec.variables[${i}].name`, v.name, 'name is not a valid CEL identifier'));
  });
  if (policy.validations.length === 0 && policy.auditAnnotations.length === 0) {
    out.push(required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
    out.push(required('spec.auditAnnotations', 'validations or auditAnnotations must contain at least one item'));
  }
  policy.validations.forEach((v, i) => {
    const at = `spec.validations[${i}]`;
    if (!v.expression.trim()) out.push(required(`${at}.expression`, 'expression is not specified'));
    if (v.messageExpression !== undefined && v.messageExpression.length > 0 && !v.messageExpression.trim())
      out.push(invalid(`${at}.messageExpression`, v.messageExpression, 'must be non-empty if specified'));
    if (v.message !== undefined && v.message.length > 0 && !v.message.trim()) out.push(invalid(`${at}.message`, v.message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(v.message?.trim() ?? '')) out.push(invalid(`${at}.message`, v.message, 'message must not contain line breaks'));
    if (v.reason !== undefined && !REASONS.includes(v.reason)) out.push(unsupported(`${at}.reason`, v.reason, REASONS));
  });
  out.push(...auditAnnotationProblems(policy.name, policy.auditAnnotations));
  const compiled = compilePolicy(policy);
  for (const e of [...compiled.matchConditions, ...compiled.variables, ...compiled.validations.flatMap((v) => (v.message ? [v.check, v.message] : [v.check])), ...compiled.auditAnnotations]) {
    if (e.expression.trim()) out.push(...compiledProblems(e.field, e.expression, e.compiled));
  }
  return out;
}

function auditAnnotationProblems(name: string, annotations: readonly { key: string; valueExpression: string }[]): Problem[] {
  const out: Problem[] = [];
  if (annotations.length > 20) out.push(invalid('spec.auditAnnotations', `${annotations.length} items`, 'must not have more than 20 auditAnnotations'));
  const keys = new Set<string>();
  annotations.forEach((a, i) => {
    const at = `spec.auditAnnotations[${i}]`;
    out.push(...isQualifiedName(`${name}/${a.key}`).map((m) => invalid(`${at}.key`, `${name}/${a.key}`, m)));
    if (keys.has(a.key)) out.push(duplicate(`${at}.key`, a.key));
    keys.add(a.key);
    if (!a.valueExpression.trim()) out.push(required(`${at}.valueExpression`, 'valueExpression is not specified'));
    else if (a.valueExpression.trim().length > 5 * 1024) out.push(required(`${at}.valueExpression`, 'must not exceed 5120 bytes in length'));
  });
  return out;
}

function paramKindProblems(kind: { apiVersion: string; kind: string }): Problem[] {
  const out: Problem[] = [];
  if (!kind.apiVersion) out.push(required('spec.paramKind.apiVersion'));
  else {
    const parts = kind.apiVersion.split('/');
    if (parts.length > 2) out.push(invalid('spec.paramKind.apiVersion', kind.apiVersion, `unexpected GroupVersion string: ${kind.apiVersion}`));
    else {
      const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
      if (group) out.push(...isDns1123Subdomain(group).map((m) => invalid('spec.paramKind.apiVersion', group, m)));
      if (!version) out.push(invalid('spec.paramKind.apiVersion', kind.apiVersion, 'version must be specified'));
      else out.push(...isDns1035Label(version).map((m) => invalid('spec.paramKind.apiVersion', version, m)));
    }
  }
  if (!kind.kind) out.push(required('spec.paramKind.kind'));
  else out.push(...isDns1035Label(kind.kind.toLowerCase()).map((m) => invalid('spec.paramKind.kind', kind.kind, `may have mixed case, but should otherwise match: ${m}`)));
  return out;
}

function matchResourcesProblems(m: MatchResources, at: string): Problem[] {
  const out: Problem[] = [];
  if (!['Exact', 'Equivalent'].includes(m.matchPolicy)) out.push(unsupported(`${at}.matchPolicy`, m.matchPolicy, ['Equivalent', 'Exact']));
  for (const [name, s] of [
    ['namespaceSelector', m.namespaceSelector],
    ['objectSelector', m.objectSelector],
  ] as [string, LabelSelector][])
    out.push(...selectorErrors(s, `${at}.${name}`));
  m.resourceRules.forEach((r, i) => out.push(...ruleProblems(r, `${at}.resourceRules[${i}]`)));
  m.excludeResourceRules.forEach((r, i) => out.push(...ruleProblems(r, `${at}.excludeResourceRules[${i}]`)));
  return out;
}

function wildcardAlone(items: readonly string[], field: string, what: string): Problem[] {
  return items.length > 1 && items.includes('*') ? [invalid(field, items, `if '*' is present, must not specify other ${what}`)] : [];
}

function ruleProblems(r: Rule, at: string): Problem[] {
  const out: Problem[] = [];
  const names = new Set<string>();
  r.resourceNames.forEach((n, i) => {
    out.push(...pathSegmentNameErrors(n).map((m) => invalid(`${at}.resourceNames[${i}]`, n, m)));
    if (names.has(n)) out.push(duplicate(`${at}.resourceNames[${i}]`, n));
    names.add(n);
  });
  if (r.operations.length === 0) out.push(required(`${at}.operations`));
  out.push(...wildcardAlone(r.operations, `${at}.operations`, 'operations'));
  r.operations.forEach((o, i) => OPERATIONS.includes(o) || out.push(unsupported(`${at}.operations[${i}]`, o, OPERATIONS)));
  if (r.apiGroups.length === 0) out.push(required(`${at}.apiGroups`));
  out.push(...wildcardAlone(r.apiGroups, `${at}.apiGroups`, 'API groups'));
  if (r.apiVersions.length === 0) out.push(required(`${at}.apiVersions`));
  out.push(...wildcardAlone(r.apiVersions, `${at}.apiVersions`, 'API versions'));
  r.apiVersions.forEach((v, i) => v === '' && out.push(required(`${at}.apiVersions[${i}]`)));
  out.push(...resourcesProblems(r.resources, `${at}.resources`));
  if (!SCOPES.includes(r.scope)) out.push(unsupported(`${at}.scope`, r.scope, SCOPES));
  return out;
}

/** validateResources: `res/sub` forms, wildcards alone. */
function resourcesProblems(resources: readonly string[], at: string): Problem[] {
  const out: Problem[] = [];
  if (resources.length === 0) out.push(required(at));
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let plain = false;
  resources.forEach((r, i) => {
    if (r === '') return void out.push(required(`${at}[${i}]`));
    const slash = r.indexOf('/');
    if (slash < 0) {
      plain = r !== '*';
      return;
    }
    const [res, sub] = [r.slice(0, slash), r.slice(slash + 1)];
    if (wildcardSub.has(res)) out.push(invalid(`${at}[${i}]`, r, `if '${res}/*' is present, must not specify ${r}`));
    if (wildcardRes.has(sub)) out.push(invalid(`${at}[${i}]`, r, `if '*/${sub}' is present, must not specify ${r}`));
    if (sub === '*') wildcardSub.add(res);
    if (res === '*') wildcardRes.add(sub);
  });
  if (resources.length > 1 && resources.includes('*/*')) out.push(invalid(at, resources, "if '*/*' is present, must not specify other resources"));
  if (resources.includes('*') && plain) out.push(invalid(at, resources, "if '*' is present, must not specify other resources without subresources"));
  return out;
}

function bindingProblems(source: ManifestObject, policies: ReadonlySet<string>): Problem[] {
  const b = readBinding(source);
  const out: Problem[] = [];
  if (!b.policyName) out.push(required('spec.policyName'));
  else {
    out.push(...nameIsDnsSubdomain(b.policyName, false).map((m) => invalid('spec.policyName', b.policyName, m)));
    if (!policies.has(b.policyName)) out.push({ field: 'spec.policyName', message: `binds no policy among the given ones (${b.policyName})`, severity: 'warning' });
  }
  const ref = b.paramRef;
  if (ref) {
    if (ref.name) out.push(...pathSegmentNameErrors(ref.name).map((m) => invalid('spec.paramRef.name', ref.name, m)));
    if (ref.name && ref.selector) out.push({ field: 'spec.paramRef.name', message: 'Forbidden: name and selector are mutually exclusive' });
    if (ref.selector) out.push(...selectorErrors(ref.selector, 'spec.paramRef.selector'));
    if (!ref.name && !ref.selector) out.push(required('spec.paramRef', 'one of name or selector must be specified'));
    if (!ref.parameterNotFoundAction) out.push(required('spec.paramRef.parameterNotFoundAction'));
    else if (!['Allow', 'Deny'].includes(ref.parameterNotFoundAction)) out.push(unsupported('spec.paramRef.parameterNotFoundAction', ref.parameterNotFoundAction, ['Deny', 'Allow']));
  }
  if (b.matchResources) out.push(...matchResourcesProblems(b.matchResources, 'spec.matchResources'));
  const actions = new Set<string>();
  b.validationActions.forEach((a, i) => {
    if (!['Audit', 'Deny', 'Warn'].includes(a)) out.push(unsupported(`spec.validationActions[${i}]`, a, ['Audit', 'Deny', 'Warn']));
    if (actions.has(a)) out.push(duplicate(`spec.validationActions[${i}]`, a));
    actions.add(a);
  });
  if (actions.has('Deny') && actions.has('Warn'))
    out.push(
      invalid(
        'spec.validationActions',
        b.validationActions,
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  if (actions.size === 0) out.push(required('spec.validationActions', 'at least one validation action is required'));
  return out;
}

function compiledProblems(field: string, expression: string, compiled: Compiled): Problem[] {
  if (compiled.ok) return [];
  if (compiled.kind === 'offline') return [{ field, message: `not checked: ${compiled.message}: ${expression}`, severity: 'warning' }];
  return [invalid(field, expression, `compilation failed: ${compiled.message}`)];
}
