import { isPreviewFile } from '../../../lib/org/preview-names';
import * as path from 'path';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  makeValidator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';
import {
  AppApiType,
  AppConstruct,
  AppLifecycle,
  CATALOG_LOCATION_FILE,
  type ManifestObject,
  Org,
  type OrgProps,
  buildGitOps,
  checkCatalog,
  checkEntitiesWithBackstage,
  loadManifests,
} from '../../../lib';
import { definition } from '../../../platform/k8s';
import { ORG_PROPS, minimalPlatform, exampleReleases } from '../../util';
import { isBackstageTag } from '../../../lib/app/app-catalog';

// GIVEN the example platform, with the apps the mobile team proposed from its own repository
const external = definition.org.teams.filter((t) => t.appsRepository).map((t) => t.name);
const proposed = loadManifests(path.join(__dirname, '..', '..', '..', 'gitops')).objects.filter((m) => external.includes(m.file.split('/')[2]) && m.file.split('/')[3] === 'apps');
const build = buildGitOps({ ...definition, releases: exampleReleases(), existing: proposed });
const generated: ManifestObject[] = [...build.files]
  .filter(([file]) => file.startsWith('catalog/') && file.endsWith('.yaml'))
  .map(([file, content]) => ({ file, object: parse(content) as Record<string, unknown> }));
const keptEntities = proposed.filter((m) => m.file.startsWith('catalog/'));
const entities = [...generated, ...keptEntities];
const entity = (kind: string, ref: string) => {
  const found = entities.filter((m) => m.object.kind === kind && stringifyEntityRef(m.object as unknown as Entity) === ref.toLowerCase());
  if (found.length !== 1) throw new Error(`expected one ${kind} ${ref}, found ${found.length}`);
  return found[0].object as Record<string, any>;
};
// every Kubernetes object of the tree: the synthesized ones and the proposed ones
const allObjects = [
  ...[...build.files].filter(([f]) => f.endsWith('.yaml') && !f.startsWith('charts/') && !f.startsWith('catalog/')).map(([file, content]) => ({ file, object: parse(content) as Record<string, any> })),
  ...(proposed.filter((m) => !m.file.startsWith('catalog/')) as { file: string; object: Record<string, any> }[]),
];

