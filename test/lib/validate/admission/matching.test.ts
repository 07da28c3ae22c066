/**
 * Match criteria (matchConstraints, a binding's matchResources) as the API
 * server's matcher reads them: each rule field, the selectors, exclusions and
 * matchPolicy.
 */
import { type RequestAttributes, matchRequest } from '../../../../lib/validate/admission/matching';
import { type MatchResources, type Rule } from '../../../../lib/validate/admission/read-policy';
import { ResourceMap } from '../../../../lib/validate/admission/resources';

const resources = ResourceMap.of(undefined, [
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [
        { name: 'v1', served: true },
        { name: 'v1beta1', served: true },
        { name: 'v1alpha1', served: false },
      ],
    },
  },
]);
const info = (apiVersion: string, kind: string) => {
  const r = resources.forKind(apiVersion, kind);
  if (!r) throw new Error(`no resource for ${apiVersion} ${kind}`);
  return r;
};

const rule = (r: Partial<Rule> = {}): Rule => ({ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], scope: '*', resourceNames: [], ...r });
const criteria = (m: Partial<MatchResources> = {}): MatchResources => ({
  namespaceSelector: {},
  objectSelector: {},
  resourceRules: [rule()],
  excludeResourceRules: [],
  matchPolicy: 'Equivalent',
  ...m,
});
const deployment: RequestAttributes = { resource: info('apps/v1', 'Deployment'), namespace: 'team-a', name: 'web', labels: { app: 'web' }, namespaceLabels: { team: 'a', env: 'prod' } };
const matches = (m: MatchResources, a: RequestAttributes = deployment) => {
  const outcome = matchRequest(m, a, resources);
  return 'error' in outcome ? outcome.error : outcome.matches;
};

describe('resource rules', () => {
  test.each([
    ['operations CREATE', { operations: ['CREATE'] }, true],
    ["operations '*'", { operations: ['*'] }, true],
    ['operations UPDATE only', { operations: ['UPDATE', 'DELETE'] }, false],
    ['apiGroups of another group', { apiGroups: [''] }, false],
    ["apiGroups '*'", { apiGroups: ['*'] }, true],
    ['apiVersions of another version', { apiVersions: ['v1beta1'] }, false],
    ["apiVersions '*'", { apiVersions: ['*'] }, true],
    ['resources of another resource', { resources: ['statefulsets'] }, false],
    ["resources '*'", { resources: ['*'] }, true],
    ['a subresource only (a CREATE of the resource has none)', { resources: ['deployments/status'] }, false],
    ["'deployments/*' (any subresource, or none)", { resources: ['deployments/*'] }, true],
    ["'*/*'", { resources: ['*/*'] }, true],
    ["'*/scale'", { resources: ['*/scale'] }, false],
    ['scope Namespaced', { scope: 'Namespaced' }, true],
    ['scope Cluster', { scope: 'Cluster' }, false],
    ['resourceNames naming it', { resourceNames: ['other', 'web'] }, true],
    ['resourceNames not naming it', { resourceNames: ['other'] }, false],
  ])('%s', (_name, r, expected) => {
    expect(matches(criteria({ resourceRules: [rule(r)] }))).toBe(expected);
  });

  test('any one rule matching is enough; no rules match every request; excluded rules win', () => {
    expect(matches(criteria({ resourceRules: [rule({ resources: ['pods'] }), rule()] }))).toBe(true);
    expect(matches(criteria({ resourceRules: [] }))).toBe(true);
    expect(matches(criteria({ excludeResourceRules: [rule({ resourceNames: ['web'] })] }))).toBe(false);
    expect(matches(criteria({ excludeResourceRules: [rule({ resourceNames: ['api'] })] }))).toBe(true);
  });

  test('an object with only generateName has no name: resourceNames never match it', () => {
    expect(matches(criteria({ resourceRules: [rule({ resourceNames: ['web'] })] }), { ...deployment, name: '' })).toBe(false);
  });

  test('scope: a Namespace is cluster-scoped though its requests carry its own name as namespace', () => {
    const namespace: RequestAttributes = { resource: info('v1', 'Namespace'), namespace: 'team-a', name: 'team-a', labels: {}, namespaceLabels: {} };
    const nsRule = (scope: string) => criteria({ resourceRules: [rule({ apiGroups: [''], resources: ['namespaces'], scope })] });
    expect([matches(nsRule('Cluster'), namespace), matches(nsRule('Namespaced'), namespace), matches(nsRule('*'), namespace)]).toEqual([true, false, true]);
    const widget: RequestAttributes = { resource: info('example.com/v1', 'Widget'), namespace: '', name: 'w', labels: {}, namespaceLabels: undefined };
    const widgetRule = (scope: string) => criteria({ resourceRules: [rule({ apiGroups: ['example.com'], resources: ['widgets'], scope })] });
    expect([matches(widgetRule('Cluster'), widget), matches(widgetRule('Namespaced'), widget)]).toEqual([true, false]);
  });
});

