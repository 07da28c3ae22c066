import { AppMonitoring, checkMonitoring } from '../../monitoring/app-monitoring';
import type { Facet } from './facet';

/**
 * The app's metrics and alerts: scraped, alerted on and dashboarded where the environment runs the monitoring
 * stack (an AppMonitoring beside the Application).
 * @internal
 */
export const monitoringFacet: Facet = (props, { app, check, environment, namespace, platform }) => {
  const receivers = (props.team.alerting?.receivers ?? []).map((r) => r.name);
  const environments = platform.org.environments.map((e) => e.name);
  const parts = checkMonitoring(check, props.port, environments, environment.name, props.metrics, props.alerts, receivers);
  if (!environment.monitoring) return { service: { scraped: false } };
  return {
    service: { scraped: parts.metrics !== undefined },
    catalog: { monitored: true },
    objects: (scope, labels) => new AppMonitoring(scope, 'Monitoring', { app, team: props.team.name, namespace, labels: { ...labels }, parts }),
  };
};
