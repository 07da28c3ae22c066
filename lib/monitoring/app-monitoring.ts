import { Construct } from 'constructs';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheus-prometheusrule-monitoring.coreos.com';
import { ServiceMonitor, ServiceMonitorSpecEndpointsTargetPort } from '../../imports/prometheus-servicemonitor-monitoring.coreos.com';
import type { PropChecker } from '../private/problems';
import { type AppAlerting, type AppAlertThresholds, type HttpMetrics, alertRules, checkAlerting } from './app-alerts';
import { DASHBOARD_LABEL, appDashboard, dashboardTag, dashboardUid } from './dashboard';

/** What an app exports for Prometheus, and how. */
export interface AppMetrics {
  /**
   * The port its metrics are served on: the app's own port (the one its Service exposes and
   * the ServiceMonitor selects).
   * @default - the app's port
   */
  readonly port?: number;
  /**
   * The HTTP path of the metrics.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * How often Prometheus scrapes it, from 10s to 5m.
   * @default "30s"
   */
  readonly interval?: string;
  /**
   * Its counter of HTTP requests (with a status-code label), for the error-rate alert and panel,
   * e.g. `http_requests_total`.
   * @default - no error-rate alert
   */
  readonly requestsTotal?: string;
  /**
   * The label of `requestsTotal` that holds the status code.
   * @default "code"
   */
  readonly statusCodeLabel?: string;
  /**
   * The base name of its request-duration histogram in seconds (`<name>_bucket` is queried),
   * e.g. `http_request_duration_seconds`, for the latency alert and panel.
   * @default - no latency alert
   */
  readonly durationSeconds?: string;
}

/** What {@link checkMonitoring} resolved for one app in one environment. */
export interface MonitoringParts {
  readonly metrics?: { readonly port: number; readonly path: string; readonly interval: string };
  readonly http?: HttpMetrics;
  readonly thresholds: Required<AppAlertThresholds>;
  readonly alerting?: AppAlerting;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Checks an app's `metrics` and `alerts` props. */
export function checkMonitoring(
  check: PropChecker,
  appPort: number,
  environments: readonly string[],
  environment: string,
  metrics: AppMetrics | undefined,
  alerting: AppAlerting | undefined,
  receivers: readonly string[],
): MonitoringParts {
  const thresholds = checkAlerting(check, environments, environment, alerting, receivers);
  if (metrics === undefined) return { thresholds, alerting };
  const port = metrics.port ?? appPort;
  check.check(port === appPort, 'metrics.port', metrics.port, `the app's port (${appPort}): the port its Service exposes, which the ServiceMonitor scrapes`);
  const path = metrics.path ?? '/metrics';
  check.check(/^\/[\x21-\x7e]*$/.test(path), 'metrics.path', metrics.path, 'an absolute HTTP path such as "/metrics"');
  const interval = metrics.interval ?? '30s';
  const seconds = /^([0-9]+)(s|m)$/.exec(interval);
  const n = seconds ? Number(seconds[1]) * (seconds[2] === 'm' ? 60 : 1) : NaN;
  check.check(n >= 10 && n <= 300, 'metrics.interval', metrics.interval, 'a duration from "10s" to "5m"');
  for (const key of ['requestsTotal', 'durationSeconds'] as const) {
    const v = metrics[key];
    if (v !== undefined) check.check(METRIC_NAME.test(v), `metrics.${key}`, v, 'a Prometheus metric name (letters, digits, "_" and ":", not starting with a digit)');
  }
  const statusCodeLabel = metrics.statusCodeLabel ?? 'code';
  check.check(/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(statusCodeLabel), 'metrics.statusCodeLabel', metrics.statusCodeLabel, 'a Prometheus label name');
  const http = metrics.requestsTotal || metrics.durationSeconds ? { requestsTotal: metrics.requestsTotal, durationSeconds: metrics.durationSeconds, statusCodeLabel } : undefined;
  return { metrics: { port, path, interval }, ...(http ? { http } : {}), thresholds, alerting };
}

/** Props of {@link AppMonitoring}. */
export interface AppMonitoringProps {
  readonly app: string;
  readonly team: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly parts: MonitoringParts;
}

/**
 * An app's monitoring objects, in its namespace: a ServiceMonitor (when it
 * serves metrics) selecting the Service KubeVela gives the app and its port,
 * a PrometheusRule with its default and custom alerts (labelled with the team,
 * which Alertmanager routes by), and its Grafana dashboard as a ConfigMap the
 * stack's sidecar loads.
 */
export class AppMonitoring extends Construct {
  /** The dashboard's uid. */
  public readonly dashboardUid: string;

  constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    const { app, team, namespace, labels, parts } = props;
    const meta = (name: string, extra: Record<string, string> = {}) => ({ name, namespace, labels: { ...labels, ...extra } });
    if (parts.metrics) {
      new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: meta(app),
        spec: {
          // KubeVela labels the Service it renders for the app (webservice or gateway) with these
          selector: { matchLabels: { 'app.oam.dev/name': app, 'app.oam.dev/component': app } },
          endpoints: [{ targetPort: ServiceMonitorSpecEndpointsTargetPort.fromNumber(parts.metrics.port), path: parts.metrics.path, interval: parts.metrics.interval }],
        },
      });
    }
    const rules = alertRules(app, team, namespace, parts.thresholds, parts.http, parts.alerting?.custom ?? []);
    new PrometheusRule(this, 'PrometheusRule', {
      metadata: meta(`${app}-alerts`),
      spec: {
        groups: [
          {
            name: `${team}.${app}`,
            rules: rules.map((r) => ({ alert: r.alert, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr), for: r.for, labels: { ...r.labels }, annotations: { ...r.annotations } })),
          },
        ],
      },
    });
    this.dashboardUid = dashboardUid(team, app);
    new KubeConfigMap(this, 'Dashboard', {
      metadata: meta(`${app}-dashboard`, { ...DASHBOARD_LABEL }),
      data: { [`${team}-${app}.json`]: `${JSON.stringify(appDashboard(team, app, namespace, parts.http), null, 2)}\n` },
    });
  }
}

/** The Backstage annotations that lead from an app's Component to its dashboard and alerts (Backstage's Grafana plugin reads them). */
export function monitoringAnnotations(team: string, app: string): Record<string, string> {
  return {
    'grafana/dashboard-selector': `tags @> '${dashboardTag(team, app)}'`,
    'grafana/alert-label-selector': `team=${team},app=${app}`,
    'paved.dev/dashboard-uid': dashboardUid(team, app),
  };
}