describe('matchPolicy', () => {
  const v1Only = (matchPolicy: string) => criteria({ matchPolicy, resourceRules: [rule({ apiGroups: ['example.com'], apiVersions: ['v1beta1'], resources: ['widgets'] })] });
  const widget: RequestAttributes = { resource: info('example.com/v1', 'Widget'), namespace: '', name: 'w', labels: {}, namespaceLabels: undefined };

  test('Equivalent matches another served version of the same resource, and says which; Exact does not', () => {
    const outcome = matchRequest(v1Only('Equivalent'), widget, resources);
    expect(outcome).toEqual({ matches: true, resource: expect.objectContaining({ group: 'example.com', version: 'v1beta1', resource: 'widgets' }) });
    expect(matches(v1Only('Exact'), widget)).toBe(false);
    // a version the CRD does not serve is no equivalent
    expect(matches(criteria({ resourceRules: [rule({ apiGroups: ['example.com'], apiVersions: ['v1alpha1'], resources: ['widgets'] })] }), widget)).toBe(false);
  });

  test('the built-in HorizontalPodAutoscaler is served as autoscaling/v1 and v2', () => {
    const hpa: RequestAttributes = { ...deployment, resource: info('autoscaling/v2', 'HorizontalPodAutoscaler') };
    expect(matches(criteria({ resourceRules: [rule({ apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'] })] }), hpa)).toBe(true);
  });
});

describe('selectors', () => {
  test.each([
    ['matchLabels', { matchLabels: { team: 'a' } }, true],
    ['matchLabels of another value', { matchLabels: { team: 'b' } }, false],
    ['In', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, true],
    ['NotIn', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    ['NotIn of an absent label', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, true],
    ['Exists', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, false],
    ['all requirements together', { matchLabels: { team: 'a' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, false],
  ])('namespaceSelector %s', (_name, selector, expected) => {
    expect(matches(criteria({ namespaceSelector: selector }))).toBe(expected);
  });

  test('objectSelector reads the object labels (and no old object on create)', () => {
    expect(matches(criteria({ objectSelector: { matchLabels: { app: 'web' } } }))).toBe(true);
    expect(matches(criteria({ objectSelector: { matchLabels: { app: 'api' } } }))).toBe(false);
    expect(matches(criteria({ objectSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] } }))).toBe(false);
  });

  test('cluster-scoped objects pass any namespaceSelector; a Namespace is selected by its own labels', () => {
    const role: RequestAttributes = { resource: info('rbac.authorization.k8s.io/v1', 'ClusterRole'), namespace: '', name: 'r', labels: {}, namespaceLabels: undefined };
    expect(matches(criteria({ namespaceSelector: { matchLabels: { team: 'x' } }, resourceRules: [] }), role)).toBe(true);
    const ns: RequestAttributes = { resource: info('v1', 'Namespace'), namespace: 'b', name: 'b', labels: { team: 'b' }, namespaceLabels: { team: 'b' } };
    expect(matches(criteria({ namespaceSelector: { matchLabels: { team: 'b' } }, resourceRules: [] }), ns)).toBe(true);
  });

  test('fails when the namespace a selector must read is unknown, once the rules match', () => {
    const unknown = { ...deployment, namespaceLabels: undefined };
    expect(matches(criteria({ namespaceSelector: { matchLabels: { team: 'a' } } }), unknown)).toBe('namespaces "team-a" not found');
    expect(matches(criteria({ namespaceSelector: { matchLabels: { team: 'a' } }, resourceRules: [rule({ resources: ['pods'] })] }), unknown)).toBe(false);
    expect(matches(criteria(), unknown)).toBe(true);
  });
});
