/**
 * evaluateAdmission: the semantics of the API server's validating admission
 * plugin, offline, and each way an evaluation can fail.
 */
import { type AdmissionInput, type AdmissionReport, evaluateAdmission } from '../../../../lib/validate/admission';
import type { ManifestObject } from '../../../../lib/validate/findings';
import { binding, configMap, deployment, namespace, policy } from './admission-util';

const teamA = namespace('team-a', { team: 'a' });
const run = (input: Partial<AdmissionInput> & { policies: ManifestObject[]; bindings: ManifestObject[] }): AdmissionReport =>
  evaluateAdmission({ objects: [teamA, deployment('team-a', 'web')], ...input });
const messages = (r: AdmissionReport) => r.violations.map((v) => `${v.actions.join('+')} ${v.object}: ${v.apiServerMessage}`);
const problems = (r: AdmissionReport) => r.problems.map((p) => `${p.object ?? p.file}: ${p.field ? `${p.field}: ` : ''}${p.message}`);

describe('validations', () => {
  test("an object every validation holds for is admitted; one that breaks a validation is denied, in the API server's words", () => {
    const replicas = policy('replicas', { validations: [{ expression: 'object.spec.replicas <= 3', message: 'at most 3 replicas' }] });
    const r = run({ policies: [replicas], bindings: [binding('replicas-all', 'replicas')], objects: [teamA, deployment('team-a', 'web'), deployment('team-a', 'big', undefined, { replicas: 5 })] });
    expect(messages(r)).toEqual(["Deny Deployment team-a/big: ValidatingAdmissionPolicy 'replicas' with binding 'replicas-all' denied request: at most 3 replicas"]);
    expect(r.violations[0]).toMatchObject({ validation: 0, field: 'spec.validations[0].expression', reason: 'Invalid', file: 'team-a/deployment-big.yaml' });
    expect(r.bindings).toEqual([{ policy: 'replicas', binding: 'replicas-all', matched: 2, admitted: 1, denied: 1, unevaluated: 0 }]);
    expect([r.objects, r.admitted]).toEqual([3, 2]);
  });

  test('the message is the messageExpression (a non-empty single line), else the message, else "failed expression: <expression>"; the reason is kept', () => {
    const validations = [
      { expression: 'false', messageExpression: "'replicas: ' + string(object.spec.replicas)", message: 'unused' },
      { expression: 'false', messageExpression: "'  '", message: 'blank expression falls back' },
      { expression: 'false', messageExpression: "'two\\nlines'", message: 'multi-line falls back' },
      { expression: 'false', messageExpression: 'object.missing', message: 'an error falls back' },
      { expression: 'false', messageExpression: '1', message: 'a non-string falls back' },
      { expression: ' object.spec.replicas > 9 ', reason: 'Forbidden' },
    ];
    const r = run({ policies: [policy('messages', { validations })], bindings: [binding('b', 'messages')] });
    expect(r.violations.map((v) => `${v.reason}: ${v.message}`)).toEqual([
      'Invalid: replicas: 1',
      'Invalid: blank expression falls back',
      'Invalid: multi-line falls back',
      'Invalid: an error falls back',
      'Invalid: a non-string falls back',
      'Forbidden: failed expression: object.spec.replicas > 9',
    ]);
  });

  test('a result other than true denies (as `!= true` upstream), an error follows failurePolicy', () => {
    const p = (failurePolicy: string) => policy(`p-${failurePolicy.toLowerCase()}`, { failurePolicy, validations: [{ expression: 'object.spec.paused' }, { expression: "'yes'" }] });
    const fail = run({ policies: [p('Fail')], bindings: [binding('b', 'p-fail')] });
    expect(fail.violations.map((v) => v.message)).toEqual(["expression 'object.spec.paused' resulted in error: no such key: paused", "failed expression: 'yes'"]);
    const ignore = run({ policies: [p('Ignore')], bindings: [binding('b', 'p-ignore')] });
    expect(ignore.violations.map((v) => v.message)).toEqual(["failed expression: 'yes'"]);
  });
});

describe('composited variables', () => {
  test('are evaluated lazily, in order, once: an unused variable that would fail does not matter; a used one fails the expression', () => {
    const variables = [
      { name: 'images', expression: 'object.spec.template.spec.containers.map(c, c.image)' },
      { name: 'broken', expression: 'object.spec.missing' },
      { name: 'count', expression: 'size(variables.images)' },
    ];
    const ok = run({ policies: [policy('v', { variables, validations: [{ expression: 'variables.count == 1' }] })], bindings: [binding('b', 'v')] });
    expect(ok.violations).toEqual([]);
    expect(ok.admitted).toBe(2);
    const failing = run({ policies: [policy('v', { variables, validations: [{ expression: 'variables.broken == 1' }] })], bindings: [binding('b', 'v')] });
    expect(failing.violations.map((v) => v.message)).toEqual(['expression \'variables.broken == 1\' resulted in error: composited variable "broken" fails to evaluate: no such key: missing']);
  });
});

