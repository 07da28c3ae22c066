import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { checkPrometheusRule, checkServiceMonitors, loadManifests } from '../../lib';
import { ROOT, paved } from '../cli-util';

type Json = Record<string, any>;
const tree = loadManifests(path.join(ROOT, 'gitops')).objects;
const render = paved(['render', 'gitops']);
const docs = render.stdout.split('\n---\n');
const services = parseAllDocuments(render.stdout)
  .map((d, i) => ({ file: /from (\S+)$/m.exec(docs[i] ?? '')?.[1] ?? '', object: d.toJS() as Json }))
  .filter((s) => s.object?.kind === 'Service');
const of = (kind: string) => tree.filter((m) => m.object.kind === kind);
const veladApps = (env: string) => tree.filter((m) => m.file.startsWith(`${env}/teams/`) && m.object.kind === 'Application' && String(m.object.apiVersion).startsWith('core.oam.dev/'));

describe('the example org is observable by default', () => {
  test("each environment installs the monitoring stack (kube-prometheus-stack 88.3.0) in the add-ons' wave, before the team apps", () => {
    for (const env of ['staging', 'prod']) {
      const app = tree.find((m) => m.file === `${env}/application-kube-prometheus-stack.yaml`)?.object as Json;
      expect(app.spec.source).toMatchObject({ chart: 'kube-prometheus-stack', targetRevision: '88.3.0', repoURL: 'https://prometheus-community.github.io/helm-charts' });
      expect(app.spec.destination.namespace).toBe('monitoring');
      const teamApps = tree.find((m) => m.file === `${env}/application-team-payments-apps.yaml`)?.object as Json;
      expect(Number(app.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(Number(teamApps.metadata.annotations['argocd.argoproj.io/sync-wave']));
    }
  });

  test('every app has its alerts and its dashboard in its own namespace; every app with metrics a ServiceMonitor', () => {
    for (const env of ['staging', 'prod']) {
      for (const app of veladApps(env)) {
        const folder = path.posix.dirname(app.file);
        const ns = (app.object.metadata as Json).namespace;
        const inFolder = tree.filter((m) => path.posix.dirname(m.file) === folder);
        expect(inFolder.filter((m) => m.object.kind === 'PrometheusRule').map((m) => (m.object.metadata as Json).namespace)).toEqual([ns]);
        expect(inFolder.filter((m) => m.object.kind === 'ConfigMap' && (m.object.metadata as Json).labels.grafana_dashboard === '1').length).toBe(1);
      }
    }
    expect(
      of('ServiceMonitor')
        .map((m) => `${m.file.split('/')[0]} ${(m.object.metadata as Json).namespace}/${(m.object.metadata as Json).name}`)
        .sort(),
    ).toEqual(['prod payments/checkout', 'prod search/search-api', 'staging payments/checkout', 'staging search/search-api']);
  });

  test("each ServiceMonitor selects the Service KubeVela renders for its app, and that Service's port", () => {
    expect(render.code).toBe(0);
    expect(checkServiceMonitors(tree, services)).toEqual([]);
    for (const m of of('ServiceMonitor')) {
      const spec = m.object.spec as Json;
      const service = services.find(
        (s) =>
          s.file.split('/')[0] === m.file.split('/')[0] &&
          s.object.metadata.namespace === (m.object.metadata as Json).namespace &&
          s.object.metadata.labels['app.oam.dev/component'] === spec.selector.matchLabels['app.oam.dev/component'],
      );
      expect(service?.object.spec.ports.map((p: Json) => p.targetPort)).toContain(spec.endpoints[0].targetPort);
    }
  });

  test('every PromQL expression of the tree parses with the Prometheus parser', () => {
    for (const m of of('PrometheusRule')) expect([m.file, checkPrometheusRule(m.object)]).toEqual([m.file, []]);
  });

  test("tenancy: the teams' projects allow their monitoring kinds, and Prometheus reaches an app only on its scraped port", () => {
    const project = tree.find((m) => m.file === 'prod/teams/payments/tenant/appproject-payments.yaml')?.object as Json;
    expect(project.spec.namespaceResourceWhitelist).toEqual(
      expect.arrayContaining([
        { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
        { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
        { group: '', kind: 'ConfigMap' },
      ]),
    );
    const policy = tree.find((m) => m.file === 'prod/teams/payments/tenant/namespaces/payments/networkpolicy-app-checkout.yaml')?.object as Json;
    expect(policy.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ protocol: 'TCP', port: 8443 }],
    });
    // an app without metrics is not opened to Prometheus
    const indexer = tree.find((m) => m.file === 'prod/teams/search/tenant/namespaces/search/networkpolicy-app-indexer.yaml')?.object as Json;
    expect(JSON.stringify(indexer.spec.ingress ?? [])).not.toContain('prometheus');
  });

  test("the Backstage Component leads to the app's dashboard and alerts", () => {
    const component = tree.find((m) => m.file === 'catalog/teams/payments/apps/checkout/component-checkout.yaml')?.object as Json;
    expect(component.metadata.annotations).toMatchObject({
      'grafana/dashboard-selector': "tags @> 'paved-app-payments-checkout'",
      'grafana/alert-label-selector': 'team=payments,app=checkout',
      'paved.dev/dashboard-uid': 'paved-payments-checkout',
    });
  });
});
