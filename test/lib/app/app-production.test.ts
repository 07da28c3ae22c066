import { type AppConstructProps, AppConstruct, Org, PLATFORM_DEFINITIONS, SchemaCatalog, buildGitOps } from '../../../lib';
import { ORG_PROPS, errorOf, findObject, minimalPlatform, objectsOf, teamScopes, trait } from '../../util';

function app(overrides: Partial<AppConstructProps> = {}, env = 'prod') {
  const { scope } = teamScopes(env);
  const payments = scope('payments');
  const a = new AppConstruct(payments, 'orders', { team: payments.team, image: 'orders:1.0.0', port: 8080, ...overrides });
  return findObject(objectsOf(a), 'Application', 'orders');
}
const problems = (fn: () => unknown) => errorOf(fn).split('\n');

describe('health', () => {
  test('every app with a port is ready only when it accepts connections on it, and drains for 15 s before it stops', () => {
    const application = app();
    expect(application.spec.components[0].properties.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 });
    expect(application.spec.components[0].properties.livenessProbe).toBeUndefined();
    expect(trait(application, 'paved-graceful-shutdown')).toEqual({ preStopSleepSeconds: 15, terminationGracePeriodSeconds: 45 });
  });

  test('HTTP readiness, liveness and startup checks, and the load balancer checks the readiness path', () => {
    const application = app({
      health: { readiness: { path: '/ready' }, liveness: { path: '/live', periodSeconds: 20 }, startup: { path: '/live', failureThreshold: 30 } },
      domain: 'orders.payments.example.com',
    });
    const component = application.spec.components[0];
    expect(component.properties.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080 });
    expect(component.properties.livenessProbe).toMatchObject({ httpGet: { path: '/live', port: 8080 }, periodSeconds: 20 });
    expect(trait(application, 'startup-probe')).toMatchObject({ httpGet: { path: '/live', port: 8080 }, failureThreshold: 30 });
    expect(trait(application, 'gateway')?.annotations).toMatchObject({ 'alb.ingress.kubernetes.io/healthcheck-path': '/ready', 'alb.ingress.kubernetes.io/success-codes': '200-399' });
  });

  test('a check on a port the app does not listen on, and nonsense timings, are refused together', () => {
    expect(problems(() => app({ health: { readiness: { port: 9090, path: 'ready' }, liveness: { periodSeconds: 0 }, shutdownDelaySeconds: 60 } }))).toEqual([
      "prod/payments/orders: health.readiness.port = 9090 is not allowed: the app's port (8080): the port the app listens on and serves requests",
      'prod/payments/orders: health.readiness.path = "ready" is not allowed: an absolute HTTP path such as "/healthz"',
      'prod/payments/orders: health.liveness.periodSeconds = 0 is not allowed: an integer from 1 to 300',
      'prod/payments/orders: health.terminationGracePeriodSeconds = undefined is not allowed: an integer from 1 to 3600, more than the shutdown delay (60 s): the app needs time to finish after SIGTERM',
    ]);
  });
});