describe('match conditions', () => {
  const conditions = (matchConditions: { name: string; expression: string }[], failurePolicy = 'Fail') =>
    run({ policies: [policy('mc', { failurePolicy, matchConditions, validations: [{ expression: 'false', message: 'evaluated' }] })], bindings: [binding('b', 'mc')] });

  test('all true: the policy applies; any false: it does not (even after an error)', () => {
    expect(
      messages(
        conditions([
          { name: 'a', expression: 'true' },
          { name: 'b', expression: "object.metadata.name == 'web'" },
        ]),
      ),
    ).toHaveLength(1);
    const skipped = conditions([
      { name: 'a', expression: 'object.missing' },
      { name: 'b', expression: 'false' },
    ]);
    expect([skipped.violations, skipped.bindings[0].matched]).toEqual([[], 0]);
  });

  test('errors (with none false) follow failurePolicy: Fail denies with the errors, Ignore skips the policy', () => {
    expect(conditions([{ name: 'a', expression: 'object.missing' }]).violations.map((v) => [v.field, v.message])).toEqual([
      ['spec.matchConditions', "expression 'object.missing' resulted in error: no such key: missing"],
    ]);
    expect(
      conditions([
        { name: 'a', expression: 'object.x' },
        { name: 'b', expression: 'object.y' },
      ]).violations[0].message,
    ).toBe("[expression 'object.x' resulted in error: no such key: x, expression 'object.y' resulted in error: no such key: y]");
    expect(conditions([{ name: 'a', expression: 'object.missing' }], 'Ignore').violations).toEqual([]);
  });
});

describe('validation actions', () => {
  const failing = policy('never', { validations: [{ expression: 'false', message: 'no' }] });
  test.each([
    [['Deny'], ["Deny Deployment team-a/web: ValidatingAdmissionPolicy 'never' with binding 'b' denied request: no"], 1],
    [['Warn'], ["Warn Deployment team-a/web: Validation failed for ValidatingAdmissionPolicy 'never' with binding 'b': no"], 2],
    [['Audit'], ["Audit Deployment team-a/web: Validation failed for ValidatingAdmissionPolicy 'never' with binding 'b': no"], 2],
    [['Warn', 'Audit'], ["Warn+Audit Deployment team-a/web: Validation failed for ValidatingAdmissionPolicy 'never' with binding 'b': no"], 2],
    [['Deny', 'Audit'], ["Deny+Audit Deployment team-a/web: ValidatingAdmissionPolicy 'never' with binding 'b' denied request: no"], 1],
  ])('%j: reported, and only Deny refuses the object (the Namespace is admitted either way)', (validationActions, expected, admitted) => {
    const r = run({ policies: [failing], bindings: [binding('b', 'never', { validationActions })] });
    expect(messages(r)).toEqual(expected);
    expect(r.admitted).toBe(admitted);
  });

  test('each binding of a policy is evaluated, with its own match criteria', () => {
    const r = run({
      policies: [failing],
      bindings: [
        binding('team-a-only', 'never', { matchResources: { namespaceSelector: { matchLabels: { team: 'a' } } } }),
        binding('team-b-only', 'never', { matchResources: { namespaceSelector: { matchLabels: { team: 'b' } } } }),
      ],
    });
    expect(r.bindings.map((b) => `${b.binding}: ${b.matched} matched, ${b.denied} denied`)).toEqual(['team-a-only: 1 matched, 1 denied', 'team-b-only: 0 matched, 0 denied']);
  });
});

