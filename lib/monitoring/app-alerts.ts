import { promQlProblem } from '../validate/languages/promql';
import type { PropChecker } from '../private/problems';

/**
 * The thresholds of an app's default alerts; each has a default and an
 * allowed range (a threshold outside it would page for nothing or never).
 */
export interface AppAlertThresholds {
  /**
   * Container restarts within 15 minutes before `<App>RestartingOften` fires (warning), 1 to 100.
   * @default 3
   */
  readonly restartsPer15Minutes?: number;
  /**
   * Minutes with fewer available replicas than desired before `<App>ReplicasUnavailable` fires (critical), 1 to 120.
   * @default 10
   */
  readonly unavailableMinutes?: number;
  /**
   * Percent of requests answered with a 5xx status over 5 minutes before `<App>ErrorRate` fires
   * (critical; apps whose `metrics` name their request counter), 0.1 to 50.
   * @default 5
   */
  readonly errorRatePercent?: number;
  /**
   * 99th-percentile request duration in seconds before `<App>Latency` fires
   * (warning; apps whose `metrics` name their duration histogram), 0.01 to 60.
   * @default 1
   */
  readonly latencyP99Seconds?: number;
}

/** The default thresholds. */
export const DEFAULT_ALERT_THRESHOLDS: Required<AppAlertThresholds> = { restartsPer15Minutes: 3, unavailableMinutes: 10, errorRatePercent: 5, latencyP99Seconds: 1 };

/** The allowed range of each threshold. */
export const ALERT_THRESHOLD_RANGES: Readonly<Record<keyof AppAlertThresholds, readonly [number, number]>> = {
  restartsPer15Minutes: [1, 100],
  unavailableMinutes: [1, 120],
  errorRatePercent: [0.1, 50],
  latencyP99Seconds: [0.01, 60],
};

/** How urgent an alert is: `critical` pages in the environments where the team is paged, the others notify. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** An alert of the team's own, on the app's metrics. */
export interface AppCustomAlert {
  /** The alert's name: letters and digits, starting with an upper-case letter (`OrdersQueueBacklog`). */
  readonly name: string;
  /** The PromQL expression; it fires while the expression returns a series. */
  readonly expr: string;
  /**
   * How long the expression must hold before the alert fires.
   * @default "5m"
   */
  readonly for?: string;
  /** Its severity. */
  readonly severity: AlertSeverity;
  /** One sentence for the person it reaches. */
  readonly summary: string;
  /**
   * One of the team's receivers (in the org) to send it to, instead of the team's default routing.
   * @default - the team's routing: warnings notify, critical alerts page where the team is paged
   */
  readonly receiver?: string;
}

/** An app's alerts: the default ones' thresholds, per environment too, and the team's own. */
export interface AppAlerting {
  /**
   * Thresholds of the default alerts in every environment.
   * @default DEFAULT_ALERT_THRESHOLDS
   */
  readonly thresholds?: AppAlertThresholds;
  /**
   * Thresholds per environment name, over `thresholds`.
   * @default {}
   */
  readonly perEnvironment?: Readonly<Record<string, AppAlertThresholds>>;
  /**
   * The team's own alerts.
   * @default []
   */
  readonly custom?: readonly AppCustomAlert[];
}

/** One alerting rule of a PrometheusRule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The HTTP metrics an app exports, for the error-rate and latency alerts. */
export interface HttpMetrics {
  readonly requestsTotal?: string;
  readonly statusCodeLabel: string;
  readonly durationSeconds?: string;
}

const pascal = (name: string) =>
  name
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

/** Checks the app's alerting props and returns the thresholds for the environment. */
export function checkAlerting(check: PropChecker, environments: readonly string[], environment: string, alerting: AppAlerting | undefined, receivers: readonly string[]): Required<AppAlertThresholds> {
  const checkThresholds = (at: string, t: AppAlertThresholds | undefined) => {
    for (const [key, [lo, hi]] of Object.entries(ALERT_THRESHOLD_RANGES) as [keyof AppAlertThresholds, readonly [number, number]][]) {
      const v = t?.[key];
      if (v === undefined) continue;
      check.check(
        typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi && ((key !== 'restartsPer15Minutes' && key !== 'unavailableMinutes') || Number.isInteger(v)),
        `${at}.${key}`,
        v,
        `a ${key === 'restartsPer15Minutes' || key === 'unavailableMinutes' ? 'whole number' : 'number'} from ${lo} to ${hi} (default ${DEFAULT_ALERT_THRESHOLDS[key]})`,
      );
    }
  };
  checkThresholds('alerts.thresholds', alerting?.thresholds);
  for (const [env, t] of Object.entries(alerting?.perEnvironment ?? {})) {
    check.check(environments.includes(env), `alerts.perEnvironment.${env}`, env, `an environment of the org (${environments.join(', ')})`);
    checkThresholds(`alerts.perEnvironment.${env}`, t);
  }
  const names = new Set<string>();
  (alerting?.custom ?? []).forEach((a, i) => {
    const at = `alerts.custom[${i}]`;
    if (
      check.check(
        typeof a.name === 'string' && /^[A-Z][A-Za-z0-9]{0,62}$/.test(a.name),
        `${at}.name`,
        a.name,
        'an alert name: letters and digits, starting with an upper-case letter (e.g. "OrdersQueueBacklog")',
      )
    ) {
      check.check(!names.has(a.name), `${at}.name`, a.name, 'a name no other custom alert of the app has');
      names.add(a.name);
    }
    const problem = typeof a.expr === 'string' ? promQlProblem(a.expr) : 'not a string';
    check.check(problem === undefined, `${at}.expr`, a.expr, `a PromQL expression: it is ${problem ?? ''}`);
    if (a.for !== undefined) check.check(/^[0-9]+[smh]$/.test(a.for), `${at}.for`, a.for, 'a duration such as "5m" (seconds, minutes or hours)');
    check.check(['critical', 'warning', 'info'].includes(a.severity), `${at}.severity`, a.severity, 'one of critical, warning, info');
    check.check(typeof a.summary === 'string' && a.summary.trim().length > 0, `${at}.summary`, a.summary, 'one sentence for the person the alert reaches');
    if (a.receiver !== undefined) {
      check.check(
        receivers.includes(a.receiver),
        `${at}.receiver`,
        a.receiver,
        receivers.length
          ? `one of the receivers the org declares for the team (${receivers.join(', ')})`
          : 'a receiver the org declares for the team (it declares none: add alerting.receivers to the team in the org)',
      );
    }
  });
  return { ...DEFAULT_ALERT_THRESHOLDS, ...alerting?.thresholds, ...alerting?.perEnvironment?.[environment] };
}

