import { ApiObject } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { AppConstruct, Org, type ManifestObject, loadManifests } from '../../../lib';
import { APP_NAME_MAX_LENGTH } from '../../../lib/app/app-construct';
import { APP_NAME_LIMIT, orgRuleFindings } from '../../../lib/validate/org-rules';
import { ORG_PROPS, errorOf, teamScopes } from '../../util';
import { ROOT, cleanTmpDirs, paved, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

const org = new Org(ORG_PROPS); // staging, prod (production); payments, search

/** `<file>: <field>: <message>` of each finding. */
const findings = (objects: ManifestObject[], o: Org = org) => orgRuleFindings(o, objects).map((f) => `${f.file}: ${f.field}: ${f.message}`);
const obj = (file: string, apiVersion: string, kind: string, metadata: Record<string, unknown>, spec: Record<string, unknown> = {}): ManifestObject => ({
  file,
  object: { apiVersion, kind, metadata: { namespace: 'payments', ...metadata }, spec },
});

/** The objects AppConstruct writes for payments' app in an environment, as the synth writes them (files as in the tree). */
function built(env: string, props: Record<string, unknown> = {}): ManifestObject[] {
  const { scope } = teamScopes(env);
  const payments = scope('payments');
  new AppConstruct(payments, 'shop', {
    team: payments.team,
    image: 'r.example.com/shop:1.0.0',
    port: 8080,
    database: { size: 'small', storageGB: 20 },
    secrets: [{ name: 'key', key: 'teams/payments/shop/key' }],
    ...props,
  });
  return payments.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => o.toJson() as Record<string, unknown>)
    .filter((o) => ['Application', 'ExternalSecret', 'PostgreSQLInstance'].includes(String(o.kind)))
    .map((object) => ({ file: `${env}/teams/payments/apps/shop/${String(object.kind).toLowerCase()}-shop.yaml`, object }));
}

describe('what the synth builds passes', () => {
  test('an app as AppConstruct writes it, in staging and in production', () => {
    for (const env of ['staging', 'prod']) {
      const objects = built(env);
      expect(objects.map((o) => o.object.kind).sort()).toEqual(['Application', 'ExternalSecret', 'PostgreSQLInstance']);
      expect(findings(objects)).toEqual([]);
    }
  });

  test('the example tree, with its org', () => {
    const { objects } = loadManifests(path.join(ROOT, 'gitops'));
    expect(orgRuleFindings(Org.fromFile(path.join(ROOT, 'gitops', 'org.json')), objects)).toEqual([]);
  });

  test('the app name limit is AppConstruct’s', () => {
    expect(APP_NAME_LIMIT).toBe(APP_NAME_MAX_LENGTH);
  });
});