describe('the Backstage catalog of the example org', () => {
  test('builds without problems', () => {
    expect(build.errors).toEqual([]);
  });

  test("every entity passes @backstage/catalog-model's policies and its kind's validator (Templates: the scaffolder's)", async () => {
    const policy = EntityPolicies.allOf([new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy()]);
    const validators: Record<string, { check(e: Entity): Promise<boolean> }> = {
      Component: componentEntityV1alpha1Validator,
      API: apiEntityV1alpha1Validator,
      Resource: resourceEntityV1alpha1Validator,
      System: systemEntityV1alpha1Validator,
      Group: groupEntityV1alpha1Validator,
      Location: locationEntityV1alpha1Validator,
      Template: templateEntityV1beta3Validator,
    };
    expect(entities.length).toBeGreaterThan(15);
    for (const m of entities) {
      const e = m.object as unknown as Entity;
      await expect(policy.enforce(structuredClone(e))).resolves.toBeDefined();
      await expect(validators[e.kind].check(e)).resolves.toBe(true);
    }
    // the validator's own Backstage step agrees
    await expect(checkEntitiesWithBackstage(entities)).resolves.toEqual([]);
  });

  test('every owner, system, dependsOn and providesApis reference resolves to an entity in the tree', () => {
    const refs = new Set(entities.map((m) => stringifyEntityRef(m.object as unknown as Entity)));
    let checked = 0;
    for (const m of entities) {
      const e = m.object as unknown as Entity & { spec?: Record<string, unknown> };
      const ns = e.metadata.namespace ?? 'default';
      const fields: [string, string][] = [
        ['owner', 'group'],
        ['system', 'system'],
        ['dependsOn', ''],
        ['providesApis', 'api'],
        ['dependencyOf', ''],
      ];
      for (const [field, defaultKind] of fields) {
        const v = e.spec?.[field];
        for (const ref of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
          const parsed = parseEntityRef(String(ref), { defaultKind: defaultKind || undefined, defaultNamespace: ns });
          expect(refs).toContain(stringifyEntityRef(parsed));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(checkCatalog(entities, allObjects).findings).toEqual([]);
  });

  test('every deployed app has exactly one Component, and every Component a deployed app', () => {
    const deployed = new Set(
      // (a preview's copy of an app is the app's: README, Previews of pull requests)
      allObjects
        .filter((o) => o.object.apiVersion === 'core.oam.dev/v1beta1' && o.object.kind === 'Application' && !isPreviewFile(o.file))
        .map((o) => `${o.object.metadata.namespace}/${o.object.metadata.name}`),
    );
    const components = entities.filter((m) => m.object.kind === 'Component').map((m) => (m.object as any).metadata.annotations['paved.dev/kubevela-application']);
    expect([...components].sort()).toEqual([...deployed].sort());
    expect(new Set(components).size).toBe(components.length);
    expect(deployed).toEqual(new Set(['payments/my-app', 'payments/checkout', 'search/search-api', 'search/indexer', 'mobile/mobile-bff', 'mobile/push-worker']));
  });

  test('the Location reads every entity file of the tree once, as Backstage reads it, and nothing else; each team through the Location of its apps', () => {
    // as Backstage: a target resolved against the URL of its Location's file, a glob matched by minimatch against every file of the repository
    const REPO = 'https://github.com/acme/platform/blob/main/';
    const files = entities.map((m) => `gitops/${m.file}`);
    const read = (file: string): string[] =>
      ((entities.find((m) => m.file === file)?.object as any).spec.targets as string[]).flatMap((t) => {
        const target = decodeURIComponent(new URL(t, `${REPO}gitops/${file}`).pathname).slice(new URL(REPO).pathname.length);
        return (t.includes('*') ? files.filter((f) => minimatch(f, target)) : [target]).map((f) => f.slice('gitops/'.length));
      });
    const teamLocations = read(CATALOG_LOCATION_FILE).filter((f) => f.endsWith('/apps/location.yaml'));
    expect(teamLocations.sort()).toEqual(['catalog/teams/mobile/apps/location.yaml', 'catalog/teams/payments/apps/location.yaml', 'catalog/teams/search/apps/location.yaml']);
    const listed = [...read(CATALOG_LOCATION_FILE), ...teamLocations.flatMap(read)];
    expect([...listed].sort()).toEqual(
      entities
        .map((m) => m.file)
        .filter((f) => f !== CATALOG_LOCATION_FILE)
        .sort(),
    );
    expect(new Set(listed).size).toBe(listed.length);
  });

  test("the Locations name no app: a new app, or a new team's first app, adds files and edits none of them", () => {
    // the generated ones (the mobile team's, which its repository proposed with an older paved, lists its apps by name and reads as well)
    const locations = generated.filter((m) => m.object.kind === 'Location');
    expect(locations.length).toBe(3);
    const apps = entities.filter((m) => m.object.kind === 'Component').map((m) => String((m.object as any).metadata.name));
    expect(apps.length).toBeGreaterThanOrEqual(6);
    for (const l of locations) for (const app of apps) expect(JSON.stringify((l.object as any).spec)).not.toContain(app);
    // the platform's, and one per team whose apps are defined here (a team repository proposes its own)
    const location = (file: string) => parse(build.files.get(file) ?? 'null') as any;
    expect(location(CATALOG_LOCATION_FILE).spec.targets).toEqual([
      './group-platform.yaml',
      './templates/new-service/template.yaml',
      './teams/*/group-*.yaml',
      './teams/*/system-*.yaml',
      './teams/*/apps/location.yaml',
    ]);
    for (const team of ['payments', 'search']) expect(location(`catalog/teams/${team}/apps/location.yaml`).spec).toEqual({ targets: ['./*/*.yaml'], presence: 'optional' });
    expect(build.files.has('catalog/teams/mobile/apps/location.yaml')).toBe(false);
  });

  test("my-app's Component", () => {
    expect(entity('Component', 'component:payments/my-app')).toMatchSnapshot();
  });

  test('a Component links the app to its Argo CD app, its Kubernetes objects, its KubeVela app and its source', () => {
    const c = entity('Component', 'component:payments/my-app');
    expect(c.metadata.annotations).toMatchObject({
      'argocd/app-name': 'team-payments-apps',
      'backstage.io/kubernetes-namespace': 'payments',
      'backstage.io/kubernetes-label-selector': 'app.oam.dev/name=my-app',
      'paved.dev/kubevela-application': 'payments/my-app',
      'paved.dev/environments': 'staging,prod',
      'backstage.io/source-location': 'url:https://github.com/acme/platform/tree/main/apps/payments/',
    });
    expect(c.spec).toMatchObject({ type: 'service', lifecycle: 'production', owner: 'group:default/payments', system: 'system:default/payments' });
    // the Argo CD Application it names exists in every environment
    for (const env of ['staging', 'prod']) {
      expect(allObjects.some((o) => o.file.startsWith(`${env}/`) && o.object.kind === 'Application' && o.object.metadata.name === 'team-payments-apps')).toBe(true);
    }
  });

  test("a Component lists its public routes per environment, then the team's own links", () => {
    expect(entity('Component', 'component:payments/my-app').metadata.links).toEqual([
      { url: 'https://my-app.staging.payments.example.com', title: 'my-app (staging)', icon: 'web' },
      { url: 'https://my-app.payments.example.com', title: 'my-app (prod)', icon: 'web' },
      { url: 'https://grafana.example.com/d/my-app', title: 'Dashboard', icon: 'dashboard' },
    ]);
  });

  test('a database and a bucket become Resources the Component depends on, with their size per environment', () => {
    expect(entity('Component', 'component:payments/my-app').spec.dependsOn).toEqual(['resource:payments/my-app-db']);
    const db = entity('Resource', 'resource:payments/my-app-db');
    expect(db.spec).toMatchObject({ type: 'database', owner: 'group:default/payments', dependencyOf: ['component:payments/my-app'] });
    expect(db.metadata.description).toBe('The database of my-app (staging: PostgreSQL, small, 20 GB; prod: PostgreSQL, small, 50 GB).');
    expect(db.metadata.annotations['paved.dev/crossplane-claim']).toBe('db.example.com/v1alpha1/PostgreSQLInstance payments/my-app-db');
    expect(entity('Resource', 'resource:payments/checkout-receipts').spec.type).toBe('s3-bucket');
  });

  test('an API the app declares becomes an API entity it provides', () => {
    expect(entity('Component', 'component:search/search-api').spec.providesApis).toEqual(['api:search/search']);
    const api = entity('API', 'api:search/search');
    expect(api.spec).toMatchObject({ type: 'openapi', lifecycle: 'production', owner: 'group:default/search', system: 'system:default/search' });
    expect(parse(api.spec.definition as string)).toMatchObject({ openapi: '3.0.3', paths: { '/search': {} } });
    expect(api.metadata.description).toBe('Full-text search over the product catalogue.');
  });

  test('each team has a Group (with its identity provider group) and a System it owns', () => {
    for (const team of definition.org.teams) {
      expect(entity('Group', `group:default/${team.name}`).metadata.annotations['paved.dev/owner-group']).toBe(team.ownerGroup);
      expect(entity('System', `system:default/${team.name}`).spec.owner).toBe(`group:default/${team.name}`);
    }
  });

  test('apps of a team with its own repository point at that repository', () => {
    expect(entity('Component', 'component:mobile/mobile-bff').metadata.annotations['backstage.io/source-location']).toBe('url:https://github.com/acme/mobile-apps/tree/HEAD/');
  });
});

describe('catalog props', () => {
  const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => ({ ...t })) };
  const org = new Org(props);
  const base = { image: 'r.example.com/a:1.0.0', port: 8080 };
  const buildWith = (define: Parameters<typeof buildGitOps>[0]['apps'][number]['apps'][number]) => buildGitOps({ org, apps: [{ team: 'payments', apps: [define] }], platform: minimalPlatform });
  const component = (b: ReturnType<typeof buildGitOps>, name: string) => parse(b.files.get(`catalog/teams/payments/apps/${name}/component-${name}.yaml`) ?? 'null');

  test('the lifecycle defaults to production when a production environment runs the app, else experimental', () => {
    const both = buildWith((s) => new AppConstruct(s, 'a', { team: s.team, ...base }));
    expect(component(both, 'a').spec.lifecycle).toBe('production');
    const stagingOnly = buildWith((s) => {
      if (!s.environment.production) new AppConstruct(s, 'b', { team: s.team, ...base });
    });
    expect(component(stagingOnly, 'b').spec.lifecycle).toBe('experimental');
    expect(component(stagingOnly, 'b').metadata.annotations['paved.dev/environments']).toBe('staging');
    const deprecated = buildWith((s) => new AppConstruct(s, 'c', { team: s.team, ...base, lifecycle: AppLifecycle.DEPRECATED }));
    expect(component(deprecated, 'c').spec.lifecycle).toBe('deprecated');
  });

  test("a repository of its own becomes the source location; the definition's folder is kept as another annotation", () => {
    const b = buildWith((s) => new AppConstruct(s, 'a', { team: s.team, ...base, repository: 'https://github.com/example/a' }));
    expect(component(b, 'a').metadata.annotations).toMatchObject({
      'backstage.io/source-location': 'url:https://github.com/example/a/tree/HEAD/',
      'paved.dev/definition-location': 'url:https://github.com/example/platform/tree/main/apps/payments/',
    });
  });

  test("the tag rule an app is checked with is Backstage's own", () => {
    const samples = ['http', 'c++', 'c#', 'k8s:prod', 'a-b-c', 'a--b', '-a', 'a-', 'A', 'a b', 'a_b', '', 'x'.repeat(63), 'x'.repeat(64), 'ü', 'a.b'];
    const library = makeValidator();
    for (const tag of samples) expect([tag, isBackstageTag(tag)]).toEqual([tag, library.isValidTag(tag)]);
  });

  test('fails when catalog props differ between environments', () => {
    const b = buildWith((s) => new AppConstruct(s, 'a', { team: s.team, ...base, description: `runs in ${s.environment.name}` }));
    expect(b.errors).toEqual([
      'prod/payments/a: description = "runs in prod" is not allowed: the same value as in environment staging ("runs in staging"): the catalog describes an app once, for every environment',
    ]);
    expect(b.files.size).toBe(0);
  });

  test('fails on bad tags, links, repository and APIs, naming each', () => {
    const b = buildWith(
      (s) =>
        new AppConstruct(s, 'a', {
          team: s.team,
          ...base,
          tags: ['Not A Tag', 'ok', 'ok'],
          links: [{ url: 'not a url', title: '' }],
          repository: 'github.com/x',
          apis: [
            { type: AppApiType.OPENAPI, definition: 'openapi: 3.0.3' },
            { type: AppApiType.GRAPHQL, definition: ' ' },
            { type: 'soap' as AppApiType, definition: 'x', name: 'b' },
          ],
          description: ' ',
        }),
    );
    const message = b.errors.join('\n');
    expect(message).toContain('staging/payments/a: description = " " is not allowed: a non-empty sentence');
    expect(message).toContain('staging/payments/a: tags[0] = "Not A Tag" is not allowed: a Backstage tag');
    expect(message).toContain('staging/payments/a: tags[2] = "ok" is not allowed: a tag not listed twice');
    expect(message).toContain('staging/payments/a: links[0].url = "not a url" is not allowed: an absolute http(s) URL');
    expect(message).toContain('staging/payments/a: links[0].title = "" is not allowed: a non-empty title');
    expect(message).toContain('staging/payments/a: repository = "github.com/x" is not allowed: the https URL of a repository');
    expect(message).toContain('staging/payments/a: apis[1].name = "a" is not allowed: a name no other API of the app has (name the second one: the first defaults to "a")');
    expect(message).toContain('staging/payments/a: apis[1].definition = "(text)" is not allowed: the API definition as non-empty text');
    expect(message).toContain('staging/payments/a: apis[2].type = "soap" is not allowed: one of openapi, asyncapi, graphql, grpc');
  });

  test("fails when the platform team has a team's name", () => {
    const b = buildGitOps({ org, apps: [], platform: () => undefined, portal: { platformTeam: { name: 'search', ownerGroup: 'x' } } });
    expect(b.errors).toEqual(['portal: platformTeam.name = "search" is not allowed: a name no team of the org has (the catalog has one Group per team)']);
  });
});