describe('parameters', () => {
  const registries = policy('registries', {
    paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    validations: [{ expression: 'object.spec.template.spec.containers.all(c, c.image.startsWith(params.data.registry))', messageExpression: "'images must come from ' + params.data.registry" }],
  });
  const withFailurePolicy = (failurePolicy?: string) => (failurePolicy ? policy('registries', { ...(registries.object.spec as object), failurePolicy }) : registries);
  const evaluate = (paramRef: Record<string, unknown> | undefined, params: ManifestObject[], failurePolicy?: string) =>
    run({
      policies: [withFailurePolicy(failurePolicy)],
      bindings: [binding('b', 'registries', paramRef ? { paramRef } : {})],
      params,
      objects: [teamA, deployment('team-a', 'web', ['docker.io/x:1'])],
    });

  test("a ConfigMap by name, in the request's namespace or the one paramRef names", () => {
    const inTeam = configMap('team-a', 'rules', { registry: 'registry.example.com/' });
    expect(evaluate({ name: 'rules', parameterNotFoundAction: 'Deny' }, [inTeam]).violations.map((v) => v.message)).toEqual(['images must come from registry.example.com/']);
    const central = configMap('platform', 'rules', { registry: 'docker.io/' });
    expect(evaluate({ name: 'rules', namespace: 'platform', parameterNotFoundAction: 'Deny' }, [inTeam, central]).violations).toEqual([]);
  });

  test('ConfigMaps by selector: the policy is evaluated once per parameter', () => {
    const params = [
      configMap('team-a', 'one', { registry: 'a/' }, { use: 'yes' }),
      configMap('team-a', 'two', { registry: 'docker.io/' }, { use: 'yes' }),
      configMap('team-a', 'three', { registry: 'b/' }),
    ];
    const r = evaluate({ selector: { matchLabels: { use: 'yes' } }, parameterNotFoundAction: 'Deny' }, params);
    expect(r.violations.map((v) => v.message)).toEqual(['images must come from a/']);
  });

  test("none found: Allow skips the policy; Deny refuses the request under failurePolicy Fail (whatever the binding's actions), not under Ignore", () => {
    expect(evaluate({ name: 'absent', parameterNotFoundAction: 'Allow' }, []).violations).toEqual([]);
    expect(messages(evaluate({ name: 'absent', parameterNotFoundAction: 'Deny' }, []))).toEqual([
      "Deny Deployment team-a/web: ValidatingAdmissionPolicy 'registries' with binding 'b' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
    ]);
    expect(evaluate({ name: 'absent', parameterNotFoundAction: 'Deny' }, [], 'Ignore').violations).toEqual([]);
  });

  test('a binding without paramRef runs the policy with params null', () => {
    expect(evaluate(undefined, []).violations.map((v) => v.message)).toEqual([
      "expression 'object.spec.template.spec.containers.all(c, c.image.startsWith(params.data.registry))' resulted in error: no such key: data",
    ]);
  });
});

describe('the variables a policy reads', () => {
  test('request, namespaceObject and oldObject are as the API server gives them on create', () => {
    const expectations = [
      "request.operation == 'CREATE' && request.namespace == 'team-a' && request.name == 'web'",
      "request.kind.group == 'apps' && request.kind.kind == 'Deployment' && request.resource.resource == 'deployments' && request.resource.version == 'v1'",
      "request.userInfo.username == 'system:serviceaccount:argocd:argocd-application-controller' && request.userInfo.groups == ['system:serviceaccounts']",
      "oldObject == null && namespaceObject.metadata.name == 'team-a' && namespaceObject.metadata.labels.team == 'a' && namespaceObject.status.phase == 'Active'",
    ];
    const r = run({
      policies: [policy('vars', { validations: expectations.map((expression) => ({ expression })) })],
      bindings: [binding('b', 'vars')],
      userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts'] },
    });
    expect(r.violations.map((v) => v.message)).toEqual([]);
  });

  test('a Namespace is its own request namespace, with no namespaceObject', () => {
    const p = policy('ns', {
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['namespaces'] }] },
      validations: [{ expression: "request.namespace == 'team-a' && namespaceObject == null && object.metadata.labels.team == 'a'" }],
    });
    const r = evaluateAdmission({ policies: [p], bindings: [binding('b', 'ns')], objects: [teamA] });
    expect([r.violations, r.bindings[0].matched]).toEqual([[], 1]);
  });
});

describe('the admission configuration', () => {
  test('policies, bindings and webhook configurations are exempt from policies, as on the API server', () => {
    const everything = policy('everything', {
      matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }] },
      validations: [{ expression: 'false', message: 'nothing passes' }],
    });
    const webhook: ManifestObject = { file: 'w.yaml', object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'w' } } };
    const bound = binding('everything-b', 'everything');
    const r = evaluateAdmission({ policies: [everything], bindings: [bound], objects: [everything, bound, webhook, teamA] });
    expect(messages(r)).toEqual(["Deny Namespace team-a: ValidatingAdmissionPolicy 'everything' with binding 'everything-b' denied request: nothing passes"]);
    expect([r.objects, r.admitted]).toEqual([4, 3]);
  });
});

