/**
 * Names and keys as the API server checks them before it stores an object
 * (apimachinery's ObjectMeta validation and each kind's name rule), so that
 * `paved validate` refuses what the cluster would, and nothing prints a name
 * no cluster would take without saying so. No schemas are loaded: `paved
 * diff` reads these rules too.
 */
import type { SchemaProblem } from './schema-check';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain: at most 253 characters of lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
const LABEL_RULE = "a lowercase RFC 1123 label: at most 63 characters of lower-case letters, digits and '-', starting and ending with a letter or digit";

/** Why a value is not an RFC 1123 subdomain of at most `max` characters, or undefined. */
function subdomainProblem(value: string, max = 253): string | undefined {
  if (value.length > max) return `${SUBDOMAIN_RULE.replace('at most 253', `at most ${max}`)} (this one has ${value.length})`;
  return DNS1123_SUBDOMAIN.test(value) ? undefined : SUBDOMAIN_RULE;
}

function labelProblem(value: string): string | undefined {
  if (value.length > 63) return `${LABEL_RULE} (this one has ${value.length})`;
  return DNS1123_LABEL.test(value) ? undefined : LABEL_RULE;
}

/** Why a value is not a qualified name (`prefix/name` or `name`: label and annotation keys, finalizers), or undefined. */
export function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, value] : [value.slice(0, slash), value.slice(slash + 1)];
  const rule =
    "a qualified name: an optional prefix (a lowercase RFC 1123 subdomain) and '/', then a name of at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  if (prefix !== undefined && (prefix === '' || subdomainProblem(prefix) !== undefined)) return rule;
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return rule;
  return undefined;
}

/** How the API server checks an object's name, by kind: most kinds a DNS subdomain, some stricter, RBAC's a path segment. */
function nameProblem(group: string, kind: string, name: string): string | undefined {
  if (group === '' && kind === 'Namespace') return labelProblem(name);
  if (group === '' && kind === 'Service') {
    if (name.length <= 63 && DNS1035_LABEL.test(name)) return undefined;
    return `an RFC 1035 label: at most 63 characters of lower-case letters, digits and '-', starting with a letter and ending with a letter or digit${name.length > 63 ? ` (this one has ${name.length})` : ''}`;
  }
  if (group === 'rbac.authorization.k8s.io' && ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(kind)) {
    return name === '' || name === '.' || name === '..' || /[/%]/.test(name) ? "a path segment: not '.' or '..', without '/' or '%'" : undefined;
  }
  // the controller appends 11 characters to a CronJob's name for its Jobs, whose names may have 63
  if (group === 'batch' && kind === 'CronJob') return subdomainProblem(name, 52);
  return subdomainProblem(name);
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const show = (v: string) => JSON.stringify(v);

/**
 * The object's names and keys the API server refuses (as it validates
 * ObjectMeta, and each kind's name): `metadata.name` (by kind),
 * `metadata.namespace` (an RFC 1123 label), label keys and values, annotation
 * keys, finalizers. Each problem names the field, the value and what is
 * allowed; values of another type are left to the schema checks.
 */
export function checkApiNames(object: Record<string, unknown>): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const refuse = (field: string, value: string, allowed: string) => out.push({ field, message: `${show(value)} is not allowed: ${allowed} (the API server refuses the object)` });
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const metadata = asObject(object.metadata) ?? {};
  if (typeof metadata.name === 'string') {
    const problem = nameProblem(group, kind, metadata.name);
    if (problem) refuse('metadata.name', metadata.name, `${kind || 'an object'}'s name is ${problem}`);
  }
  if (typeof metadata.namespace === 'string') {
    const problem = labelProblem(metadata.namespace);
    if (problem) refuse('metadata.namespace', metadata.namespace, `a namespace is ${problem}`);
  }
  for (const [key, value] of Object.entries(asObject(metadata.labels) ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) refuse(`metadata.labels[${show(key)}]`, key, `a label key is ${keyProblem}`);
    if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value)))
      refuse(`metadata.labels[${show(key)}]`, value, "a label value is empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
  }
  for (const key of Object.keys(asObject(metadata.annotations) ?? {})) {
    // the API server checks annotation keys lower-cased
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) refuse(`metadata.annotations[${show(key)}]`, key, `an annotation key is ${problem}`);
  }
  if (Array.isArray(metadata.finalizers)) {
    metadata.finalizers.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const problem = qualifiedNameProblem(f);
      if (problem) refuse(`metadata.finalizers[${i}]`, f, `a finalizer is ${problem}`);
    });
  }
  return out;
}
