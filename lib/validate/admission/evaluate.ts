/**
 * `evaluateAdmission`: ValidatingAdmissionPolicies and their bindings
 * evaluated offline against objects, each as a CREATE request, as the API
 * server's validating admission plugin would (dispatcher.go): for each
 * policy whose matchConstraints match, each binding whose matchResources
 * match, each parameter the binding selects, the policy's match conditions
 * and validations; a denial acts as the binding's validationActions say
 * (Deny, Warn, Audit); a configuration error (parameters not found under
 * `Deny`) denies under failurePolicy Fail.
 *
 * Where paved cannot stand in for the cluster it says so, as a problem: an
 * object whose kind maps to no known resource, or whose namespace is not
 * given; a policy or binding the API server would refuse (see
 * policy-check.ts: it is not evaluated); an expression paved cannot evaluate
 * (the authorizer, a function paved lacks); a match through an equivalent
 * version (the API server would convert the object first).
 *
 * Not modelled: mutation before validation (objects are evaluated as given,
 * without the defaults the API server would fill in), CEL cost limits, and
 * type checking against the resource's schema (warnings only, upstream).
 */
import type { CelInput } from '@bufbuild/cel';
import { SchemaCatalog } from '../catalog';
import { type ManifestObject, describeObject } from '../findings';
import { celValue } from './cel-values';
import { authorizerValue } from './cel-types';
import { type CompiledPolicy, compilePolicy } from './compile-policy';
import { type RequestAttributes, matchRequest } from './matching';
import { collectParams } from './params';
import { checkAdmissionPolicies } from './policy-check';
import { type Binding, isKind, readBinding, readPolicy } from './read-policy';
import { type ResourceInfo, ResourceMap } from './resources';
import { type Activation, type Decision, runPolicy } from './run-policy';
import type { AdmissionInput, AdmissionProblem, AdmissionReport, AdmissionUserInfo, AdmissionViolation, BindingResult, ValidationAction } from './types';

type Obj = Record<string, unknown>;
const metadataOf = (o: Obj) => (o.metadata ?? {}) as { name?: unknown; generateName?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown; finalizers?: unknown };
const labelsOf = (o: Obj): Record<string, unknown> => {
  const l = metadataOf(o).labels;
  return typeof l === 'object' && l !== null && !Array.isArray(l) ? (l as Record<string, unknown>) : {};
};

const DEFAULT_USER: AdmissionUserInfo = { username: 'paved:offline' };

/** Per binding: its counters and the objects it denied or left unevaluated. */
interface Tally {
  readonly policy: string;
  readonly binding: string;
  matched: number;
  denied: number;
  unevaluated: number;
}

/** One object's request: its attributes and the variables every policy sees. */
interface Request {
  readonly source: ManifestObject;
  readonly attributes: RequestAttributes;
  readonly object: CelInput;
  readonly namespaceObject: CelInput;
  /** `request`, per matched resource. */
  readonly requests: Map<ResourceInfo, CelInput>;
}