/**
 * The app's alerting rules: on the signals every service has (restarts, crash
 * loops, unavailable replicas, from kube-state-metrics), on its HTTP metrics
 * when it names them (error rate, latency), and the team's own. Every rule
 * carries the labels Alertmanager routes by (`team`, `app`) and its severity.
 */
export function alertRules(app: string, team: string, namespace: string, t: Required<AppAlertThresholds>, http: HttpMetrics | undefined, custom: readonly AppCustomAlert[]): AlertRule[] {
  const App = pascal(app);
  const sel = `namespace="${namespace}", container="${app}"`;
  const labels = (severity: AlertSeverity) => ({ severity, team, app });
  const rules: AlertRule[] = [
    {
      alert: `${App}RestartingOften`,
      expr: `increase(kube_pod_container_status_restarts_total{${sel}}[15m]) >= ${t.restartsPer15Minutes}`,
      for: '1m',
      labels: labels('warning'),
      annotations: { summary: `${app}'s containers restarted ${t.restartsPer15Minutes} times or more in 15 minutes`, runbook: "kubectl logs --previous, and the app's dashboard" },
    },
    {
      alert: `${App}CrashLooping`,
      expr: `max_over_time(kube_pod_container_status_waiting_reason{${sel}, reason="CrashLoopBackOff"}[5m]) >= 1`,
      for: '10m',
      labels: labels('critical'),
      annotations: { summary: `${app} is crash-looping: a container keeps failing to start`, runbook: 'kubectl describe pod and kubectl logs --previous in the namespace' },
    },
    {
      alert: `${App}ReplicasUnavailable`,
      expr: `kube_deployment_status_replicas_available{namespace="${namespace}", deployment="${app}"} < kube_deployment_spec_replicas{namespace="${namespace}", deployment="${app}"}`,
      for: `${t.unavailableMinutes}m`,
      labels: labels('critical'),
      annotations: {
        summary: `${app} has had fewer available replicas than desired for ${t.unavailableMinutes} minutes`,
        runbook: 'the rollout (kubectl rollout status), failing readiness checks, or pods that cannot be scheduled',
      },
    },
  ];
  if (http?.requestsTotal) {
    const total = `sum(rate(${http.requestsTotal}{namespace="${namespace}"}[5m]))`;
    const errors = `sum(rate(${http.requestsTotal}{namespace="${namespace}", ${http.statusCodeLabel}=~"5.."}[5m]))`;
    rules.push({
      alert: `${App}ErrorRate`,
      expr: `${errors} / ${total} * 100 > ${t.errorRatePercent}`,
      for: '5m',
      labels: labels('critical'),
      annotations: { summary: `more than ${t.errorRatePercent}% of ${app}'s requests fail with a 5xx status`, runbook: "the app's logs and its dashboard's error panel" },
    });
  }
  if (http?.durationSeconds) {
    rules.push({
      alert: `${App}Latency`,
      expr: `histogram_quantile(0.99, sum by (le) (rate(${http.durationSeconds}_bucket{namespace="${namespace}"}[5m]))) > ${t.latencyP99Seconds}`,
      for: '10m',
      labels: labels('warning'),
      annotations: { summary: `${app}'s 99th-percentile request duration is above ${t.latencyP99Seconds} s`, runbook: "the app's dashboard (latency), its database and its callees" },
    });
  }
  for (const a of custom) {
    rules.push({ alert: a.name, expr: a.expr, for: a.for ?? '5m', labels: { ...labels(a.severity), ...(a.receiver ? { receiver: a.receiver } : {}) }, annotations: { summary: a.summary } });
  }
  return rules;
}
