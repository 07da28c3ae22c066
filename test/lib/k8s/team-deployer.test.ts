import { ApiObject, App } from 'cdk8s';
import {
  DEPLOYER_FORBIDDEN_RESOURCES,
  DEPLOYER_VERBS,
  FORBIDDEN_VERBS,
  Org,
  type OrgProps,
  PlatformEnvironment,
  TEAM_DEFINITIONS,
  TeamScope,
  teamDefinitionNames,
  teamDefinitionOutputs,
  teamDefinitionsRules,
} from '../../../lib';
import { placementOf } from '../../../lib/private/placement';
import { ORG_PROPS, errorOf, findObject, objectsOf, teamScopes } from '../../util';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

/** `group/resource` for every resource a Role's rules hold. */
const resourcesOf = (rules: Rule[]) => rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`))).sort();

/** What the platform's app kinds are called in RBAC, written out (not derived: the test checks the derivation). */
const APP_KIND_RESOURCES = [
  'core.oam.dev/applications',
  'external-secrets.io/externalsecrets',
  'db.example.com/postgresqlinstances',
  'storage.example.com/objectbuckets',
  'monitoring.coreos.com/servicemonitors',
  'monitoring.coreos.com/prometheusrules',
  '/configmaps',
];
const OUTPUTS = teamDefinitionOutputs().map((o) => `${o.group}/${o.resource}`);

const withTeam = (team: Partial<OrgProps['teams'][number]>): OrgProps => ({ ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], ...team }, ORG_PROPS.teams[1]] });

describe('TeamDeployer', () => {
  const { scope } = teamScopes('prod');
  const objects = objectsOf(scope('search').deployer);
  const role = findObject(objects, 'Role', 'paved-deployer');

  test("its Role holds exactly the team's kinds (what Argo CD applies) and the allowed definitions' outputs (what KubeVela applies), with the seven verbs", () => {
    expect(role.metadata.namespace).toBe('search');
    expect(resourcesOf(role.rules)).toEqual([...new Set([...APP_KIND_RESOURCES, ...OUTPUTS])].sort());
    // every definition's output is in, e.g. the gateway trait's Ingress and the release job's Job
    expect(OUTPUTS).toEqual(expect.arrayContaining(['networking.k8s.io/ingresses', 'batch/jobs', 'apps/deployments', '/services', 'policy/poddisruptionbudgets']));
    for (const r of role.rules as Rule[]) {
      expect(r.verbs).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']);
      expect(r.resourceNames).toBeUndefined();
    }
    expect(DEPLOYER_VERBS).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']);
  });

  test('no rule holds Secrets, ServiceAccounts, namespaces, RBAC, definitions, an escalating verb or a wildcard', () => {
    for (const r of role.rules as Rule[]) {
      expect(r.apiGroups).not.toContain('*');
      expect(r.apiGroups).not.toContain('rbac.authorization.k8s.io');
      expect(r.resources.filter((x) => x === '*' || x.includes('/'))).toEqual([]);
      expect(r.verbs.filter((v) => FORBIDDEN_VERBS.includes(v) || v === 'deletecollection')).toEqual([]);
      for (const g of r.apiGroups) for (const res of r.resources) expect(DEPLOYER_FORBIDDEN_RESOURCES).not.toContainEqual({ group: g, resource: res });
    }
    expect(resourcesOf(role.rules)).not.toEqual(expect.arrayContaining(['/secrets']));
    expect(resourcesOf(role.rules).filter((r) => ['/secrets', '/serviceaccounts', '/namespaces'].includes(r) || r.endsWith('definitions'))).toEqual([]);
  });

  test("its Role and RoleBinding sit beside each namespace in the team's tenant folder (synced by the platform project), bound to the deployer in argocd", () => {
    const deployer = scope('search').deployer;
    expect(deployer.account).toEqual({ namespace: 'argocd', name: 'paved-deployer-search' });
    const binding = findObject(objects, 'RoleBinding', 'paved-deployer');
    expect(binding.metadata.namespace).toBe('search');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'paved-deployer' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', namespace: 'argocd', name: 'paved-deployer-search' }]);
    const folders = deployer.node
      .findAll()
      .filter(ApiObject.isApiObject)
      .map((o) => `${o.kind} ${placementOf(o)}`)
      .sort();
    expect(folders).toEqual(['Role teams/search/tenant/namespaces/search', 'RoleBinding teams/search/tenant/namespaces/search']);
  });

  test("the team's Argo CD project syncs every one of its namespaces as the deployer", () => {
    const project = findObject(objectsOf(scope('search').appProject), 'AppProject', 'search');
    expect(project.spec.destinationServiceAccounts).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'search', defaultServiceAccount: 'argocd:paved-deployer-search' }]);
  });

  describe('GIVEN a team with several namespaces', () => {
    const org = teamScopes('staging', withTeam({ namespaces: ['payments', 'payments-ledger', 'payments-batch'] }));
    const team = org.scope('payments');
    const all = objectsOf(team.deployer);

    test('a Role and a RoleBinding in each, all for the one deployer', () => {
      for (const ns of ['payments', 'payments-ledger', 'payments-batch']) {
        const roles = all.filter((o) => o.kind === 'Role' && o.metadata.namespace === ns);
        expect(roles.map((r) => r.metadata.name)).toEqual(['paved-deployer']);
        expect(resourcesOf(roles[0].rules)).toEqual(resourcesOf(role.rules));
        expect(all.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === ns)?.subjects).toEqual([{ kind: 'ServiceAccount', namespace: 'argocd', name: 'paved-deployer-payments' }]);
      }
    });

    test('its project maps each namespace to the deployer, named with its namespace', () => {
      expect(
        findObject(objectsOf(team.appProject), 'AppProject', 'payments').spec.destinationServiceAccounts.map((d: Record<string, string>) => `${d.namespace} → ${d.defaultServiceAccount}`),
      ).toEqual(['payments → argocd:paved-deployer-payments', 'payments-ledger → argocd:paved-deployer-payments', 'payments-batch → argocd:paved-deployer-payments']);
    });
  });

  describe('GIVEN a team with extraKinds', () => {
    test('it may write those too, named as RBAC names them (the schema catalog, else the plural), once each', () => {
      const { scope: s } = teamScopes(
        'staging',
        withTeam({
          extraKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
            { group: '', kind: 'Endpoints' },
            { group: 'policy', kind: 'PodDisruptionBudget' },
            { group: 'example.com', kind: 'Widget' },
            { group: 'example.com', kind: 'Proxy' },
            { group: 'example.com', kind: 'Gateway' },
          ],
        }),
      );
      const resources = resourcesOf(findObject(objectsOf(s('payments').deployer), 'Role', 'paved-deployer').rules);
      expect(resources).toEqual(
        [...new Set([...APP_KIND_RESOURCES, ...OUTPUTS, 'gateway.networking.k8s.io/httproutes', '/endpoints', 'example.com/widgets', 'example.com/proxies', 'example.com/gateways'])].sort(),
      );
      expect(s('payments').deployer.resources.find((r) => r.resource === 'poddisruptionbudgets')?.reasons).toEqual(['apps folder: PodDisruptionBudget (policy)', 'trait paved-pdb']);
    });

    test("a kind the environment's platform defines is named by its XRD's plural", () => {
      const org = new Org(withTeam({ extraKinds: [{ group: 'cache.example.com', kind: 'Cache' }] }));
      const platform = new PlatformEnvironment(new App(), 'staging', { org, environment: org.environment('staging') });
      new ApiObject(platform, 'Xrd', {
        apiVersion: 'apiextensions.crossplane.io/v2',
        kind: 'CompositeResourceDefinition',
        metadata: { name: 'cachez.cache.example.com' },
        spec: { group: 'cache.example.com', scope: 'Namespaced', names: { kind: 'Cache', plural: 'cachez' } },
      });
      const team = new TeamScope(platform, 'payments', { team: org.team('payments') });
      expect(resourcesOf(findObject(objectsOf(team.deployer), 'Role', 'paved-deployer').rules)).toContain('cache.example.com/cachez');
    });

    test('refuses, all at once, a kind a deployer may never write and a cluster-scoped one', () => {
      const message = errorOf(() =>
        teamScopes(
          'staging',
          withTeam({
            extraKinds: [
              { group: '', kind: 'Secret' },
              { group: 'core.oam.dev', kind: 'ComponentDefinition' },
              { group: 'elbv2.k8s.aws', kind: 'IngressClassParams' },
              { group: '', kind: 'PersistentVolume' },
            ],
          }),
        ),
      );
      expect(message.split('\n')).toEqual([
        expect.stringMatching(
          /^staging\/payments\/Deployer: team payments's extraKinds = "Secret" is not allowed: a namespaced kind the team's deployer may write \(a deployer may never write it; never Secrets,/,
        ),
        expect.stringMatching(/extraKinds = "ComponentDefinition \(core\.oam\.dev\)" is not allowed: .*a deployer may never write it/),
        expect.stringMatching(/extraKinds = "IngressClassParams \(elbv2\.k8s\.aws\)" is not allowed: .*it is cluster-scoped/),
        expect.stringMatching(/extraKinds = "PersistentVolume" is not allowed: .*it is cluster-scoped/),
      ]);
    });
  });
});

describe('teamDefinitionsRules', () => {
  test('get on exactly the allowed definitions, by name, per kind: KubeVela refuses every other', () => {
    const rules = teamDefinitionsRules();
    const kinds = { componentdefinitions: 'ComponentDefinition', traitdefinitions: 'TraitDefinition', workflowstepdefinitions: 'WorkflowStepDefinition' } as const;
    expect(rules.map((r) => r.resources)).toEqual([['componentdefinitions'], ['traitdefinitions'], ['workflowstepdefinitions']]);
    for (const r of rules) {
      expect(r.apiGroups).toEqual(['core.oam.dev']);
      expect(r.verbs).toEqual(['get']);
      expect([...(r.resourceNames ?? [])].sort()).toEqual([...teamDefinitionNames(kinds[r.resources[0] as keyof typeof kinds])].sort());
    }
    expect(rules.flatMap((r) => r.resourceNames ?? []).sort()).toEqual(TEAM_DEFINITIONS.map((d) => d.name).sort());
  });
});
