import { AppConstruct, CLUSTER_METRICS, Org, type OrgProps, alertmanagerConfig, checkPrometheusRule, parsePromQl } from '../../../lib';
import { ORG_PROPS, errorOf, findObject, objectsOf, teamScopes } from '../../util';

/** The test org, payments with a Slack receiver and a pager. */
const PROPS: OrgProps = {
  ...ORG_PROPS,
  teams: ORG_PROPS.teams.map((t) =>
    t.name === 'payments'
      ? {
          ...t,
          alerting: {
            receivers: [
              { name: 'slack', slack: { channel: '#payments-alerts', webhookSecret: 'teams/payments/alerting/slack' } },
              { name: 'oncall', pagerDuty: { routingKeySecret: 'teams/payments/alerting/pagerduty' } },
            ],
          },
        }
      : t,
  ),
};

function app(env: 'staging' | 'prod', props: Partial<ConstructorParameters<typeof AppConstruct>[2]> = {}) {
  const { scope } = teamScopes(env, PROPS);
  const a = new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image: 'web:1.0', port: 8080, replicas: 2, ...props });
  return objectsOf(a);
}

describe('every app is scraped, alerted on and dashboarded', () => {
  test("an app with metrics gets a ServiceMonitor on its Service's port, in its namespace", () => {
    const sm = findObject(app('prod', { metrics: { path: '/metrics', requestsTotal: 'http_requests_total' } }), 'ServiceMonitor', 'web');
    expect(sm.metadata.namespace).toBe('payments');
    expect(sm.spec).toEqual({
      selector: { matchLabels: { 'app.oam.dev/name': 'web', 'app.oam.dev/component': 'web' } },
      endpoints: [{ targetPort: 8080, path: '/metrics', interval: '30s' }],
    });
  });

  test("without metrics, no ServiceMonitor, but the default alerts and the dashboard from the cluster's own metrics", () => {
    const objects = app('prod');
    expect(objects.filter((o) => o.kind === 'ServiceMonitor')).toEqual([]);
    const rules = findObject(objects, 'PrometheusRule', 'web-alerts').spec.groups[0].rules;
    expect(rules.map((r: { alert: string }) => r.alert)).toEqual(['WebRestartingOften', 'WebCrashLooping', 'WebReplicasUnavailable']);
    for (const r of rules) expect(r.labels).toMatchObject({ team: 'payments', app: 'web' });
    const dashboard = findObject(objects, 'ConfigMap', 'web-dashboard');
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard.data['payments-web.json']).uid).toBe('paved-payments-web');
  });

  test("error-rate and latency alerts from the app's HTTP metrics, with thresholds per environment", () => {
    const alerts = {
      thresholds: { errorRatePercent: 5 },
      perEnvironment: { prod: { errorRatePercent: 2, latencyP99Seconds: 0.8 } },
    };
    const metrics = { requestsTotal: 'http_requests_total', durationSeconds: 'http_request_duration_seconds' };
    const rules = (env: 'staging' | 'prod') => findObject(app(env, { metrics, alerts }), 'PrometheusRule', 'web-alerts').spec.groups[0].rules as { alert: string; expr: string }[];
    expect(rules('prod').find((r) => r.alert === 'WebErrorRate')?.expr).toBe(
      'sum(rate(http_requests_total{namespace="payments", code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="payments"}[5m])) * 100 > 2',
    );
    expect(rules('staging').find((r) => r.alert === 'WebErrorRate')?.expr).toMatch(/ > 5$/);
    expect(rules('prod').find((r) => r.alert === 'WebLatency')?.expr).toBe('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="payments"}[5m]))) > 0.8');
  });

  test('every expression paved writes parses with the Prometheus parser, and every cluster metric it uses is a documented one', () => {
    const objects = app('prod', { metrics: { requestsTotal: 'http_requests_total', durationSeconds: 'http_request_duration_seconds' } });
    const rule = findObject(objects, 'PrometheusRule', 'web-alerts');
    expect(checkPrometheusRule(rule)).toEqual([]);
    const dashboard = JSON.parse(findObject(objects, 'ConfigMap', 'web-dashboard').data['payments-web.json']);
    const exprs = [...rule.spec.groups[0].rules.map((r: { expr: string }) => r.expr), ...dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr))];
    const known = new Set([...CLUSTER_METRICS.map((m) => m.name), 'http_requests_total', 'http_request_duration_seconds_bucket']);
    for (const expr of exprs) {
      const parsed = parsePromQl(expr);
      expect(parsed.errors).toEqual([]);
      for (const metric of parsed.metrics) expect([expr, known.has(metric)]).toEqual([expr, true]);
    }
  });

  test('bad inputs are refused together: a port the app does not expose, invalid PromQL, a threshold out of range, a receiver the org does not declare', () => {
    const message = errorOf(() =>
      app('prod', {
        metrics: { port: 9090 },
        alerts: {
          thresholds: { restartsPer15Minutes: 0, errorRatePercent: 80 },
          custom: [{ name: 'QueueBacklog', expr: 'sum(rate(queue_depth[5m]) >', severity: 'warning', summary: 'The queue grows.', receiver: 'email' }],
        },
      }),
    );
    expect(message.split('\n')).toEqual([
      'prod/payments/web: alerts.thresholds.restartsPer15Minutes = 0 is not allowed: a whole number from 1 to 100 (default 3)',
      'prod/payments/web: alerts.thresholds.errorRatePercent = 80 is not allowed: a number from 0.1 to 50 (default 5)',
      'prod/payments/web: alerts.custom[0].expr = "sum(rate(queue_depth[5m]) >" is not allowed: a PromQL expression: it is not valid PromQL (the Prometheus parser stops at offset 27, near "pth[5m]) >")',
      'prod/payments/web: alerts.custom[0].receiver = "email" is not allowed: one of the receivers the org declares for the team (slack, oncall)',
      "prod/payments/web: metrics.port = 9090 is not allowed: the app's port (8080): the port its Service exposes, which the ServiceMonitor scrapes",
    ]);
  });

  test('an environment without the monitoring stack gets no monitoring objects', () => {
    const props: OrgProps = { ...PROPS, environments: PROPS.environments.map((e) => ({ ...e, monitoring: false })) };
    const { scope } = teamScopes('prod', props);
    const objects = objectsOf(new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image: 'web:1.0', port: 8080, replicas: 2, metrics: {} }));
    expect(objects.map((o) => o.kind).sort()).toEqual(['Application']);
  });
});