describe('scaling and availability', () => {
  test('in production an app runs 2 pods by default, spread over zones and nodes, with a disruption budget', () => {
    const application = app();
    expect(trait(application, 'scaler')).toEqual({ replicas: 2 });
    expect(trait(application, 'paved-pdb')).toEqual({ maxUnavailable: 1 });
    expect(trait(application, 'topologyspreadconstraints')?.constraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  test('elsewhere one pod by default, without a budget or spread', () => {
    const application = app({}, 'staging');
    expect(trait(application, 'scaler')).toEqual({ replicas: 1 });
    expect(trait(application, 'paved-pdb')).toBeUndefined();
    expect(trait(application, 'topologyspreadconstraints')).toBeUndefined();
  });

  test('one pod in production is refused unless the app says why; then it has no budget', () => {
    expect(problems(() => app({ replicas: 1 }))).toEqual([
      'prod/payments/orders: replicas = 1 is not allowed: at least 2 in production (environment prod), so that a node drain or a rollout never takes the app down; or set singleInstanceReason to say why one is enough',
    ]);
    const single = app({ replicas: 1, singleInstanceReason: 'A singleton consumer of the ledger queue.' });
    expect(trait(single, 'paved-pdb')).toBeUndefined();
  });

  test('autoscaling: the HPA trait instead of a fixed count (so KubeVela never fights the autoscaler), on the chosen requests', () => {
    const application = app({ autoscaling: { minReplicas: 2, maxReplicas: 8, cpuPercent: 60, memoryPercent: 80 }, resources: { cpu: '250m', memory: '256Mi' } });
    expect(trait(application, 'hpa')).toEqual({ min: 2, max: 8, cpu: { type: 'Utilization', value: 60 }, mem: { type: 'Utilization', value: 80 } });
    expect(trait(application, 'scaler')).toBeUndefined();
    expect(trait(application, 'paved-pdb')).toEqual({ maxUnavailable: 1 });
  });

  test('autoscaling without chosen requests, with a fixed count, or below 2 in production is refused, all at once', () => {
    expect(problems(() => app({ replicas: 3, autoscaling: { minReplicas: 1, maxReplicas: 4, memoryPercent: 70 } }))).toEqual([
      'prod/payments/orders: replicas = 3 is not allowed: no fixed replica count when `autoscaling` is set (the autoscaler decides between minReplicas and maxReplicas)',
      'prod/payments/orders: autoscaling.cpuPercent = 70 is not allowed: a target only with `resources.cpu` set: the autoscaler scales on use relative to the request, so the request must be chosen, not defaulted',
      'prod/payments/orders: autoscaling.memoryPercent = 70 is not allowed: a target only with `resources.memory` set: the autoscaler scales on use relative to the request',
      'prod/payments/orders: autoscaling.minReplicas = 1 is not allowed: at least 2 in production (environment prod), so that a node drain or a rollout never takes the app down; or set singleInstanceReason to say why one is enough',
    ]);
  });

  test('an app with a public route needs at least one pod', () => {
    expect(problems(() => app({ replicas: 0, domain: 'orders.staging.payments.example.com' }, 'staging'))).toEqual([
      'staging/payments/orders: replicas = 0 is not allowed: at least 1 for an app with a public route (with none, its host answers 503)',
    ]);
  });
});

describe("the platform's own KubeVela definitions", () => {
  test('enter the schema catalog with the parameter schema read from their CUE, as upstream ones do', () => {
    const catalog = SchemaCatalog.bundled();
    for (const d of PLATFORM_DEFINITIONS) {
      expect(catalog.definition(d.name)).toMatchObject({ kind: d.kind, template: d.template });
      expect(catalog.definition(d.name)?.parameterSchema).toMatchObject({ type: 'object', additionalProperties: false });
    }
    expect(catalog.definition('paved-pdb')?.parameterSchema).toEqual({ type: 'object', properties: { maxUnavailable: { type: 'integer', default: 1 } }, additionalProperties: false });
  });
});

describe('workers, scheduled jobs and the release step', () => {
  test("a worker is KubeVela's worker with the app's image, environment and security; a job is the platform's own definition", () => {
    const application = app({
      env: { MODE: 'x' },
      workers: [{ name: 'mailer', command: ['/app', 'mail'], replicas: 2 }],
      cronJobs: [{ name: 'nightly', schedule: '0 3 * * MON-FRI', command: ['/app', 'nightly'] }],
      release: { command: ['/app', 'migrate'] },
    });
    const [, worker, cron, release] = application.spec.components;
    expect(worker).toMatchObject({ name: 'orders-mailer', type: 'worker', properties: { image: 'orders:1.0.0', cmd: ['/app', 'mail'], env: [{ name: 'MODE', value: 'x' }] } });
    expect(worker.traits.map((t: { type: string }) => t.type)).toEqual(['scaler', 'securitycontext', 'podsecuritycontext']);
    expect(cron).toMatchObject({ name: 'orders-nightly', type: 'paved-cron-job', properties: { schedule: '0 3 * * MON-FRI', concurrencyPolicy: 'Forbid', timeZone: 'Etc/UTC' } });
    expect(release).toMatchObject({ name: 'orders-release', type: 'paved-release-job', properties: { cmd: ['/app', 'migrate'], backoffLimit: 0 } });
    // the release first; the rest only once it succeeded
    expect(application.spec.workflow.steps).toEqual(['orders-release', 'orders', 'orders-mailer', 'orders-nightly'].map((c) => ({ name: c, type: 'apply-component', properties: { component: c } })));
  });

  test.each([
    ['61 * * * *', 'the minute field "61" is outside 0-59'],
    ['* * *', 'five fields (minute hour day-of-month month day-of-week), found 3'],
    ['0 3 * * FUNDAY', 'the day of week field "FUNDAY" is outside 0-7'],
    ['*/0 * * * *', "the minute field's step /0 is not from 1 to 59"],
  ])('the schedule %j is refused: %s', (schedule, why) => {
    expect(problems(() => app({ cronJobs: [{ name: 'bad', schedule, command: ['x'] }] }))).toEqual([
      `prod/payments/orders: cronJobs[0].schedule = ${JSON.stringify(schedule)} is not allowed: a cron schedule: ${why} (e.g. "*/15 * * * *", "0 3 * * MON" or "@daily")`,
    ]);
  });

  test('names clashing with each other or the release step, empty commands and bad limits are refused together', () => {
    expect(
      problems(() =>
        app({
          workers: [
            { name: 'a', command: [] },
            { name: 'release', command: ['x'] },
          ],
          cronJobs: [{ name: 'a', schedule: '@daily', command: ['x'], concurrencyPolicy: 'Sometimes' as never, successfulJobsHistoryLimit: 99 }],
        }),
      ),
    ).toEqual([
      'prod/payments/orders: workers[0].command = [] is not allowed: the command and its arguments: one or more non-empty strings',
      'prod/payments/orders: workers[1].name = "release" is not allowed: a name no other worker or scheduled job of the app has, and not "release"',
      'prod/payments/orders: cronJobs[0].name = "a" is not allowed: a name no other worker or scheduled job of the app has, and not "release"',
      'prod/payments/orders: cronJobs[0].concurrencyPolicy = "Sometimes" is not allowed: one of Forbid, Allow, Replace',
      'prod/payments/orders: cronJobs[0].successfulJobsHistoryLimit = 99 is not allowed: an integer from 0 to 10',
    ]);
  });
});

describe('a single instance in production, in the catalog', () => {
  test("the team's reason shows on the app's Component", () => {
    const reason = 'A singleton consumer of the ledger queue.';
    const build = buildGitOps({
      org: new Org(ORG_PROPS),
      platform: minimalPlatform,
      apps: [{ team: 'payments', apps: [(scope) => new AppConstruct(scope, 'ledger', { team: scope.team, image: 'l:1', port: 8080, replicas: 1, singleInstanceReason: reason })] }],
    });
    expect(build.errors).toEqual([]);
    expect(build.files.get('catalog/teams/payments/apps/ledger/component-ledger.yaml')).toContain(`paved.dev/single-instance-reason: ${reason}`);
  });
});
