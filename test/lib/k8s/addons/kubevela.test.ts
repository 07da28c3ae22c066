import { KubeVelaAddOn, TEAM_DEFINITIONS, teamDefinitionNames } from '../../../../lib';
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
