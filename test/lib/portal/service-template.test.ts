import * as fs from 'fs';
import * as path from 'path';
import { locationEntityV1alpha1Validator } from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { Environment } from 'nunjucks';
import { parse } from 'yaml';
import {
  type NewServiceValues,
  SERVICE_TEMPLATE_FOLDER,
  buildGitOps,
  checkNewApp,
  newServiceFolder,
  newServiceValues,
  renderAppDefinition,
  renderServiceRepository,
  renderTemplateFolder,
  serviceTemplate,
} from '../../../lib';
import { definition } from '../../../platform/k8s';
import orders from '../../golden/new-app/orders';
import { minimalPlatform } from '../../util';

const { org, portal } = definition;
const template = serviceTemplate(org, portal);
const spec = template.entity.spec as Record<string, any>;
const step = (id: string) => spec.steps.find((s: { id: string }) => s.id === id);

/** Renders a Template expression as the scaffolder does (Nunjucks, `${{ }}`), keeping the value's type when it is one expression. */
const nunjucks = new Environment(null, { autoescape: false, tags: { variableStart: '${{', variableEnd: '}}' } });
function evaluate(value: unknown, parameters: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\{(.*)\}\}$/.exec(value);
    if (whole && !whole[1].includes('}}')) {
      const json = nunjucks.renderString(`${'${{'} (${whole[1]}) | dump }}`, { parameters });
      return json === '' ? undefined : JSON.parse(json);
    }
    return nunjucks.renderString(value, { parameters });
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, parameters));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, parameters)]));
  return value;
}

const ANSWERS = { team: 'payments', name: 'orders', description: 'Keeps orders: what was bought, by whom, and where it ships.', port: 8080, domain: 'orders.payments.example.com', database: true };

