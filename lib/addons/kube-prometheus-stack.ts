import { MONITORING_NAMESPACE } from '../org/identities';
import { declareAddOn } from './declaration';

/**
 * The monitoring stack: the kube-prometheus-stack chart (the Prometheus
 * Operator with Prometheus, Alertmanager, Grafana and kube-state-metrics), in
 * environments that run it. Its values take the teams' alerting, and it brings
 * the alerting secrets: built by `MonitoringAddOn` (lib/monitoring/stack.ts).
 */
export const KUBE_PROMETHEUS_STACK = declareAddOn({
  name: 'kube-prometheus-stack',
  release: {
    // the monitoring stack: the operator with Prometheus, Alertmanager, Grafana and kube-state-metrics, by one chart
    project: 'prometheus-operator',
    repo: 'prometheus-operator/prometheus-operator',
    tag: 'v0.93.0',
    commit: 'f8fafd475f3d132e239432ae6172de60a6cb6516',
    date: '2026-07-28',
    chart: { repoURL: 'https://prometheus-community.github.io/helm-charts', name: 'kube-prometheus-stack', version: '88.3.0', appVersion: 'v0.93.0' },
    newestStableTag: 'v0.93.0',
    evidence:
      'tag kube-prometheus-stack-88.3.0 of prometheus-community/helm-charts (2026-08-11, Chart.yaml version 88.3.0, appVersion v0.93.0, grafana subchart 12.10.4), read 2026-12-01; 88.4.0 and later install v0.93.1, whose CRDs the mirror does not hold',
  },
  when: (env) => env.monitoring,
  application: {
    namespace: MONITORING_NAMESPACE,
    apiGroups: ['monitoring.coreos.com'],
    // the operator's CRDs are too large for a client-side apply's annotation
    serverSideApply: true,
  },
});