describe('alerts reach the owning team', () => {
  const org = new Org(PROPS);
  const routes = (env: string) =>
    (alertmanagerConfig(org, org.environment(env)).route as { routes: { receiver: string; matchers: string[]; routes?: { receiver: string; matchers: string[] }[] }[] }).routes;

  test('in production critical alerts page the team; warnings and staging go to its Slack channel', () => {
    const prod = routes('prod').find((r) => r.matchers[0] === 'team = "payments"');
    expect(prod).toEqual({
      receiver: 'payments-slack',
      matchers: ['team = "payments"'],
      routes: [
        { receiver: 'payments-slack', matchers: ['receiver = "slack"'] },
        { receiver: 'payments-oncall', matchers: ['receiver = "oncall"'] },
        { receiver: 'payments-oncall', matchers: ['severity = "critical"'] },
      ],
    });
    expect(
      routes('staging')
        .find((r) => r.matchers[0] === 'team = "payments"')
        ?.routes?.some((r) => r.matchers[0] === 'severity = "critical"'),
    ).toBe(false);
    // a team without receivers: its alerts stay in Alertmanager
    expect(routes('prod').some((r) => r.matchers[0] === 'team = "search"')).toBe(false);
  });

  test('the receivers read their webhook and routing key from files the operator mounts (no secret in Git)', () => {
    const receivers = alertmanagerConfig(org, org.environment('prod')).receivers as Record<string, unknown>[];
    expect(receivers).toContainEqual(
      expect.objectContaining({
        name: 'payments-slack',
        slack_configs: [expect.objectContaining({ channel: '#payments-alerts', api_url_file: '/etc/alertmanager/secrets/alerting-payments/slack-slack-webhook' })],
      }),
    );
    expect(receivers).toContainEqual({
      name: 'payments-oncall',
      pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/alerting-payments/oncall-pagerduty-routing-key', send_resolved: true }],
    });
  });

  test("the org refuses a receiver secret outside the team's alerting prefix, and a pager without PagerDuty", () => {
    const bad: OrgProps = {
      ...ORG_PROPS,
      teams: ORG_PROPS.teams.map((t) =>
        t.name === 'payments' ? { ...t, alerting: { receivers: [{ name: 'slack', slack: { channel: '#p', webhookSecret: 'teams/payments/slack' } }], page: 'slack' } } : t,
      ),
    };
    const message = errorOf(() => new Org(bad));
    expect(message).toContain(
      'org: teams[0].alerting.receivers[0].slack.webhookSecret = "teams/payments/slack" is not allowed: a Secrets Manager secret under "teams/payments/alerting/" (the monitoring stack reads only those)',
    );
    expect(message).toContain('org: teams[0].alerting.page = "slack" is not allowed: a receiver with pagerDuty (paging is PagerDuty\'s job)');
  });
});
