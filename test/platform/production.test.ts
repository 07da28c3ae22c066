import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { checkRestrictedPodSpec, loadManifests } from '../../lib';
import { ROOT, paved } from '../cli-util';

type Json = Record<string, any>;
const render = paved(['render', 'gitops']);
const rendered = parseAllDocuments(render.stdout)
  .map((d) => d.toJS() as Json)
  .filter(Boolean);
// which file each object came from: paved render writes it in the comment before the object
const origins = render.stdout.split('\n---\n').map((doc) => /from (\S+)$/m.exec(doc)?.[1] ?? '');
const inEnv = (env: string) => rendered.filter((_, i) => origins[i].startsWith(`${env}/`));
const applications = loadManifests(path.join(ROOT, 'gitops')).objects.filter((m) => m.object.apiVersion === 'core.oam.dev/v1beta1' && m.object.kind === 'Application');
const podSpec = (o: Json) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);

describe("the example org's apps, as KubeVela will run them", () => {
  test('renders without a problem', () => {
    expect(render.code).toBe(0);
    expect(origins.filter((o) => o === '')).toEqual([]);
  });

  test('every pod of every app, worker and job passes Pod Security "restricted"', () => {
    const withPods = rendered.filter((o) => ['Deployment', 'Job', 'CronJob'].includes(o.kind));
    expect(withPods.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(['CronJob', 'Deployment', 'Job']));
    for (const o of withPods) expect([o.metadata.name, checkRestrictedPodSpec(podSpec(o), 'spec')]).toEqual([o.metadata.name, []]);
  });

  test('every app that listens on a port has a readiness probe on it, and drains before it stops', () => {
    const webservices = applications.flatMap((a) =>
      (a.object.spec as Json).components.filter((c: Json) => c.type === 'webservice').map((c: Json) => ({ name: c.name, port: c.properties.ports[0].port })),
    );
    for (const { name, port } of webservices) {
      for (const d of rendered.filter((o) => o.kind === 'Deployment' && o.metadata.name === name)) {
        const container = d.spec.template.spec.containers[0];
        const probe = container.readinessProbe;
        expect(probe.tcpSocket?.port ?? probe.httpGet?.port).toBe(port);
        expect(container.lifecycle.preStop.sleep.seconds).toBeGreaterThan(0);
      }
    }
  });

  test('in production every app runs at least 2 pods with a PodDisruptionBudget, spread over zones; the autoscaled one has an HPA and no fixed count', () => {
    const prod = inEnv('prod');
    const deployments = prod.filter((o) => o.kind === 'Deployment' && !o.metadata.name.includes('-'));
    for (const d of prod.filter((o) => o.kind === 'Deployment' && applications.some((a) => (a.object.metadata as Json).name === o.metadata.name))) {
      const hpa = prod.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === d.metadata.name && o.metadata.namespace === d.metadata.namespace);
      expect(hpa ? hpa.spec.minReplicas : d.spec.replicas).toBeGreaterThanOrEqual(2);
      if (hpa) expect(d.spec.replicas).toBeUndefined();
      expect(prod.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === d.metadata.name && o.metadata.namespace === d.metadata.namespace)).toHaveLength(1);
      expect(d.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    }
    expect(deployments.length).toBeGreaterThan(0);
    expect(prod.find((o) => o.kind === 'HorizontalPodAutoscaler')?.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'checkout' }, minReplicas: 3, maxReplicas: 10 });
  });

  test("a worker, scheduled jobs and a release job that runs first, all from the app's image and environment", () => {
    const prod = inEnv('prod');
    const worker = prod.find((o) => o.kind === 'Deployment' && o.metadata.name === 'checkout-receipt-mailer');
    expect(worker?.spec.template.spec.containers[0]).toMatchObject({
      image: expect.stringMatching(/^registry\.example\.com\/payments\/checkout:2\.3\.1@sha256:[0-9a-f]{64}$/),
      command: ['/app/checkout', 'mail-receipts'],
    });
    expect(worker?.spec.template.spec.containers[0].ports).toBeUndefined();
    expect(prod.find((o) => o.kind === 'CronJob' && o.metadata.name === 'checkout-settle')?.spec).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Europe/Dublin', concurrencyPolicy: 'Forbid' });
    expect(prod.find((o) => o.kind === 'CronJob' && o.metadata.name === 'indexer-rebuild')?.spec.schedule).toBe('@daily');
    const release = prod.find((o) => o.kind === 'Job');
    expect(release?.metadata.name).toBe('my-app-release-1');
    expect(release?.spec.template.spec.containers[0].env.map((e: Json) => e.name)).toEqual(expect.arrayContaining(['DB_HOST', 'DB_PASSWORD']));
    const myApp = applications.find((a) => a.file === 'prod/teams/payments/apps/my-app/application-my-app.yaml')?.object as Json;
    expect(myApp.spec.workflow.steps.map((s: Json) => s.properties.component)).toEqual(['my-app-release', 'my-app']);
  });
});