describe('refuses what the synth would not write', () => {
  test('a team’s apps in an environment the org does not have', () => {
    const app = built('prod').find((o) => o.object.kind === 'Application') as ManifestObject;
    expect(findings([{ ...app, file: app.file.replace(/^prod\//, 'dev/') }])).toEqual([
      "dev/teams/payments/apps/shop/application-shop.yaml: : dev/ is not an environment of the org (staging, prod): the synth writes a team's apps only into the org's environments",
    ]);
    // the catalog, and folders that are not a team's apps, are not environments' apps
    expect(
      findings([
        { ...app, file: 'catalog/teams/payments/apps/shop/x.yaml' },
        { ...app, file: 'dev/teams/payments/tenant/x.yaml' },
      ]),
    ).toEqual([]);
  });

  test('labels of another team, and claims billed to another cost centre (or to none)', () => {
    const claim = (labels: Record<string, string> | undefined, kind = 'PostgreSQLInstance', group = 'db.example.com') =>
      obj(`prod/teams/payments/apps/shop/${kind.toLowerCase()}-db.yaml`, `${group}/v1alpha1`, kind, { name: 'db', ...(labels ? { labels } : {}) }, { parameters: { size: 'small' } });
    const centre = 'metadata.labels.paved.dev/cost-centre';
    const allowed = `"payments", team payments's cost centre in the org (its claims' cloud resources are billed by it; synthesize the app again with the org as it is)`;
    expect(findings([claim({ 'paved.dev/cost-centre': 'payments', 'paved.dev/team': 'payments' })])).toEqual([]);
    expect(findings([claim({ 'paved.dev/cost-centre': 'search' })])).toEqual([`prod/teams/payments/apps/shop/postgresqlinstance-db.yaml: ${centre}: "search" is not allowed: ${allowed}`]);
    expect(findings([claim(undefined, 'ObjectBucket', 'storage.example.com')])).toEqual([`prod/teams/payments/apps/shop/objectbucket-db.yaml: ${centre}: none is not allowed: ${allowed}`]);
    expect(findings([claim({ 'paved.dev/cost-centre': 'payments', 'paved.dev/team': 'search' })])).toEqual([
      'prod/teams/payments/apps/shop/postgresqlinstance-db.yaml: metadata.labels.paved.dev/team: "search" is not allowed: "payments", the team whose folder holds it',
    ]);
    // an object that is not a claim needs no cost centre, but may not name another
    expect(findings([obj('prod/teams/payments/apps/shop/configmap-x.yaml', 'v1', 'ConfigMap', { name: 'x' })])).toEqual([]);
    expect(findings([obj('prod/teams/payments/apps/shop/configmap-x.yaml', 'v1', 'ConfigMap', { name: 'x', labels: { 'paved.dev/cost-centre': 'search' } })])).toHaveLength(1);
    // the org's cost centre changed since the claim was synthesized
    const moved = new Org({ ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], costCentre: 'finance-42' }, ORG_PROPS.teams[1]] });
    expect(findings(built('prod'), moved).map((f) => f.split(': ').slice(1, 3).join(': '))).toEqual([`${centre}: "payments" is not allowed`]);
  });

  test('secret keys outside the team’s prefix, searches, other stores and generators', () => {
    const es = (spec: Record<string, unknown>) => obj('prod/teams/payments/apps/shop/externalsecret-shop.yaml', 'external-secrets.io/v1', 'ExternalSecret', { name: 'shop' }, spec);
    const refused = (spec: Record<string, unknown>) => findings([es(spec)]).map((f) => f.split(': ').slice(1).join(': '));
    const under = 'a Secrets Manager name under team payments\'s prefix "teams/payments/" (its SecretStore reads only those)';
    expect(refused({ data: [{ secretKey: 'a', remoteRef: { key: 'teams/payments/a' } }], dataFrom: [{ extract: { key: 'teams/payments/b' } }] })).toEqual([]);
    for (const key of ['teams/search/api-key', 'teams/payments', 'teams/payments/', 'teams/payments-evil/x', 'platform/argocd/admin', 'x/teams/payments/a', '']) {
      expect(refused({ data: [{ secretKey: 'a', remoteRef: { key } }] })).toEqual([`spec.data[0].remoteRef.key: ${JSON.stringify(key)} is not allowed: ${under}`]);
    }
    expect(refused({ data: [{ secretKey: 'a', remoteRef: {} }] })).toEqual([`spec.data[0].remoteRef.key: undefined is not allowed: ${under}`]);
    expect(refused({ dataFrom: [{ extract: { key: 'teams/search/all' } }] })).toEqual([`spec.dataFrom[0].extract.key: "teams/search/all" is not allowed: ${under}`]);
    expect(refused({ dataFrom: [{ find: { name: { regexp: '.*' } } }] })).toEqual([`spec.dataFrom[0].find: is not allowed: named keys only (a search could reach past the prefix), each ${under}`]);
    expect(refused({ data: [{ secretKey: 'a', remoteRef: { key: 'teams/payments/a' }, sourceRef: { storeRef: { name: 'platform', kind: 'ClusterSecretStore' } } }] })).toEqual([
      "spec.data[0].sourceRef: is not allowed: the team's SecretStore (spec.secretStoreRef) only",
    ]);
    expect(refused({ dataFrom: [{ sourceRef: { generatorRef: { kind: 'Password', name: 'p' } } }] })).toEqual([
      "spec.dataFrom[0].sourceRef: is not allowed: the team's SecretStore (spec.secretStoreRef) only",
    ]);
    // AppConstruct refuses the same key
    const { scope } = teamScopes('prod');
    const payments = scope('payments');
    expect(errorOf(() => new AppConstruct(payments, 'x', { team: payments.team, image: 'r.example.com/x:1.0.0', port: 8080, secrets: [{ name: 'k', key: 'teams/search/api-key' }] }))).toMatch(
      /secrets\[0\]\.key = "teams\/search\/api-key" is not allowed: a Secrets Manager name under team payments's prefix "teams\/payments\/"/,
    );
  });

  test.each([
    ['My_App', false],
    ['a.b', false],
    ['1app', false],
    ['a'.repeat(56), false],
    ['a'.repeat(55), true],
    ['shop-2', true],
  ])('an app named %j is allowed: %s', (name, ok) => {
    const app = obj(`staging/teams/payments/apps/${name}/application.yaml`, 'core.oam.dev/v1beta1', 'Application', { name }, { components: [] });
    expect(findings([app]).length === 0).toBe(ok);
  });
});

