/**
 * The metrics the monitoring stack itself exports for every app, which the
 * default alerts and dashboards use: kube-state-metrics (objects' state) and
 * the kubelet's cAdvisor (containers' use), as kube-prometheus-stack scrapes
 * them. An app's own metrics are the ones it names in `metrics`.
 */
export interface KnownMetric {
  /** The metric's name. */
  readonly name: string;
  /** What exports it. */
  readonly source: 'kube-state-metrics' | 'cadvisor';
  /** The labels paved's queries use on it. */
  readonly labels: readonly string[];
}

/** Every cluster metric paved's default alerts and dashboards query. */
export const CLUSTER_METRICS: readonly KnownMetric[] = Object.freeze([
  { name: 'kube_pod_container_status_restarts_total', source: 'kube-state-metrics', labels: ['namespace', 'container', 'pod'] },
  { name: 'kube_pod_container_status_waiting_reason', source: 'kube-state-metrics', labels: ['namespace', 'container', 'reason'] },
  { name: 'kube_deployment_status_replicas_available', source: 'kube-state-metrics', labels: ['namespace', 'deployment'] },
  { name: 'kube_deployment_spec_replicas', source: 'kube-state-metrics', labels: ['namespace', 'deployment'] },
  { name: 'kube_pod_container_resource_requests', source: 'kube-state-metrics', labels: ['namespace', 'container', 'resource'] },
  { name: 'kube_pod_container_resource_limits', source: 'kube-state-metrics', labels: ['namespace', 'container', 'resource'] },
  { name: 'container_cpu_usage_seconds_total', source: 'cadvisor', labels: ['namespace', 'container', 'pod'] },
  { name: 'container_memory_working_set_bytes', source: 'cadvisor', labels: ['namespace', 'container', 'pod'] },
] as KnownMetric[]);
