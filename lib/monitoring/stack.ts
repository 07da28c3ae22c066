import { Construct } from 'constructs';
import { KubeServiceAccount } from 'cdk8s-plus-28/lib/imports/k8s';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy } from '../../imports/eso-externalsecret-external-secrets.io';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../../imports/eso-secretstore-external-secrets.io';
import { KUBE_PROMETHEUS_STACK } from '../addons/kube-prometheus-stack';
import { AddOn, type AddOnProps, addOnSpec } from '../k8s/addons/addon';
import { PlatformEnvironment } from '../k8s/platform-environment';
import type { Environment } from '../org/environment';
import { GRAFANA_ADMIN_SECRET, MONITORING_NAMESPACE, MONITORING_SECRETS_IDENTITY } from '../org/identities';
import type { Org } from '../org/org';
import type { Team } from '../org/team';
import { placeIn } from '../private/placement';

/** Where Alertmanager finds a team's alerting secrets (the operator mounts each listed Secret there). */
const secretsDir = (team: string) => `/etc/alertmanager/secrets/alerting-${team}`;

/** Props of {@link MonitoringAddOn}. */
export interface MonitoringAddOnProps extends AddOnProps {}

/** The Alertmanager receivers and routes of one environment, from the teams' alerting in the org. */
export function alertmanagerConfig(org: Org, env: Environment): Record<string, unknown> {
  const receivers: Record<string, unknown>[] = [{ name: 'null' }];
  const routes: Record<string, unknown>[] = [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }];
  for (const team of org.teams) {
    const a = team.alerting;
    if (!a) continue;
    const id = (r: string) => `${team.name}-${r}`;
    for (const r of a.receivers) {
      receivers.push({
        name: id(r.name),
        ...(r.slack
          ? {
              slack_configs: [
                {
                  channel: r.slack.channel,
                  api_url_file: `${secretsDir(team.name)}/${r.name}-slack-webhook`,
                  send_resolved: true,
                  title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.namespace }})',
                  text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}',
                },
              ],
            }
          : {}),
        ...(r.pagerDuty ? { pagerduty_configs: [{ routing_key_file: `${secretsDir(team.name)}/${r.name}-pagerduty-routing-key`, send_resolved: true }] } : {}),
      });
    }
    const notify = a.notify ?? a.receivers[0].name;
    const page = a.page ?? a.receivers.find((r) => r.pagerDuty)?.name;
    const paged = (a.pageIn ?? org.environments.filter((e) => e.production).map((e) => e.name)).includes(env.name);
    const teamRoutes: Record<string, unknown>[] = [
      // a custom alert that names a receiver of its team goes there
      ...a.receivers.map((r) => ({ receiver: id(r.name), matchers: [`receiver = "${r.name}"`] })),
      ...(paged && page ? [{ receiver: id(page), matchers: ['severity = "critical"'] }] : []),
    ];
    routes.push({ receiver: id(notify), matchers: [`team = "${team.name}"`], routes: teamRoutes });
  }
  return {
    global: { resolve_timeout: '5m' },
    route: { receiver: 'null', group_by: ['alertname', 'namespace', 'app'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h', routes },
    receivers,
    inhibit_rules: [{ source_matchers: ['severity = "critical"'], target_matchers: ['severity =~ "warning|info"'], equal: ['namespace', 'alertname'] }],
    templates: ['/etc/alertmanager/config/*.tmpl'],
  };
}

/**
 * The monitoring stack: the kube-prometheus-stack chart (the Prometheus
 * Operator with one Prometheus, Alertmanager, Grafana and kube-state-metrics)
 * in the `monitoring` namespace.
 *
 * - Prometheus selects every ServiceMonitor and PrometheusRule, but each only
 *   in its own namespace (`ignoreNamespaceSelectors`), and every team's
 *   series and rules carry the namespace they come from
 *   (`enforcedNamespaceLabel`): a team's rules see only its own metrics.
 * - Alertmanager routes on the `team` label to each team's receivers from the
 *   org; critical alerts page where the team is paged (production by
 *   default). The receivers' webhook URLs and routing keys come from AWS
 *   Secrets Manager through External Secrets (a SecretStore here whose IAM
 *   role reads only `<team prefix>alerting/*`), mounted as files.
 * - Grafana loads every ConfigMap labelled `grafana_dashboard: "1"`, from
 *   every namespace; its admin credentials come from Secrets Manager too.
 * - node-exporter is off: it needs host access, which the platform
 *   namespaces' Pod Security ("baseline") refuses.
 */
export class MonitoringAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: MonitoringAddOnProps) {
    const { org, environment: env } = PlatformEnvironment.of(scope);
    const teams = org.teams.filter((t) => t.alerting !== undefined);
    super(
      scope,
      id,
      addOnSpec(scope, KUBE_PROMETHEUS_STACK, props.version, {
        crds: { enabled: true },
        nodeExporter: { enabled: false },
        defaultRules: { rules: { node: false, nodeExporterAlerting: false, nodeExporterRecording: false } },
        prometheus: {
          prometheusSpec: {
            replicas: env.production ? 2 : 1,
            retention: '15d',
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            ignoreNamespaceSelectors: true,
            enforcedNamespaceLabel: 'namespace',
            // the stack's own monitors and rules (kube-state-metrics reports every namespace's objects)
            excludedFromEnforcement: ['servicemonitors', 'podmonitors', 'prometheusrules'].map((resource) => ({ group: 'monitoring.coreos.com', resource, namespace: MONITORING_NAMESPACE })),
          },
        },
        alertmanager: {
          config: alertmanagerConfig(org, env),
          alertmanagerSpec: { replicas: env.production ? 2 : 1, secrets: teams.map((t) => `alerting-${t.name}`) },
        },
        grafana: {
          admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
          sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' } },
        },
      }),
    );
    new AlertingSecrets(this, 'Secrets', { teams });
  }
}

