import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { IntOrString, KubeClusterRoleBinding, KubeConfigMap, KubePodDisruptionBudget, KubeRole } from 'cdk8s-plus-28/lib/imports/k8s';
import {
  AppConstruct,
  type AppDefinition,
  type ManifestObject,
  Org,
  type OrgProps,
  type PlatformEnvironment,
  PlatformServices,
  TEAM_APP_KINDS,
  type TeamScope,
  showKind,
  buildGitOps,
  synthGitOps,
  validateObjects,
} from '../../../lib';
import { ORG_PROPS, errorOf, minimalPlatform } from '../../util';

const VERSIONS = { providerVersion: 'v2.6.0', patchAndTransformVersion: 'v0.10.8', environmentConfigsVersion: 'v0.7.1' };
const platform = (env: PlatformEnvironment) => {
  minimalPlatform(env);
  new PlatformServices(env, 'Services', VERSIONS);
};
const web: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 });
const build = (define: AppDefinition, props: OrgProps = ORG_PROPS, team = 'payments') => buildGitOps({ org: new Org(props), apps: [{ team, apps: [web, define] }], platform, environments: ['prod'] });

describe("a team's definitions change only the team's objects (construct level)", () => {
  test('a ClusterRoleBinding to cluster-admin made through the scope is refused: not a kind of the team', () => {
    const escalate: AppDefinition = function escalate(scope) {
      new KubeClusterRoleBinding(scope, 'Admin', {
        metadata: { name: 'payments-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'Group', name: 'payments-engineers', apiGroup: 'rbac.authorization.k8s.io' }],
      });
    };
    const { errors } = build(escalate);
    expect(errors).toEqual([
      `prod/payments/Admin: kind = ClusterRoleBinding (rbac.authorization.k8s.io) is not allowed in teams/payments/apps/: one of ${TEAM_APP_KINDS.map(showKind).join(', ')} (a platform engineer can add kinds to the team's extraKinds in the org)`,
      "prod/payments/Admin: metadata.namespace = none is not allowed: one of team payments's namespaces (payments)",
    ]);
  });

  test("an object slipped into the tenant folder (synced by the platform's project) is refused", () => {
    const sneak: AppDefinition = function sneak(scope) {
      const tenant = scope.node.findChild('payments');
      new KubeRole(tenant, 'Wider', { metadata: { name: 'wider', namespace: 'payments' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] });
    };
    expect(build(sneak).errors).toEqual([
      'prod/payments/payments/Wider: app definition sneak (team payments) created Role (rbac.authorization.k8s.io) "wider" in teams/payments/tenant/namespaces/payments/, which only the platform writes: a team\'s objects go to teams/payments/apps/',
    ]);
  });

  test("a JSON patch on the production PostgreSQL Composition (every team's databases) is refused", () => {
    const patch: AppDefinition = function publicDatabases(scope) {
      const composition = scope.node.root.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Composition') as ApiObject;
      composition.addJsonPatch(JsonPatch.replace('/spec/pipeline/0/input/resources/0/base/spec/forProvider/publiclyAccessible', true));
    };
    const errors = build(patch).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^prod\/Services\/\w+\/Composition: app definition publicDatabases \(team payments\) changed Composition \(apiextensions\.crossplane\.io\) "[a-z.-]+", which it does not own \(the platform's, its tenancy's or another team's\): a team's definitions change only the objects they create$/,
    );
  });

  test("an app made in another team's scope (its namespace, zone and secrets) is refused", () => {
    const hijack: AppDefinition = function hijack(scope) {
      const payments = scope.node.scope?.node.findChild('payments') as TeamScope;
      new AppConstruct(payments, 'spy', { team: payments.team, image: 'spy:1', port: 8080, secrets: [{ name: 'key', key: 'teams/payments/key' }] });
    };
    const errors = build(hijack, ORG_PROPS, 'search').errors;
    expect(errors[0]).toBe(
      "prod/payments/spy: app definition hijack (team search) created a construct outside its team's scope (prod/search): a team's definitions create only in the scope they receive",
    );
    expect(errors.every((e) => e.includes("outside its team's scope"))).toBe(true);
  });

  test("a label added to another team's object is refused", () => {
    const relabel: AppDefinition = function relabel(scope) {
      const theirs = scope.node.root.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Namespace' && c.name === 'payments') as ApiObject;
      theirs.metadata.addLabel('pod-security.kubernetes.io/enforce', 'privileged');
    };
    expect(build(relabel, ORG_PROPS, 'search').errors).toEqual([
      "prod/payments/payments/Namespace: app definition relabel (team search) changed Namespace \"payments\", which it does not own (the platform's, its tenancy's or another team's): a team's definitions change only the objects they create",
    ]);
  });

  test("a kind the org adds to a team's extraKinds is allowed, in the team's namespace, and its project allows it", () => {
    const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => (t.name === 'payments' ? { ...t, extraKinds: [{ group: 'policy', kind: 'PodDisruptionBudget' }] } : t)) };
    const budget: AppDefinition = (scope) =>
      new KubePodDisruptionBudget(scope, 'Budget', {
        metadata: { name: 'batch', namespace: 'payments' },
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { app: 'batch' } } },
      });
    const result = build(budget, props);
    expect(result.errors).toEqual([]);
    expect([...result.files.keys()]).toContain('prod/teams/payments/apps/poddisruptionbudget-batch.yaml');
    expect(result.files.get('prod/teams/payments/tenant/appproject-payments.yaml')).toContain('- group: policy\n      kind: PodDisruptionBudget');
    // and only there: another team's project does not allow it
    expect(result.files.get('prod/teams/search/tenant/appproject-search.yaml')).not.toContain('PodDisruptionBudget');
  });

  test('the org refuses to give a team a kind that controls its tenant, or a malformed kind', () => {
    const props: OrgProps = {
      ...ORG_PROPS,
      teams: ORG_PROPS.teams.map((t) =>
        t.name === 'payments'
          ? {
              ...t,
              extraKinds: [
                { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
                { group: '', kind: 'configmap' },
              ],
            }
          : t,
      ),
    };
    const message = errorOf(() => new Org(props));
    expect(message).toContain(
      'org: teams[0].extraKinds[0] = "NetworkPolicy (networking.k8s.io)" is not allowed: a kind that does not control the tenant or the cluster (never Namespace, ResourceQuota',
    );
    expect(message).toContain('org: teams[0].extraKinds[1].kind = "configmap" is not allowed: a kind such as "ConfigMap"');
  });

  test('a refused definition leaves the tree byte-identical', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-boundary-'));
    try {
      const out = path.join(dir, 'gitops');
      expect(synthGitOps({ org: new Org(ORG_PROPS), apps: [{ team: 'payments', apps: [web] }], platform, outDir: out }).written).toBe(true);
      const read = () =>
        fs
          .readdirSync(out, { recursive: true })
          .map(String)
          .sort()
          .map((f) => [f, fs.statSync(path.join(out, f)).isFile() ? fs.readFileSync(path.join(out, f), 'utf8') : '']);
      const before = read();
      const escape: AppDefinition = (scope) => new KubeConfigMap(scope.node.scope!, 'Global', { metadata: { name: 'global', namespace: 'kube-system' } });
      const result = synthGitOps({ org: new Org(ORG_PROPS), apps: [{ team: 'payments', apps: [web, escape] }], platform, outDir: out });
      expect(result.written).toBe(false);
      expect(result.errors.some((e) => e.startsWith('staging/Global: app definition escape (team payments) created a construct outside'))).toBe(true);
      expect(read()).toEqual(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a team's apps folder holds only its kinds, in its namespaces (file level)", () => {
  const object = (file: string, apiVersion: string, kind: string, namespace?: string): ManifestObject => ({
    file,
    object: { apiVersion, kind, metadata: { name: 'x', ...(namespace ? { namespace } : {}) } },
  });
  const org = new Org(ORG_PROPS);
  const { tenantsOf } = jest.requireActual('../../../lib') as typeof import('../../../lib');

  test("paved validate refuses another kind or another team's namespace in teams/<team>/apps, as Argo CD would", () => {
    const report = validateObjects(
      [
        object('prod/teams/payments/apps/web/clusterrolebinding-x.yaml', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'),
        object('prod/teams/payments/apps/web/externalsecret-x.yaml', 'external-secrets.io/v1', 'ExternalSecret', 'search'),
      ],
      { clusterPerTopLevelFolder: true, tenants: tenantsOf(org) },
    );
    const tenant = report.findings.filter((f) => f.rule === 'tenant').map((f) => `${f.file} ${f.field}: ${f.message}`);
    expect(tenant).toEqual([
      expect.stringMatching(
        /^prod\/teams\/payments\/apps\/web\/clusterrolebinding-x\.yaml kind: ClusterRoleBinding \(rbac\.authorization\.k8s\.io\) is not allowed in prod\/teams\/payments\/apps\/ \(team payments's Argo CD project would refuse to sync it\): one of Application \(core\.oam\.dev\), /,
      ),
      "prod/teams/payments/apps/web/clusterrolebinding-x.yaml metadata.namespace: none is not allowed in prod/teams/payments/apps/: one of team payments's namespaces (payments)",
      'prod/teams/payments/apps/web/externalsecret-x.yaml metadata.namespace: "search" is not allowed in prod/teams/payments/apps/: one of team payments\'s namespaces (payments)',
    ]);
  });

  test("without an org, the teams' AppProjects in the tree draw the boundary", () => {
    const project: ManifestObject = {
      file: 'prod/teams/payments/tenant/appproject-payments.yaml',
      object: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'payments', namespace: 'argocd' },
        spec: { destinations: [{ namespace: 'payments' }], namespaceResourceWhitelist: [{ group: '', kind: 'ConfigMap' }] },
      },
    };
    const report = validateObjects(
      [project, object('prod/teams/payments/apps/configmap-x.yaml', 'v1', 'ConfigMap', 'payments'), object('prod/teams/payments/apps/secret-x.yaml', 'v1', 'Secret', 'payments')],
      { clusterPerTopLevelFolder: true },
    );
    expect(report.findings.filter((f) => f.rule === 'tenant').map((f) => `${f.file} ${f.field}`)).toEqual(['prod/teams/payments/apps/secret-x.yaml kind']);
  });

  test("the files a team's repository proposes are held to the same boundary by the platform's synth", () => {
    const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => (t.name === 'search' ? { ...t, appsRepository: 'https://github.com/example/search.git' } : t)) };
    const proposed = object('prod/teams/search/apps/api/clusterrolebinding-x.yaml', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding');
    const result = buildGitOps({ org: new Org(props), apps: [{ team: 'payments', apps: [web] }], platform, environments: ['prod'], existing: [proposed] });
    expect(result.errors.join('\n')).toContain('prod/teams/search/apps/api/clusterrolebinding-x.yaml');
    expect(result.errors.join('\n')).toContain('ClusterRoleBinding (rbac.authorization.k8s.io) is not allowed in prod/teams/search/apps/');
  });
});