describe('the new-service Template', () => {
  test("validates against the scaffolder's v1beta3 Template schema", async () => {
    expect(template.problems).toEqual([]);
    await expect(templateEntityV1beta3Validator.check(template.entity)).resolves.toBe(true);
  });

  test('its default output', () => {
    expect(template.entity).toMatchSnapshot();
  });

  test("asks for team (the org's teams), name, description, port, domain (inside the team's zone) and database", () => {
    const [service, runs] = spec.parameters;
    expect(service.required).toEqual(['team', 'name', 'description']);
    expect(service.properties.team.enum).toEqual(['payments', 'search', 'mobile']);
    expect(new RegExp(service.properties.name.pattern).test('orders-api')).toBe(true);
    expect(new RegExp(service.properties.name.pattern).test('Orders')).toBe(false);
    expect(runs.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535, default: 8080 });
    expect(runs.properties.database).toMatchObject({ type: 'boolean', default: false });
    const payments = runs.allOf.find((r: any) => r.if.properties.team.const === 'payments').then.properties.domain.pattern;
    expect(new RegExp(payments).test('orders.payments.example.com')).toBe(true);
    expect(new RegExp(payments).test('')).toBe(true);
    expect(new RegExp(payments).test('orders.search.example.com')).toBe(false);
  });

  test('the files it renders are in the tree next to it, and every value they use is given', () => {
    expect(template.file).toBe(`${SERVICE_TEMPLATE_FOLDER}/template.yaml`);
    for (const id of ['skeleton', 'definition', 'proposal']) {
      const folder = path.posix.join(SERVICE_TEMPLATE_FOLDER, step(id).input.url);
      expect([...template.files.keys()].some((f) => f.startsWith(`${folder}/`))).toBe(true);
      expect(step(id).input.templateFileExtension).toBe(true);
    }
    const used = new Set<string>();
    for (const content of [...template.files.values(), ...template.files.keys()]) for (const m of content.matchAll(/values\.([a-zA-Z]+)/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(8);
    for (const id of ['skeleton', 'definition', 'proposal']) expect(Object.keys(step(id).input.values).sort()).toEqual(expect.arrayContaining([...used].sort()));
  });

  test('renders, for the same answers, exactly the app definition `paved new app` writes', () => {
    const values = evaluate(step('definition').input.values, ANSWERS) as NewServiceValues;
    expect(values).toEqual(newServiceValues(org, ANSWERS, portal));
    expect([...renderTemplateFolder(path.join(newServiceFolder(), 'app'), values).values()]).toEqual([renderAppDefinition(values).content]);
  });

  test("opens its pull request where the team's apps are defined: the platform repository, or the team's own", () => {
    const pr = (team: string) => evaluate(step('pull-request').input, { ...ANSWERS, team }) as Record<string, string>;
    const staged = (team: string) => (evaluate(step('proposal').input, { ...ANSWERS, team }) as Record<string, string>).targetPath;
    expect(pr('payments').repoUrl).toBe('github.com?owner=acme&repo=platform');
    expect(staged('payments')).toBe('./proposal/apps/payments');
    expect(pr('mobile').repoUrl).toBe('github.com?owner=acme&repo=mobile-apps');
    expect(staged('mobile')).toBe('./proposal/apps');
    expect(step('pull-request').input.sourcePath).toBe('./proposal');
    expect(step('publish')).toMatchObject({ action: 'publish:github', input: { repoUrl: 'github.com?owner=acme&repo=${{ parameters.name }}', repoVisibility: 'private' } });
  });

  test('fails when the GitOps repository is not on GitHub', () => {
    const gitlab = { ...org, gitops: { ...org.gitops, repoURL: 'https://gitlab.example.com/acme/platform.git' } } as typeof org;
    expect(serviceTemplate(gitlab, portal).problems[0]).toBe(
      'portal: org.gitops.repoURL = "https://gitlab.example.com/acme/platform.git" is not allowed: a github.com repository, which the new-service template publishes to',
    );
  });
});

describe("the new service's files", () => {
  const values = newServiceValues(org, { ...ANSWERS, importFrom: '../../../lib' }, portal);

  test('the app definition is the committed golden file, and it synthesizes: Application, database, catalog entry', () => {
    const golden = fs.readFileSync(path.join(__dirname, '..', '..', 'golden', 'new-app', 'orders.ts'), 'utf8');
    expect(renderAppDefinition(values)).toEqual({ file: 'apps/payments/orders.ts', content: golden });
    const build = buildGitOps({ org, portal, apps: [{ team: 'payments', apps: [orders] }], platform: minimalPlatform });
    expect(build.errors).toEqual([]);
    expect(build.files.has('staging/teams/payments/apps/orders/application-orders.yaml')).toBe(true);
    expect(build.files.has('staging/teams/payments/apps/orders/postgresqlinstance-orders-db.yaml')).toBe(true);
    // production runs images by digest only (the example org's policy): the new app waits there for a pinned build
    expect([...build.files.keys()].filter((f) => f.startsWith('prod/teams/payments/apps/orders/'))).toEqual([]);
    const app = parse(build.files.get('staging/teams/payments/apps/orders/application-orders.yaml') ?? '');
    expect(app.spec.components[0].traits.find((t: { type: string }) => t.type === 'gateway').properties.domain).toBe('orders.staging.payments.example.com');
    const component = parse(build.files.get('catalog/teams/payments/apps/orders/component-orders.yaml') ?? '');
    expect(component.metadata).toMatchObject({ description: ANSWERS.description, annotations: { 'backstage.io/source-location': 'url:https://github.com/acme/orders/tree/HEAD/' } });
    expect(component.spec.dependsOn).toEqual(['resource:payments/orders-db']);
  });

  test('the service repository holds its container build, its app definition and a catalog-info.yaml Backstage accepts', async () => {
    const files = renderServiceRepository(values);
    expect([...files.keys()].sort()).toEqual(['.dockerignore', '.github/workflows/ci.yml', 'Dockerfile', 'README.md', 'catalog-info.yaml', 'package.json', 'paved/orders.ts', 'server.js']);
    expect(files.get('paved/orders.ts')).toBe(renderAppDefinition(values).content);
    const info = parse(files.get('catalog-info.yaml') ?? '') as Entity;
    await expect(locationEntityV1alpha1Validator.check(info)).resolves.toBe(true);
    // it points at the Component the platform generates for the service
    expect(info.spec?.target).toBe('https://github.com/acme/platform/blob/main/gitops/catalog/teams/payments/apps/orders/component-orders.yaml');
    // a numeric non-root user: kubelet can only verify runAsNonRoot with a numeric user
    expect(files.get('Dockerfile')).toMatch(/^USER [1-9][0-9]*$/m);
    // a Node.js line in LTS (Node.js 20 reached its end of life on 2026-04-30)
    expect(files.get('Dockerfile')).toMatch(/^FROM node:26-alpine$/m);
    expect(JSON.parse(files.get('package.json') ?? '')).toMatchObject({ name: 'orders', description: ANSWERS.description });
    const ci = parse(files.get('.github/workflows/ci.yml') ?? '');
    expect(ci.jobs['propose-definition'].steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(['cp paved/orders.ts platform/apps/payments/orders.ts']);
    // pushed to the registry the org's image policy allows, logged in with the repository's registry secrets
    expect(ci.jobs.image.steps[2].with.tags).toBe('registry.example.com/orders:${{ github.ref_name }}');
    expect(ci.jobs.image.steps[1].with).toEqual({ registry: 'registry.example.com', username: '${{ secrets.REGISTRY_USERNAME }}', password: '${{ secrets.REGISTRY_PASSWORD }}' });
  });

  test('fails on bad answers, listing every problem', () => {
    expect(checkNewApp(org, { team: 'nope', name: '9lives', description: '', port: 70000 })).toEqual([
      'new app: team = "nope" is not allowed: a team of the org (payments, search, mobile)',
      'new app: name = "9lives" is not allowed: an RFC 1035 label of at most 55 characters: lower-case letters, digits and "-", starting with a letter',
      'new app: description = "" is not allowed: a sentence that says what the app does',
      'new app: port = 70000 is not allowed: an integer from 1 to 65535',
    ]);
    expect(checkNewApp(org, { ...ANSWERS, domain: 'orders.search.example.com' })).toEqual([
      'new app: domain = "orders.search.example.com" is not allowed: a name inside team payments\'s zone "payments.example.com"',
    ]);
    expect(checkNewApp(org, ANSWERS)).toEqual([]);
  });
});
