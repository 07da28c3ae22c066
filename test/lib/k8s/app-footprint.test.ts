import { ApiObject } from 'cdk8s';
import { AppConstruct, teamDefinitionNames } from '../../../lib';
import { COUNTED_COMPONENT_TYPES, applicationFootprint } from '../../../lib/k8s/app-footprint';
import { teamScopes } from '../../util';

type Component = Record<string, unknown>;
const app = (...components: Component[]) => ({ apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'x', namespace: 'payments' }, spec: { components } });
const web = (properties: Record<string, unknown>, ...traits: Record<string, unknown>[]): Component => ({ name: 'web', type: 'webservice', properties: { image: 'w:1', ...properties }, traits });
const MI = 2 ** 20;

describe('applicationFootprint: what an Application asks of its namespace, from its components', () => {
  test('a web service: its replicas times its requests, and its limits (limit.cpu, limit.memory) or its requests', () => {
    expect(applicationFootprint(app(web({ cpu: '250m', memory: '256Mi', limit: { cpu: '1', memory: '512Mi' } }, { type: 'scaler', properties: { replicas: 3 } }))).footprint).toEqual({
      requestsCpu: 0.75,
      requestsMemory: 768 * MI,
      limitsCpu: 3,
      limitsMemory: 1536 * MI,
      pods: 3,
    });
    expect(applicationFootprint(app(web({ cpu: '500m', memory: '1Gi' }, { type: 'scaler', properties: { replicas: 2 } }))).footprint).toMatchObject({ limitsCpu: 1, limitsMemory: 2048 * MI });
  });

  test('no scaler runs one pod; a scaler without replicas one (its default); replicas 0 none', () => {
    expect(applicationFootprint(app(web({ cpu: '1', memory: '1Gi' }))).footprint.pods).toBe(1);
    expect(applicationFootprint(app(web({ cpu: '1', memory: '1Gi' }, { type: 'scaler', properties: {} }))).footprint.pods).toBe(1);
    expect(applicationFootprint(app(web({ cpu: '1', memory: '1Gi' }, { type: 'scaler', properties: { replicas: 0 } }))).footprint).toMatchObject({ pods: 0, requestsCpu: 0 });
  });

  test('an autoscaler counts at its most: max (10 by default), or min when that is larger, or a larger scaler', () => {
    const pods = (...traits: Record<string, unknown>[]) => applicationFootprint(app(web({ cpu: '100m', memory: '128Mi' }, ...traits))).footprint.pods;
    expect(pods({ type: 'hpa', properties: { min: 2, max: 12 } })).toBe(12);
    expect(pods({ type: 'hpa', properties: {} })).toBe(10);
    expect(pods({ type: 'hpa', properties: { min: 30, max: 5 } })).toBe(30);
    expect(pods({ type: 'scaler', properties: { replicas: 40 } }, { type: 'hpa', properties: { min: 1, max: 4 } })).toBe(40);
  });

  test("a resource a component leaves out gets the team namespace's LimitRange defaults (request 100m/128Mi, limit 500m/512Mi), a limit without its request too", () => {
    expect(applicationFootprint(app(web({}, { type: 'scaler', properties: { replicas: 2 } }))).footprint).toEqual({
      requestsCpu: 0.2,
      requestsMemory: 256 * MI,
      limitsCpu: 1,
      limitsMemory: 1024 * MI,
      pods: 2,
    });
    // KubeVela sets limit.cpu only with cpu
    expect(applicationFootprint(app(web({ limit: { cpu: '4' } }))).footprint).toMatchObject({ requestsCpu: 0.1, limitsCpu: 0.5 });
  });

  test('workers with their own replicas and resources (requests and limits alike), and one pod per scheduled job and release job', () => {
    const footprint = applicationFootprint(
      app(
        web({ cpu: '500m', memory: '512Mi' }, { type: 'scaler', properties: { replicas: 2 } }),
        { name: 'x-queue', type: 'worker', properties: { image: 'w:1', cpu: '2', memory: '2Gi', limit: { cpu: '4' } }, traits: [{ type: 'scaler', properties: { replicas: 5 } }] },
        { name: 'x-nightly', type: 'paved-cron-job', properties: { image: 'w:1', cpu: '1', memory: '1Gi' }, traits: [] },
        { name: 'x-release', type: 'paved-release-job', properties: { image: 'w:1', cpu: '250m', memory: '256Mi' }, traits: [] },
      ),
    ).footprint;
    expect(footprint).toEqual({
      requestsCpu: 1 + 10 + 1 + 0.25,
      requestsMemory: (1024 + 10240 + 1024 + 256) * MI,
      // a worker has no separate limit: its requests are its limits
      limitsCpu: 1 + 10 + 1 + 0.25,
      limitsMemory: (1024 + 10240 + 1024 + 256) * MI,
      pods: 2 + 5 + 1 + 1,
    });
  });

  test('refuses what cannot be counted, naming the field, the value and what is allowed', () => {
    const { problems } = applicationFootprint(
      app(web({ cpu: 'lots', memory: 512, limit: { memory: '1.5Gi' } }, { type: 'scaler', properties: { replicas: -3 } }, { type: 'hpa', properties: { min: 1, max: 'many' } }), {
        name: 'x-queue',
        type: 'worker',
        properties: { cpu: '1' },
        traits: [{ type: 'scaler', properties: { replicas: 2.5 } }],
      }),
    );
    expect(problems).toEqual([
      { field: 'spec.components[0].traits[0].properties.replicas', value: -3, allowed: 'a whole number of pods (0 or more)' },
      { field: 'spec.components[0].traits[1].properties.max', value: 'many', allowed: 'a whole number of pods (0 or more)' },
      { field: 'spec.components[0].properties.cpu', value: 'lots', allowed: 'a quantity such as "250m" or "0.5", as a string' },
      { field: 'spec.components[0].properties.memory', value: 512, allowed: 'a quantity such as "128Mi" or "1Gi", as a string' },
      { field: 'spec.components[0].properties.limit.memory', value: '1.5Gi', allowed: 'a quantity such as "128Mi" or "1Gi", as a string' },
      { field: 'spec.components[1].traits[0].properties.replicas', value: 2.5, allowed: 'a whole number of pods (0 or more)' },
    ]);
  });

  test('every component type a team may use is counted', () => {
    expect([...COUNTED_COMPONENT_TYPES].sort()).toEqual([...teamDefinitionNames('ComponentDefinition')].sort());
  });

  test("AppConstruct's footprint is the footprint of the Application it writes: one rule for built and proposed apps", () => {
    const { scope, platform } = teamScopes('prod');
    const payments = scope('payments');
    const built = new AppConstruct(payments, 'api', {
      team: payments.team,
      image: 'a:1',
      port: 80,
      autoscaling: { minReplicas: 2, maxReplicas: 30, cpuPercent: 60 },
      resources: { cpu: '300m', memory: '1Gi', cpuLimit: '600m' },
      workers: [{ name: 'queue', command: ['q'], replicas: 4, resources: { cpu: '1', memory: '2Gi' } }],
      cronJobs: [{ name: 'nightly', schedule: '@daily', command: ['n'] }],
    });
    const application = built.node
      .findAll()
      .filter(ApiObject.isApiObject)
      .map((o) => o.toJson() as Record<string, unknown>)
      .find((o) => o.kind === 'Application');
    const counted = applicationFootprint(application ?? {});
    expect(counted.problems).toEqual([]);
    expect(counted.footprint.pods).toBe(30 + 4 + 1);
    // the default quota in prod: 50 pods, 4 CPUs of requests; the message says what the built app asks for, as counted from its Application
    const errors = platform.node.findAll().flatMap((c) => c.node.validate());
    expect(errors).toContain(
      `quotas.prod.requestsCpu = "4" is not allowed: at least what the apps in namespace payments ask for, ${Math.round(counted.footprint.requestsCpu * 1000)}m (api ${Math.round(counted.footprint.requestsCpu * 1000)}m), or fewer replicas or resources for them`,
    );
  });
});
