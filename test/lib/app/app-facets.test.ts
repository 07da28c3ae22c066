import * as fs from 'fs';
import * as path from 'path';
import { AppConstruct, type AppConstructProps } from '../../../lib';
import { FACETS } from '../../../lib/app/app-facets';
import { appServiceNode } from '../../../lib/app/service-node';
import { errorOf, findObject, objectsOf, teamScopes, trait } from '../../util';

function makeApp(overrides: Partial<AppConstructProps> = {}, env = 'prod') {
  const { scope } = teamScopes(env);
  const payments = scope('payments');
  return new AppConstruct(payments, 'orders', { team: payments.team, image: 'orders:1.0.0', port: 8080, ...overrides });
}
const applicationOf = (app: AppConstruct) => findObject(objectsOf(app), 'Application', 'orders');

describe('the facets of an app', () => {
  test('every file of lib/app/facets/ is one facet, listed once in FACETS (a new facet is a file and a line)', () => {
    const files = fs
      .readdirSync(path.resolve(__dirname, '../../../lib/app/facets'))
      .filter((f) => f.endsWith('.ts') && f !== 'facet.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(FACETS.map((f) => f.name).sort()).toEqual(files);
    expect(new Set(FACETS.map((f) => f.facet)).size).toBe(FACETS.length);
  });

  test("the web component's traits follow the facets' order: scaling, security, health, route", () => {
    const application = applicationOf(
      makeApp({
        autoscaling: { minReplicas: 2, maxReplicas: 4 },
        resources: { cpu: '250m' },
        health: { startup: { path: '/live' } },
        domain: 'orders.payments.example.com',
      }),
    );
    expect(application.spec.components[0].traits.map((t: { type: string }) => t.type)).toEqual([
      'hpa',
      'topologyspreadconstraints',
      'paved-pdb',
      'securitycontext',
      'podsecuritycontext',
      'startup-probe',
      'paved-graceful-shutdown',
      'gateway',
    ]);
  });

  test("the environment follows the facets' order too: plain values (sorted), secrets, database, buckets", () => {
    const application = applicationOf(
      makeApp({
        env: { ZED: 'z', ALPHA: 'a' },
        secrets: [{ name: 'token', key: 'teams/payments/token' }],
        database: { storageGB: 20 },
        buckets: [{ name: 'invoices' }],
      }),
    );
    expect(application.spec.components[0].properties.env.map((e: { name: string }) => e.name)).toEqual(['ALPHA', 'ZED', 'TOKEN', 'DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'BUCKET_INVOICES']);
  });

  test('every facet reports its problems, and the app throws them together', () => {
    const problems = errorOf(() => makeApp({ port: 0, replicas: 1, writablePaths: ['tmp'], env: { '1X': 'x' } })).split('\n');
    expect(problems).toEqual([
      'prod/payments/orders: port = 0 is not allowed: an integer from 1 to 65535',
      'prod/payments/orders: replicas = 1 is not allowed: at least 2 in production (environment prod), so that a node drain or a rollout never takes the app down; or set singleInstanceReason to say why one is enough',
      'prod/payments/orders: writablePaths[0] = "tmp" is not allowed: an absolute path other than "/", without ".."',
      'prod/payments/orders: env.1X = "1X" is not allowed: an environment variable name: letters, digits and "_", not starting with a digit',
    ]);
  });
});

describe('the Application, rendered from the app when the tree is rendered', () => {
  test('a variable the service graph adds after construction reaches every process, after their own variables', () => {
    const app = makeApp({ env: { MODE: 'live' }, workers: [{ name: 'mailer', command: ['/mail'] }] });
    expect(app._addEnv('SEARCH_URL', 'http://search.search.svc.cluster.local:8080')).toBeUndefined();
    const components = applicationOf(app).spec.components;
    for (const c of components) {
      expect(c.properties.env).toEqual([
        { name: 'MODE', value: 'live' },
        { name: 'SEARCH_URL', value: 'http://search.search.svc.cluster.local:8080' },
      ]);
    }
  });

  test('an app without variables gets a list of them, as the last of its properties', () => {
    const app = makeApp();
    app._addEnv('SEARCH_URL', 'http://search');
    const properties = applicationOf(app).spec.components[0].properties;
    expect(Object.keys(properties).at(-1)).toBe('env');
    expect(properties.env).toEqual([{ name: 'SEARCH_URL', value: 'http://search' }]);
  });

  test('a variable the app sets already is refused, and nothing is added', () => {
    const app = makeApp({ env: { SEARCH_URL: 'http://mine' } });
    expect(app._addEnv('SEARCH_URL', 'http://search')).toBe("a call whose variable SEARCH_URL is not already set by `env`, `secrets` or the app's infrastructure");
    expect(applicationOf(app).spec.components[0].properties.env).toEqual([{ name: 'SEARCH_URL', value: 'http://mine' }]);
    expect(trait(applicationOf(app), 'scaler')).toEqual({ replicas: 2 });
  });

  test('the service graph reads the app as it was built', () => {
    const app = makeApp({ database: { storageGB: 20 }, calls: [{ app: 'other' }] });
    expect(appServiceNode(app)).toMatchObject({ team: 'payments', app: 'orders', namespace: 'payments', port: 8080, calls: ['payments/other'], callableBy: [], database: true, source: app.node.path });
  });
});