/** Props of {@link AlertingSecrets}. */
interface AlertingSecretsProps {
  readonly teams: readonly Team[];
}

/**
 * The monitoring namespace's secrets from AWS Secrets Manager: a SecretStore
 * that assumes the monitoring IAM role, one ExternalSecret per team with its
 * receivers' webhook URLs and routing keys, and Grafana's admin credentials.
 */
class AlertingSecrets extends Construct {
  constructor(scope: Construct, id: string, props: AlertingSecretsProps) {
    super(scope, id);
    const { environment: env } = PlatformEnvironment.of(this);
    placeIn(this, 'platform/config/monitoring');
    const labels = { 'app.kubernetes.io/managed-by': 'paved' };
    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: MONITORING_SECRETS_IDENTITY.name, namespace: MONITORING_NAMESPACE, labels, annotations: { 'eks.amazonaws.com/role-arn': env.monitoringSecretsRoleArn() } },
      automountServiceAccountToken: false,
    });
    new SecretStore(this, 'Store', {
      metadata: { name: 'aws-secretsmanager', namespace: MONITORING_NAMESPACE, labels },
      spec: {
        provider: { aws: { service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER, region: env.awsRegion, auth: { jwt: { serviceAccountRef: { name: MONITORING_SECRETS_IDENTITY.name } } } } },
      },
    });
    const secret = (name: string, data: { secretKey: string; key: string; property?: string }[]) =>
      new ExternalSecret(this, name, {
        metadata: { name, namespace: MONITORING_NAMESPACE, labels },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { name: 'aws-secretsmanager', kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
          target: { name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
          data: data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.key, ...(d.property ? { property: d.property } : {}) } })),
        },
      });
    secret('grafana-admin', [
      { secretKey: 'admin-user', key: GRAFANA_ADMIN_SECRET, property: 'admin-user' },
      { secretKey: 'admin-password', key: GRAFANA_ADMIN_SECRET, property: 'admin-password' },
    ]);
    for (const team of props.teams) {
      const data = (team.alerting?.receivers ?? []).flatMap((r) => [
        ...(r.slack ? [{ secretKey: `${r.name}-slack-webhook`, key: r.slack.webhookSecret }] : []),
        ...(r.pagerDuty ? [{ secretKey: `${r.name}-pagerduty-routing-key`, key: r.pagerDuty.routingKeySecret }] : []),
      ]);
      secret(`alerting-${team.name}`, data);
    }
  }
}