/** Evaluates the policies and bindings against the objects: what each binding admitted and denied, and what could not be evaluated. */
export function evaluateAdmission(input: AdmissionInput): AdmissionReport {
  const catalog = input.catalog ?? SchemaCatalog.bundled();
  const resources = ResourceMap.of(
    catalog,
    [...input.objects, ...(input.definitions ?? [])].map((o) => o.object).filter((o) => o.kind === 'CustomResourceDefinition' || o.kind === 'CompositeResourceDefinition'),
  );
  const problems: AdmissionProblem[] = [];
  const violations: AdmissionViolation[] = [];
  const { policies, bindingsOf } = installable(input, problems);
  const tallies = new Map<Binding, Tally>();
  for (const p of policies) for (const b of bindingsOf(p)) tallies.set(b, { policy: p.policy.name, binding: b.name, matched: 0, denied: 0, unevaluated: 0 });

  const namespaces = new Map<string, Obj>();
  for (const n of [...(input.namespaces ?? []), ...input.objects])
    if (n.object.apiVersion === 'v1' && n.object.kind === 'Namespace') namespaces.set(String(metadataOf(n.object).name), asStored(n.object));

  let admitted = 0;
  for (const source of input.objects) {
    if (isExempt(source.object)) {
      admitted++;
      continue;
    }
    const request = requestFor(source, resources, namespaces, problems);
    if (!request) continue;
    let denied = false;
    let unevaluated = false;
    for (const p of policies) {
      const outcome = evaluatePolicy(p, bindingsOf(p), request, { input, resources, tallies, violations, problems });
      denied ||= outcome.denied;
      unevaluated ||= outcome.unevaluated;
    }
    if (!denied && !unevaluated) admitted++;
  }
  const bindings: BindingResult[] = [...tallies.values()].map((t) => ({ ...t, admitted: t.matched - t.denied - t.unevaluated }));
  return { bindings, violations, problems, objects: input.objects.length, admitted };
}

/** The policies and bindings the API server would accept (the others are reported), compiled, with each policy's bindings. */
function installable(input: AdmissionInput, problems: AdmissionProblem[]): { policies: CompiledPolicy[]; bindingsOf: (p: CompiledPolicy) => Binding[] } {
  const policySources = input.policies.filter((p) => isKind(p.object, 'ValidatingAdmissionPolicy'));
  const bindingSources = input.bindings.filter((b) => isKind(b.object, 'ValidatingAdmissionPolicyBinding'));
  const refused = new Set<ManifestObject>();
  for (const f of checkAdmissionPolicies([...policySources, ...bindingSources])) {
    if (f.severity !== 'error') continue;
    const source = [...policySources, ...bindingSources].find((s) => s.file === f.file && describeObject(s.object) === f.object);
    if (source) refused.add(source);
    problems.push({ file: f.file, object: f.object, field: f.field, message: `the API server would refuse it, so it is not evaluated: ${f.message}` });
  }
  const policies = policySources.filter((s) => !refused.has(s)).map((s) => compilePolicy(readPolicy(s)));
  const bindings = bindingSources.filter((s) => !refused.has(s)).map(readBinding);
  const byPolicy = new Map<string, Binding[]>();
  for (const b of bindings) byPolicy.set(b.policyName, [...(byPolicy.get(b.policyName) ?? []), b]);
  return { policies, bindingsOf: (p) => byPolicy.get(p.policy.name) ?? [] };
}

/** The admission configuration itself (webhooks, admission policies and their bindings) is exempt from policies (rules.IsExemptAdmissionConfigurationResource). */
const EXEMPT = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);
const isExempt = (o: Obj): boolean => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('admissionregistration.k8s.io/') && EXEMPT.has(String(o.kind));

/** The request an object's creation makes, or undefined (with a problem) when paved cannot make it. */
function requestFor(source: ManifestObject, resources: ResourceMap, namespaces: Map<string, Obj>, problems: AdmissionProblem[]): Request | undefined {
  const o = source.object;
  const described = describeObject(o);
  const problem = (message: string) => problems.push({ file: source.file, object: described, field: '', message });
  const resource = resources.forKind(String(o.apiVersion ?? ''), String(o.kind ?? ''));
  if (!resource) {
    problem(`no policy is evaluated on it: paved knows no resource for ${String(o.apiVersion)} ${String(o.kind)} (a CRD in the tree or the catalog would name it)`);
    return undefined;
  }
  const meta = metadataOf(o);
  const name = typeof meta.name === 'string' ? meta.name : '';
  const isNamespace = resource.group === '' && resource.resource === 'namespaces';
  let namespace = '';
  let namespaceLabels: Record<string, unknown> | undefined;
  let namespaceObject: CelInput = null;
  if (isNamespace) {
    namespace = name;
    namespaceLabels = labelsOf(o);
  } else if (resource.namespaced) {
    if (typeof meta.namespace !== 'string' || meta.namespace === '') {
      problem('no policy is evaluated on it: it names no namespace (paved cannot tell where it would be created)');
      return undefined;
    }
    namespace = meta.namespace;
    const ns = namespaces.get(namespace);
    if (!ns) {
      problem(`no policy is evaluated on it: its namespace ${namespace} is not among the given namespaces (the API server would refuse it: namespaces "${namespace}" not found)`);
      return undefined;
    }
    namespaceLabels = labelsOf(ns);
    namespaceObject = namespaceValue(ns);
  }
  return { source, attributes: { resource, namespace, name, labels: labelsOf(o), namespaceLabels }, object: celValue(o, undefined), namespaceObject, requests: new Map() };
}