describe('production apps run at least 2 pods, or say why not', () => {
  const app = (traits: Record<string, unknown>[], env = 'prod', type = 'webservice') =>
    obj(`${env}/teams/payments/apps/shop/application-shop.yaml`, 'core.oam.dev/v1beta1', 'Application', { name: 'shop' }, { components: [{ name: 'shop', type, traits }] });
  const component = (reason?: string) =>
    obj('catalog/teams/payments/apps/shop/component-shop.yaml', 'backstage.io/v1alpha1', 'Component', {
      name: 'shop',
      annotations: { 'paved.dev/kubevela-application': 'payments/shop', ...(reason ? { 'paved.dev/single-instance-reason': reason } : {}) },
    });

  test.each([
    ['replicas 2', true, [{ type: 'scaler', properties: { replicas: 2 } }], 'prod', 'webservice'],
    ['an autoscaler from 3', true, [{ type: 'hpa', properties: { min: 3, max: 6 } }], 'prod', 'webservice'],
    ['replicas 1', false, [{ type: 'scaler', properties: { replicas: 1 } }], 'prod', 'webservice'],
    ['replicas 0', false, [{ type: 'scaler', properties: { replicas: 0 } }], 'prod', 'webservice'],
    ['an autoscaler from 1', false, [{ type: 'hpa', properties: { min: 1, max: 4 } }], 'prod', 'webservice'],
    ['no scaler (KubeVela runs 1)', false, [], 'prod', 'webservice'],
    ['replicas "2" (a string)', false, [{ type: 'scaler', properties: { replicas: '2' } }], 'prod', 'webservice'],
    ['replicas 1 outside production', true, [{ type: 'scaler', properties: { replicas: 1 } }], 'staging', 'webservice'],
    ['a worker of 1 (AppConstruct does not ask more)', true, [{ type: 'scaler', properties: { replicas: 1 } }], 'prod', 'worker'],
  ] as const)('%s: allowed %s', (_what, ok, traits, env, type) => {
    const found = findings([app([...traits], env, type)]);
    expect(found.length === 0).toBe(ok);
    if (!ok)
      expect(found[0]).toMatch(/is not allowed: at least 2 pods in production \(environment prod\), so that a node drain or a rollout never takes the app down; or the app's singleInstanceReason/);
  });

  test('one pod with the reason its catalog Component gives, as AppConstruct writes it; a reason too short to say one is not one', () => {
    const one = [{ type: 'scaler', properties: { replicas: 1 } }];
    expect(findings([app(one), component('A singleton consumer of the payments queue.')])).toEqual([]);
    expect(findings([app(one), component('because')])).toHaveLength(1);
    const synthesized = built('prod', { replicas: 1, singleInstanceReason: 'An internal tool with one user at a time.' });
    expect(findings([...synthesized, component('An internal tool with one user at a time.')])).toEqual([]);
    // the synth refuses the same app without a reason
    expect(errorOf(() => built('prod', { replicas: 1 }))).toMatch(/replicas = 1 is not allowed: at least 2 in production \(environment prod\)/);
  });
});

describe('paved validate with the org changed beside the files', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the published org as JSON, edited field by field
  type Json = Record<string, any>;
  /** A copy of the example tree with its org edited; `paved validate` on it. */
  function validateWith(edit: (org: Json) => void) {
    const dir = tmpDir('paved-org-rules-');
    fs.cpSync(path.join(ROOT, 'gitops'), dir, { recursive: true });
    const file = path.join(dir, 'org.json');
    const props = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    edit(props);
    fs.writeFileSync(file, JSON.stringify(props));
    const r = paved(['validate', dir]);
    return { code: r.code, errors: r.stdout.split('\n').filter((l) => l.startsWith('error ')) };
  }
  const team = (props: Json, name: string) => props.teams.find((t: { name: string }) => t.name === name);

  test('refuses, exit 1 like the synth: a quota lowered under what the apps ask for, per environment and resource', () => {
    const lowered = validateWith((p) => {
      team(p, 'payments').quotas = {
        staging: { requestsCpu: '4', requestsMemory: '100Mi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 },
        prod: { requestsCpu: '40', requestsMemory: '80Gi', limitsCpu: '80', limitsMemory: '160Gi', pods: 3 },
      };
    });
    expect(lowered.code).toBe(1);
    expect(lowered.errors.map((e) => e.replace(/ is not allowed.*$/, ''))).toEqual([
      'error [tenant] org.json: Team payments: quotas.staging.requestsMemory: "100Mi"',
      'error [tenant] org.json: Team payments: quotas.prod.pods: 3',
    ]);
  });

  test('refuses a cost centre and a secret prefix changed in the org, naming every claim and key the synth would write anew', () => {
    const r = validateWith((p) => {
      const payments = team(p, 'payments');
      payments.costCentre = 'finance-42';
      payments.secretPrefix = 'teams/pay/';
      for (const receiver of payments.alerting?.receivers ?? []) {
        if (receiver.slack) receiver.slack.webhookSecret = 'teams/pay/alerting/slack';
        if (receiver.pagerDuty) receiver.pagerDuty.routingKeySecret = 'teams/pay/alerting/pd';
      }
    });
    expect(r.code).toBe(1);
    const fields = [...new Set(r.errors.map((e) => e.split(': ').slice(2, 3).join('')))].sort();
    expect(fields).toEqual(['metadata.labels.paved.dev/cost-centre', 'spec.data[0].remoteRef.key', 'spec.data[1].remoteRef.key', 'spec.data[2].remoteRef.key']);
    expect(r.errors.filter((e) => e.includes('cost-centre')).length).toBe(4); // 2 claims in 2 environments
  });

  test('refuses a production environment’s apps of 1 pod when staging becomes production', () => {
    const r = validateWith((p) => {
      const staging = p.environments.find((e: { name: string }) => e.name === 'staging');
      // (a production environment takes no previews)
      Object.assign(staging, { production: true, availabilityZones: 3, dnsSubdomain: 'staging', previews: undefined });
    });
    expect(r.code).toBe(1);
    expect(r.errors.filter((e) => e.includes('at least 2 pods in production (environment staging)')).length).toBeGreaterThanOrEqual(3);
  });

  test('refuses a team tree’s proposed claim with another cost centre, with the org the platform publishes', () => {
    const dir = tmpDir('paved-org-rules-team-');
    for (const env of ['staging', 'prod']) fs.cpSync(path.join(ROOT, 'gitops', env, 'teams', 'mobile', 'apps'), path.join(dir, 'out', env, 'teams', 'mobile', 'apps'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'gitops', 'catalog', 'teams', 'mobile', 'apps'), path.join(dir, 'out', 'catalog', 'teams', 'mobile', 'apps'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'gitops', 'org.json'), path.join(dir, 'org.json'));
    const claimFile = path.join(dir, 'out', 'prod', 'teams', 'mobile', 'apps', 'push-worker', 'objectbucket-push-archive.yaml');
    const bucket = {
      apiVersion: 'storage.example.com/v1alpha1',
      kind: 'ObjectBucket',
      metadata: { name: 'push-archive', namespace: 'mobile', labels: { 'paved.dev/team': 'mobile', 'paved.dev/cost-centre': 'payments' } },
      spec: { parameters: {} },
    };
    fs.writeFileSync(claimFile, stringify(bucket));
    const r = paved(['validate', 'out', '--org', 'org.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'error [tenant] prod/teams/mobile/apps/push-worker/objectbucket-push-archive.yaml: ObjectBucket mobile/push-archive: metadata.labels.paved.dev/cost-centre: "payments" is not allowed: "mobile", team mobile\'s cost centre in the org',
    );
    expect(parse(fs.readFileSync(claimFile, 'utf8'))).toEqual(bucket);
  });
});