describe('what paved cannot evaluate is reported, never admitted', () => {
  const allow = policy('allow', { validations: [{ expression: 'true' }] });

  test('an object of a kind paved maps to no resource, or without a namespace, or in a namespace not given', () => {
    const objects: ManifestObject[] = [
      { file: 'x.yaml', object: { apiVersion: 'example.com/v9', kind: 'Gadget', metadata: { name: 'g' } } },
      { file: 'y.yaml', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nowhere' } } },
      deployment('team-z', 'lost'),
    ];
    const r = evaluateAdmission({ policies: [allow], bindings: [binding('b', 'allow')], objects });
    expect(problems(r)).toEqual([
      'Gadget g: no policy is evaluated on it: paved knows no resource for example.com/v9 Gadget (a CRD in the tree or the catalog would name it)',
      'Deployment nowhere: no policy is evaluated on it: it names no namespace (paved cannot tell where it would be created)',
      'Deployment team-z/lost: no policy is evaluated on it: its namespace team-z is not among the given namespaces (the API server would refuse it: namespaces "team-z" not found)',
    ]);
    expect(r.admitted).toBe(0);
  });

  test('custom resources map through the CRDs in the tree', () => {
    const crd: ManifestObject = {
      file: 'crd.yaml',
      object: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Gadget', plural: 'gadgets' }, versions: [{ name: 'v9', served: true }] },
      },
    };
    const gadgets = policy('gadgets', {
      matchConstraints: { resourceRules: [{ apiGroups: ['example.com'], apiVersions: ['*'], operations: ['CREATE'], resources: ['gadgets'] }] },
      validations: [{ expression: "object.metadata.name != 'g'", message: 'not g' }],
    });
    const r = evaluateAdmission({
      policies: [gadgets],
      bindings: [binding('b', 'gadgets')],
      objects: [crd, { file: 'x.yaml', object: { apiVersion: 'example.com/v9', kind: 'Gadget', metadata: { name: 'g' } } }],
    });
    expect(r.violations.map((v) => v.message)).toEqual(['not g']);
  });

  test('an authorizer decision, or a function paved lacks: the binding counts the object as not evaluated', () => {
    const p = policy('authz', { validations: [{ expression: "authorizer.group('apps').resource('deployments').check('create').allowed()" }, { expression: "isSemver('1.0.0')" }] });
    const r = run({ policies: [p], bindings: [binding('b', 'authz')] });
    expect(problems(r)).toEqual([
      "Deployment team-a/web: spec.validations[0].expression: an authorizer check cannot be evaluated offline: paved has no cluster to ask what the request's user may do",
      "Deployment team-a/web: spec.validations[1].expression: isSemver() cannot be evaluated offline: paved's CEL lacks it",
    ]);
    expect(r.bindings[0]).toMatchObject({ matched: 1, admitted: 0, unevaluated: 1 });
    expect(r.admitted).toBe(1);
  });

  test('a policy or binding the API server would refuse is reported and not evaluated', () => {
    const broken = policy('broken', { validations: [{ expression: 'object.spec.replicas >' }] });
    const r = run({ policies: [broken, allow], bindings: [binding('b1', 'broken'), binding('b2', 'allow', { validationActions: ['Deny', 'Warn'] })] });
    expect(problems(r)).toEqual([
      expect.stringMatching(
        /^ValidatingAdmissionPolicy broken: spec\.validations\[0\]\.expression: the API server would refuse it, so it is not evaluated: Invalid value: "object\.spec\.replicas >": compilation failed: syntax error: /,
      ),
      'ValidatingAdmissionPolicyBinding b2: spec.validationActions: the API server would refuse it, so it is not evaluated: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    ]);
    expect(r.bindings).toEqual([]);
  });

  test('a match through an equivalent version: the API server would convert the object first', () => {
    const hpa: ManifestObject = { file: 'hpa.yaml', object: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'team-a' }, spec: {} } };
    const p = policy('hpa', {
      matchConstraints: { resourceRules: [{ apiGroups: ['autoscaling'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['horizontalpodautoscalers'] }] },
      validations: [{ expression: 'true' }],
    });
    const r = evaluateAdmission({ policies: [p], bindings: [binding('b', 'hpa')], objects: [teamA, hpa] });
    expect(problems(r)).toEqual([
      'HorizontalPodAutoscaler team-a/h: spec.matchConstraints: it matches as autoscaling/v1 HorizontalPodAutoscaler (matchPolicy Equivalent): the API server would convert it to that version first, which paved cannot do offline',
    ]);
  });
});
