import { declareAddOn } from './declaration';

/** The namespace metrics-server runs in. */
export const METRICS_SERVER_NAMESPACE = 'metrics-server';

/**
 * metrics-server: the resource metrics API (`metrics.k8s.io`) the apps'
 * HorizontalPodAutoscalers scale on. Two replicas with a disruption budget, so
 * a node drain never leaves the autoscalers blind.
 */
export const METRICS_SERVER = declareAddOn({
  name: 'metrics-server',
  release: {
    // installed by its chart only (no file is read); the HorizontalPodAutoscaler's source of CPU and memory use
    project: 'metrics-server',
    repo: 'kubernetes-sigs/metrics-server',
    tag: 'v0.8.1',
    date: '2026-06-11',
    chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server', name: 'metrics-server', version: '3.13.1', appVersion: '0.8.1' },
    newestStableTag: 'v0.9.0',
    evidence: 'tags v0.8.1 and metrics-server-helm-chart-3.13.1 (2026-06-11, Chart.yaml version 3.13.1, appVersion 0.8.1) of kubernetes-sigs/metrics-server, read 2026-12-01; v0.9.0 has no chart yet',
  },
  application: {
    namespace: METRICS_SERVER_NAMESPACE,
    values: () => ({
      replicas: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      apiService: { create: true },
    }),
  },
});
