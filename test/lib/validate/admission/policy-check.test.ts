/**
 * checkAdmissionPolicies: policies and bindings checked as the API server
 * checks them on create (schema, validation rules, every expression compiled).
 */
import { checkAdmissionPolicies } from '../../../../lib/validate/admission';
import type { ManifestObject } from '../../../../lib/validate/findings';
import { binding, policy } from './admission-util';

const findings = (objects: ManifestObject[]) => checkAdmissionPolicies(objects).map((f) => `${f.severity} [${f.rule}] ${f.file}: ${f.object}: ${f.field}: ${f.message}`);
const good = policy('good', {
  paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
  matchConditions: [{ name: 'not-system', expression: "!request.namespace.startsWith('kube-')" }],
  variables: [{ name: 'replicas', expression: 'object.spec.?replicas.orValue(1)' }],
  validations: [{ expression: 'variables.replicas <= int(params.data.max)', messageExpression: "'at most ' + params.data.max", reason: 'Forbidden' }],
  auditAnnotations: [{ key: 'replicas', valueExpression: 'string(variables.replicas)' }],
});

describe('checkAdmissionPolicies', () => {
  test('accepts a valid policy and binding (other kinds are not its business)', () => {
    expect(
      findings([
        good,
        binding('good-binding', 'good', {
          paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' },
          matchResources: { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } },
        }),
        { file: 'cm.yaml', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } },
      ]),
    ).toEqual([]);
  });

  test("fails on a compile error, naming the policy, the field and the expression, in the API server's words", () => {
    const p = policy('typos', {
      variables: [
        { name: 'a', expression: 'variables.b' },
        { name: 'b', expression: '1' },
      ],
      validations: [{ expression: 'object.spec.replicas < params.max' }, { expression: 'true', messageExpression: "authorizer.path('/').check('get').reason()" }],
      matchConditions: [{ name: 'uses-variables', expression: 'variables.a == 1' }],
    });
    expect(findings([p])).toEqual([
      "error [policy] policies/typos.yaml: ValidatingAdmissionPolicy typos: spec.matchConditions[0].expression: Invalid value: \"variables.a == 1\": compilation failed: undeclared reference to 'variables' (in container '')",
      'error [policy] policies/typos.yaml: ValidatingAdmissionPolicy typos: spec.variables[0].expression: Invalid value: "variables.b": compilation failed: undefined field \'b\'',
      "error [policy] policies/typos.yaml: ValidatingAdmissionPolicy typos: spec.validations[0].expression: Invalid value: \"object.spec.replicas < params.max\": compilation failed: undeclared reference to 'params' (in container '')",
      "error [policy] policies/typos.yaml: ValidatingAdmissionPolicy typos: spec.validations[1].messageExpression: Invalid value: \"authorizer.path('/').check('get').reason()\": compilation failed: undeclared reference to 'authorizer' (in container '')",
    ]);
  });

  test('an expression the API server reads but paved cannot compile is a warning, not an error', () => {
    expect(findings([policy('semver', { validations: [{ expression: 'isSemver(object.metadata.labels.version)' }] })])).toEqual([
      "warning [policy] policies/semver.yaml: ValidatingAdmissionPolicy semver: spec.validations[0].expression: not checked: isSemver() cannot be evaluated offline: paved's CEL lacks it: isSemver(object.metadata.labels.version)",
    ]);
  });

  test("fails on what the schema refuses: unknown fields (as strict field validation does), types; enums in the API server's words", () => {
    expect(findings([policy('schema', { failurePolicy: 'Sometimes', validations: [{ expression: 'true', severity: 'high' }] })])).toEqual([
      'error [schema] policies/schema.yaml: ValidatingAdmissionPolicy schema: spec.validations[0].severity: unknown field "severity" (the schema declares expression, message, reason, messageExpression)',
      'error [policy] policies/schema.yaml: ValidatingAdmissionPolicy schema: spec.failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"',
    ]);
    expect(findings([policy('types', { validations: 'all of them' })])).toEqual([
      expect.stringMatching(/^error \[schema\] policies\/types\.yaml: ValidatingAdmissionPolicy types: spec\.validations: must be array/),
    ]);
  });

  test('fails on what the API server refuses in a policy: required parts, names, rules, selectors, messages', () => {
    const bad = policy('Bad_Name', {
      matchConstraints: {
        resourceRules: [{ apiGroups: ['*', 'apps'], apiVersions: [], operations: ['CREATE', 'PATCH'], resources: ['*', 'pods'], scope: 'Somewhere', resourceNames: ['a/b'] }],
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['a'] }] },
      },
      matchConditions: [
        { name: 'same', expression: 'true' },
        { name: 'same', expression: 'true' },
      ],
      variables: [{ name: 'not-an-identifier', expression: '1' }],
      validations: [{ expression: 'true', message: 'two\nlines', reason: 'Teapot' }],
    });
    expect(findings([bad]).map((f) => f.replace(/^error \[policy\] policies\/Bad_Name\.yaml: ValidatingAdmissionPolicy Bad_Name: /, ''))).toEqual([
      expect.stringMatching(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/),
      "spec.matchConstraints.namespaceSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.matchConstraints.resourceRules[0].resourceNames[0]: Invalid value: "a/b": may not contain \'/\'',
      'spec.matchConstraints.resourceRules[0].operations[1]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      'spec.matchConstraints.resourceRules[0].apiGroups: Invalid value: ["*","apps"]: if \'*\' is present, must not specify other API groups',
      'spec.matchConstraints.resourceRules[0].apiVersions: Required value',
      'spec.matchConstraints.resourceRules[0].resources: Invalid value: ["*","pods"]: if \'*\' is present, must not specify other resources without subresources',
      'spec.matchConstraints.resourceRules[0].scope: Unsupported value: "Somewhere": supported values: "*", "Cluster", "Namespaced"',
      'spec.matchConditions[1].name: Duplicate value: "same"',
      'spec.variables[0].name: Invalid value: "not-an-identifier": name is not a valid CEL identifier',
      'spec.validations[0].message: Invalid value: "two\\nlines": message must not contain line breaks',
      'spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge"',
    ]);
    expect(findings([policy('empty', { matchConstraints: { resourceRules: [] } })])).toEqual([
      'error [policy] policies/empty.yaml: ValidatingAdmissionPolicy empty: spec.matchConstraints.resourceRules: Required value',
      'error [policy] policies/empty.yaml: ValidatingAdmissionPolicy empty: spec.validations: Required value: validations or auditAnnotations must contain at least one item',
      'error [policy] policies/empty.yaml: ValidatingAdmissionPolicy empty: spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item',
    ]);
  });

  test('fails on what the API server refuses in a binding: actions, paramRef, match resources; warns of a binding to no given policy', () => {
    const bad = binding('bad', 'missing', {
      validationActions: ['Deny', 'Warn', 'Deny', 'Block'],
      paramRef: { name: 'x', selector: { matchLabels: { a: 'b' } } },
      matchResources: { matchPolicy: 'Fuzzy' },
    });
    expect(findings([bad]).map((f) => f.replace(/^(error|warning) \[policy\] policies\/bad\.yaml: ValidatingAdmissionPolicyBinding bad: /, '$1 '))).toEqual([
      'warning spec.policyName: binds no policy among the given ones (missing)',
      'error spec.paramRef.name: Forbidden: name and selector are mutually exclusive',
      'error spec.paramRef.parameterNotFoundAction: Required value',
      'error spec.matchResources.matchPolicy: Unsupported value: "Fuzzy": supported values: "Equivalent", "Exact"',
      'error spec.validationActions[2]: Duplicate value: "Deny"',
      'error spec.validationActions[3]: Unsupported value: "Block": supported values: "Audit", "Deny", "Warn"',
      'error spec.validationActions: Invalid value: ["Deny","Warn","Deny","Block"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    ]);
    expect(findings([good, binding('none', 'good', { validationActions: [] })])).toEqual([
      'error [policy] policies/none.yaml: ValidatingAdmissionPolicyBinding none: spec.validationActions: Required value: at least one validation action is required',
    ]);
  });
});
