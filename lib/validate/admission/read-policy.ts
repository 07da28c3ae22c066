/**
 * ValidatingAdmissionPolicies and their bindings read from manifests, with
 * the defaults the API server applies on create (admissionregistration/v1
 * defaults.go): failurePolicy Fail, matchPolicy Equivalent, empty namespace
 * and object selectors, rule scope `*`. Reading is lenient: what is malformed
 * is for the checker (policy-check.ts) to report.
 *
 * @internal
 */
import type { ManifestObject } from '../findings';
import { type LabelSelector, readSelector } from './label-selector';

export const VAP_API_VERSION = 'admissionregistration.k8s.io/v1';

export interface Rule {
  readonly operations: readonly string[];
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  readonly scope: string;
  readonly resourceNames: readonly string[];
}

export interface MatchResources {
  readonly namespaceSelector: LabelSelector;
  readonly objectSelector: LabelSelector;
  readonly resourceRules: readonly Rule[];
  readonly excludeResourceRules: readonly Rule[];
  readonly matchPolicy: string;
}

export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

export interface Validation {
  readonly expression: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
}

export interface Policy {
  readonly source: ManifestObject;
  readonly name: string;
  readonly failurePolicy: string;
  readonly paramKind?: { readonly apiVersion: string; readonly kind: string };
  readonly matchConstraints?: MatchResources;
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
  readonly validations: readonly Validation[];
  readonly auditAnnotations: readonly { readonly key: string; readonly valueExpression: string }[];
}

export interface ParamRef {
  readonly name?: string;
  readonly namespace?: string;
  readonly selector?: LabelSelector;
  readonly parameterNotFoundAction?: string;
}

export interface Binding {
  readonly source: ManifestObject;
  readonly name: string;
  readonly policyName: string;
  readonly paramRef?: ParamRef;
  readonly matchResources?: MatchResources;
  readonly validationActions: readonly string[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).map(String);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nameOf = (o: Obj): string => str(obj(o.metadata).name) ?? '';

function readRule(v: unknown): Rule {
  const r = obj(v);
  return {
    operations: strings(r.operations),
    apiGroups: strings(r.apiGroups),
    apiVersions: strings(r.apiVersions),
    resources: strings(r.resources),
    scope: str(r.scope) ?? '*',
    resourceNames: strings(r.resourceNames),
  };
}

function readMatchResources(v: unknown): MatchResources {
  const m = obj(v);
  return {
    namespaceSelector: readSelector(m.namespaceSelector) ?? {},
    objectSelector: readSelector(m.objectSelector) ?? {},
    resourceRules: list(m.resourceRules).map(readRule),
    excludeResourceRules: list(m.excludeResourceRules).map(readRule),
    matchPolicy: str(m.matchPolicy) ?? 'Equivalent',
  };
}

const named = (v: unknown): NamedExpression => ({ name: String(obj(v).name ?? ''), expression: String(obj(v).expression ?? '') });

/** Whether a manifest is a ValidatingAdmissionPolicy (or binding) of admissionregistration.k8s.io/v1. */
export const isKind = (o: Obj, kind: 'ValidatingAdmissionPolicy' | 'ValidatingAdmissionPolicyBinding'): boolean => o.apiVersion === VAP_API_VERSION && o.kind === kind;

export function readPolicy(source: ManifestObject): Policy {
  const spec = obj(source.object.spec);
  const paramKind = spec.paramKind === undefined || spec.paramKind === null ? undefined : obj(spec.paramKind);
  return {
    source,
    name: nameOf(source.object),
    failurePolicy: str(spec.failurePolicy) ?? 'Fail',
    paramKind: paramKind ? { apiVersion: String(paramKind.apiVersion ?? ''), kind: String(paramKind.kind ?? '') } : undefined,
    matchConstraints: spec.matchConstraints === undefined || spec.matchConstraints === null ? undefined : readMatchResources(spec.matchConstraints),
    matchConditions: list(spec.matchConditions).map(named),
    variables: list(spec.variables).map(named),
    validations: list(spec.validations).map((v) => {
      const o = obj(v);
      return { expression: String(o.expression ?? ''), message: str(o.message), messageExpression: str(o.messageExpression), reason: str(o.reason) };
    }),
    auditAnnotations: list(spec.auditAnnotations).map((v) => ({ key: String(obj(v).key ?? ''), valueExpression: String(obj(v).valueExpression ?? '') })),
  };
}

export function readBinding(source: ManifestObject): Binding {
  const spec = obj(source.object.spec);
  const ref = spec.paramRef === undefined || spec.paramRef === null ? undefined : obj(spec.paramRef);
  return {
    source,
    name: nameOf(source.object),
    policyName: String(spec.policyName ?? ''),
    paramRef: ref
      ? { name: str(ref.name), namespace: str(ref.namespace), selector: ref.selector === undefined ? undefined : readSelector(ref.selector), parameterNotFoundAction: str(ref.parameterNotFoundAction) }
      : undefined,
    matchResources: spec.matchResources === undefined || spec.matchResources === null ? undefined : readMatchResources(spec.matchResources),
    validationActions: strings(spec.validationActions),
  };
}
