import type { HttpMetrics } from './app-alerts';

/** The label that makes Grafana's dashboard sidecar load a ConfigMap (the stack's default). */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

/** The uid of an app's dashboard: the same in every environment's Grafana, so links can name it. */
export function dashboardUid(team: string, app: string): string {
  // Grafana uids are at most 40 characters
  return `paved-${team}-${app}`.slice(0, 40);
}

/** The tag every app dashboard carries, for Backstage's Grafana plugin to find it. */
export function dashboardTag(team: string, app: string): string {
  return `paved-app-${team}-${app}`;
}

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly exprs: readonly { readonly expr: string; readonly legend: string }[];
}

/**
 * An app's Grafana dashboard (the JSON model Grafana 12 loads from the sidecar):
 * its pods' restarts, available replicas, CPU and memory against their
 * requests, and, when the app names its HTTP metrics, request rate, error
 * ratio and latency. Every query is scoped to the app's namespace and
 * container; the PromQL is checked with the Prometheus parser by the validator.
 */
export function appDashboard(team: string, app: string, namespace: string, http: HttpMetrics | undefined): Record<string, unknown> {
  const sel = `namespace="${namespace}", container="${app}"`;
  const panels: Panel[] = [
    {
      title: 'Available replicas',
      unit: 'short',
      exprs: [
        { expr: `kube_deployment_status_replicas_available{namespace="${namespace}", deployment="${app}"}`, legend: 'available' },
        { expr: `kube_deployment_spec_replicas{namespace="${namespace}", deployment="${app}"}`, legend: 'desired' },
      ],
    },
    { title: 'Restarts (15 min)', unit: 'short', exprs: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${sel}}[15m]))`, legend: '{{pod}}' }] },
    {
      title: 'CPU (cores)',
      unit: 'short',
      exprs: [
        { expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${sel}}[5m]))`, legend: '{{pod}}' },
        { expr: `max(kube_pod_container_resource_requests{${sel}, resource="cpu"})`, legend: 'request' },
      ],
    },
    {
      title: 'Memory',
      unit: 'bytes',
      exprs: [
        { expr: `sum by (pod) (container_memory_working_set_bytes{${sel}})`, legend: '{{pod}}' },
        { expr: `max(kube_pod_container_resource_limits{${sel}, resource="memory"})`, legend: 'limit' },
      ],
    },
  ];
  if (http?.requestsTotal) {
    panels.push(
      {
        title: 'Requests per second',
        unit: 'reqps',
        exprs: [{ expr: `sum by (${http.statusCodeLabel}) (rate(${http.requestsTotal}{namespace="${namespace}"}[5m]))`, legend: `{{${http.statusCodeLabel}}}` }],
      },
      {
        title: 'Errors (5xx, %)',
        unit: 'percent',
        exprs: [
          {
            expr: `sum(rate(${http.requestsTotal}{namespace="${namespace}", ${http.statusCodeLabel}=~"5.."}[5m])) / sum(rate(${http.requestsTotal}{namespace="${namespace}"}[5m])) * 100`,
            legend: '5xx',
          },
        ],
      },
    );
  }
  if (http?.durationSeconds) {
    panels.push({
      title: 'Latency',
      unit: 's',
      exprs: [0.5, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(${http.durationSeconds}_bucket{namespace="${namespace}"}[5m])))`,
        legend: `p${q * 100}`,
      })),
    });
  }
  return {
    uid: dashboardUid(team, app),
    title: `${team} / ${app}`,
    tags: ['paved', `team-${team}`, dashboardTag(team, app)],
    timezone: 'utc',
    schemaVersion: 41,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus', value: 'prometheus' } }] },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: p.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
      targets: p.exprs.map((e, j) => ({ refId: String.fromCharCode(65 + j), expr: e.expr, legendFormat: e.legend, datasource: { type: 'prometheus', uid: '${datasource}' } })),
    })),
  };
}