/** namespaceObject as the API server gives it (CreateNamespaceObject): name, labels, annotations, spec and status of an existing namespace. */
function namespaceValue(ns: Obj): CelInput {
  const meta = metadataOf(ns);
  const metadata = Object.fromEntries(
    ['name', 'generateName', 'labels', 'annotations', 'finalizers'].filter((k) => meta[k as keyof typeof meta] !== undefined).map((k) => [k, meta[k as keyof typeof meta]]),
  );
  return celValue({ metadata, spec: ns.spec ?? { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, undefined);
}

interface Context {
  readonly input: AdmissionInput;
  readonly resources: ResourceMap;
  readonly tallies: Map<Binding, Tally>;
  readonly violations: AdmissionViolation[];
  readonly problems: AdmissionProblem[];
}

/** One policy, with each of its bindings, for one request. */
function evaluatePolicy(p: CompiledPolicy, bindings: readonly Binding[], request: Request, ctx: Context): { denied: boolean; unevaluated: boolean } {
  const result = { denied: false, unevaluated: false };
  const constraints = p.policy.matchConstraints;
  if (!constraints || bindings.length === 0) return result;
  const matched = matchRequest(constraints, request.attributes, ctx.resources);
  if (!('matches' in matched) || !matched.matches) return result;
  for (const binding of bindings) {
    const tally = ctx.tallies.get(binding);
    if (!tally) continue;
    const bound = binding.matchResources ? matchRequest(binding.matchResources, request.attributes, ctx.resources) : matched;
    if (!('matches' in bound) || !bound.matches) continue;
    const outcome = evaluateBinding(p, binding, request, matched.resource, ctx);
    if (!outcome.matched) continue;
    tally.matched++;
    if (outcome.denied) tally.denied++;
    else if (outcome.unevaluated) tally.unevaluated++;
    result.denied ||= outcome.denied;
    result.unevaluated ||= outcome.unevaluated;
  }
  return result;
}

/** One binding of a policy for one request: each parameter it selects. */
function evaluateBinding(p: CompiledPolicy, binding: Binding, request: Request, resource: ResourceInfo, ctx: Context): { matched: boolean; denied: boolean; unevaluated: boolean } {
  const out = { matched: false, denied: false, unevaluated: false };
  const object = describeObject(request.source.object);
  const problem = (field: string, message: string) => {
    ctx.problems.push({ policy: p.policy.name, binding: binding.name, file: request.source.file, object, field, message });
    out.unevaluated = true;
  };
  if (resource !== request.attributes.resource) {
    out.matched = true;
    problem(
      'spec.matchConstraints',
      `it matches as ${resource.group}/${resource.version} ${resource.kind} (matchPolicy Equivalent): the API server would convert it to that version first, which paved cannot do offline`,
    );
    return out;
  }
  const params = collectParams(p.policy, binding, request.attributes.namespace, ctx.input.params ?? [], ctx.resources);
  if ('unknown' in params) {
    out.matched = true;
    problem('spec.paramKind', params.unknown);
    return out;
  }
  if ('error' in params) {
    out.matched = true;
    // a configuration error denies under Fail whatever the binding's actions (dispatcher.go addConfigError)
    if (p.policy.failurePolicy !== 'Ignore')
      out.denied = record(p, binding, request, { kind: 'deny', field: 'spec.paramRef', reason: 'Invalid', message: `failed to configure binding: ${params.error}` }, ['Deny'], ctx);
    return out;
  }
  for (const param of params.params) {
    const activation: Activation = {
      object: request.object,
      oldObject: null,
      request: requestValue(request, resource, ctx.input.userInfo ?? DEFAULT_USER),
      namespaceObject: request.namespaceObject,
      params: param === null ? null : paramValue(param),
      authorizer: AUTHORIZER,
    };
    const run = runPolicy(p, activation);
    if (!run.matched) continue;
    out.matched = true;
    for (const d of run.decisions) {
      if (d.kind === 'offline') problem(d.field, d.message);
      else if (record(p, binding, request, d, binding.validationActions as ValidationAction[], ctx)) out.denied = true;
    }
  }
  return out;
}

/** Records a denial decision under the binding's actions; true when one of them is Deny. */
function record(p: CompiledPolicy, binding: Binding, request: Request, d: Extract<Decision, { kind: 'deny' }>, actions: readonly ValidationAction[], ctx: Context): boolean {
  if (actions.length === 0) return false;
  const deny = actions.includes('Deny');
  const apiServerMessage = deny
    ? `ValidatingAdmissionPolicy '${p.policy.name}' with binding '${binding.name}' denied request: ${d.message}`
    : `Validation failed for ValidatingAdmissionPolicy '${p.policy.name}' with binding '${binding.name}': ${d.message}`;
  ctx.violations.push({
    policy: p.policy.name,
    binding: binding.name,
    file: request.source.file,
    object: describeObject(request.source.object),
    actions,
    ...(d.validation === undefined ? {} : { validation: d.validation }),
    field: d.field,
    reason: d.reason,
    message: d.message,
    apiServerMessage,
  });
  return deny;
}

const AUTHORIZER = authorizerValue();
const paramValues = new WeakMap<Obj, CelInput>();
/** A parameter object as CEL reads it (converted once). */
function paramValue(param: Obj): CelInput {
  let v = paramValues.get(param);
  if (v === undefined) {
    v = celValue(param, undefined);
    paramValues.set(param, v);
  }
  return v;
}

/** `request` as the API server builds it (CreateAdmissionRequest) for a CREATE (built once per request and matched resource). */
function requestValue(request: Request, resource: ResourceInfo, user: AdmissionUserInfo): CelInput {
  let v = request.requests.get(resource);
  if (v === undefined) {
    v = buildRequestValue(request, resource, user);
    request.requests.set(resource, v);
  }
  return v;
}

function buildRequestValue(request: Request, resource: ResourceInfo, user: AdmissionUserInfo): CelInput {
  const { attributes } = request;
  const kind = { group: resource.group, version: resource.version, kind: resource.kind };
  const gvr = { group: resource.group, version: resource.version, resource: resource.resource };
  const userInfo = {
    ...(user.username ? { username: user.username } : {}),
    ...(user.uid ? { uid: user.uid } : {}),
    ...(user.groups?.length ? { groups: user.groups } : {}),
    ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
  };
  return celValue(
    {
      uid: '',
      kind,
      resource: gvr,
      requestKind: kind,
      requestResource: gvr,
      ...(attributes.name ? { name: attributes.name } : {}),
      ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
      operation: 'CREATE',
      userInfo,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
    undefined,
  );
}

/**
 * A Namespace as the API server stores it: with the label
 * `kubernetes.io/metadata.name` set to its name (on every namespace since
 * Kubernetes 1.22), which namespace selectors commonly match on.
 */
function asStored(namespace: Obj): Obj {
  const metadata = metadataOf(namespace);
  const labels = typeof metadata.labels === 'object' && metadata.labels !== null ? (metadata.labels as Record<string, unknown>) : {};
  return { ...namespace, metadata: { ...metadata, labels: { ...labels, 'kubernetes.io/metadata.name': String(metadata.name) } } };
}
