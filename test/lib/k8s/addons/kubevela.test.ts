import { KUBEVELA_USER_POLICY, KUBEVELA_USER_VALIDATIONS, KubeVelaAddOn, TEAM_DEFINITIONS, teamDefinitionNames } from '../../../../lib';
import { placementOf } from '../../../../lib/private/placement';
import { ApiObject } from 'cdk8s';
import { findObject, objectsOf, teamScopes } from '../../../util';

describe('KubeVelaAddOn', () => {
  const { platform } = teamScopes('prod');
  const addOn = new KubeVelaAddOn(platform, 'Vela', { version: '1.10.9' });
  const values = findObject(objectsOf(addOn), 'Application', 'vela-core').spec.source.helm.valuesObject;

  test("applies each Application as the user who applied it, and checks its definitions against that user's RBAC", () => {
    // authentication: the controller impersonates the user the webhook records (its chart then drops cluster-admin)
    expect(values.authentication).toEqual({ enabled: true, withUser: true, defaultUser: 'kubevela:vela-core', groupPattern: 'kubevela:*' });
    // feature gate ValidateDefinitionPermissions: the webhook asks whether that user may get each definition
    expect(values.authorization).toEqual({ definitionValidationEnabled: true });
    // no ComponentRevisions, so the deployer needs no ControllerRevisions
    expect(values.optimize).toEqual({ disableComponentRevision: true });
    expect(values).toMatchObject({ systemDefinitionNamespace: 'vela-system', admissionWebhooks: { enabled: true } });
  });

  test("a Role in vela-system lets team deployers get the allowlist's definitions, by name, and nothing else (in the platform's KubeVela configuration)", () => {
    const role = findObject(objectsOf(addOn), 'Role', 'paved-team-definitions');
    expect(role.metadata.namespace).toBe('vela-system');
    const byResource = Object.fromEntries(role.rules.map((r: { resources: string[]; resourceNames: string[] }) => [r.resources.join(), [...r.resourceNames].sort()]));
    expect(byResource).toEqual({
      componentdefinitions: [...teamDefinitionNames('ComponentDefinition')].sort(),
      traitdefinitions: [...teamDefinitionNames('TraitDefinition')].sort(),
      workflowstepdefinitions: [...teamDefinitionNames('WorkflowStepDefinition')].sort(),
    });
    expect(Object.values(byResource).flat().sort()).toEqual(TEAM_DEFINITIONS.map((d) => d.name).sort());
    for (const r of role.rules) expect(r.verbs).toEqual(['get']);
    const placed = addOn.node
      .findAll()
      .filter(ApiObject.isApiObject)
      .find((o) => o.kind === 'Role');
    expect(placed && placementOf(placed)).toBe('platform/config/kubevela');
  });
});

describe('the policy that holds each Application to the user applying it (the webhooks of vela-core fail open)', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cel = require('@bufbuild/cel') as typeof import('@bufbuild/cel');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const env = cel.celEnv({});
  const checks = KUBEVELA_USER_VALIDATIONS.map((v) => ({ run: cel.plan(env, cel.parse(v.expression)), message: cel.plan(env, cel.parse(v.messageExpression)) }));
  const DEPLOYER = 'system:serviceaccount:argocd:paved-deployer-payments';
  const VELA = 'system:serviceaccount:vela-system:vela-core';
  const app = (annotations?: Record<string, string>) => ({ metadata: { name: 'web', namespace: 'payments', ...(annotations ? { annotations } : {}) } });
  /** The messages of the validations that deny the request (none: admitted). */
  const denied = (user: string, object: ReturnType<typeof app>, oldObject: ReturnType<typeof app> | null = null): string[] => {
    const bindings = { object, oldObject, request: { userInfo: { username: user } } };
    return checks.filter((c) => c.run(bindings) !== true).map((c) => String(c.message(bindings)));
  };
  const recorded = { 'app.oam.dev/username': DEPLOYER, 'app.oam.dev/group': '' };

  test('admits what the webhook records: the deployer applying, no group', () => {
    expect(denied(DEPLOYER, app(recorded))).toEqual([]);
  });

  test("admits vela-core's own updates and any update that leaves the recorded user alone", () => {
    expect(denied(VELA, app({ ...recorded, 'app.oam.dev/publishVersion': '2' }), app(recorded))).toEqual([]);
    expect(denied(DEPLOYER, app(recorded), app(recorded))).toEqual([]);
  });

  test('refuses, when the webhook did not run, an Application that names another user, a group or no user', () => {
    const platform = { 'app.oam.dev/username': 'system:serviceaccount:argocd:paved-platform-deployer' };
    expect(denied(DEPLOYER, app(platform))).toEqual([
      'Application payments/web: metadata.annotations: app.oam.dev/username must name the user applying it (system:serviceaccount:argocd:paved-deployer-payments) and app.oam.dev/group be empty: KubeVela applies what the Application renders as that user (is the webhook of vela-core running?)',
    ]);
    expect(denied(DEPLOYER, app({ 'app.oam.dev/username': DEPLOYER, 'app.oam.dev/group': 'system:masters' }))).toHaveLength(1);
    expect(denied(DEPLOYER, app())).toHaveLength(1);
    // an update that swaps the recorded user for another
    expect(denied(DEPLOYER, app(platform), app(recorded))).toHaveLength(1);
    expect(denied(VELA, app({ ...recorded, 'app.oam.dev/group': 'system:masters' }), app(recorded))).toHaveLength(1);
  });

  test('refuses a service account annotation, whoever applies it', () => {
    expect(denied(DEPLOYER, app({ ...recorded, 'app.oam.dev/service-account-name': 'external-secrets' }))).toEqual([
      'Application payments/web: metadata.annotations: app.oam.dev/service-account-name is not allowed: KubeVela applies an Application as the user who applied it',
    ]);
  });

  test('is a fail-closed policy bound cluster-wide, on creating and changing Applications', () => {
    const { platform } = teamScopes('prod');
    const objects = objectsOf(new KubeVelaAddOn(platform, 'Vela', { version: '1.10.9' }));
    const policy = findObject(objects, 'ValidatingAdmissionPolicy', KUBEVELA_USER_POLICY);
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: ['core.oam.dev'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['applications'] }]);
    expect(policy.spec.validations.map((v: { expression: string }) => v.expression)).toEqual(KUBEVELA_USER_VALIDATIONS.map((v) => v.expression));
    expect(findObject(objects, 'ValidatingAdmissionPolicyBinding', KUBEVELA_USER_POLICY).spec).toEqual({ policyName: KUBEVELA_USER_POLICY, validationActions: ['Deny'] });
  });
});
