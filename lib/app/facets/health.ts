import { GRACEFUL_SHUTDOWN_TRAIT } from '../../definitions/traits';
import type { ProbeProperties, TraitSpec } from '../../private/kubevela';
import type { PropChecker } from '../../private/problems';
import type { AppHealth, AppProbe } from '../app-props';
import type { Facet } from './facet';

const INT = (v: number | undefined, min: number, max: number) => v === undefined || (Number.isInteger(v) && v >= min && v <= max);

function probe(check: PropChecker, at: string, p: AppProbe, appPort: number): ProbeProperties {
  const port = p.port ?? appPort;
  check.check(p.port === undefined || port === appPort, `${at}.port`, p.port, `the app's port (${appPort}): the port the app listens on and serves requests`);
  if (p.path !== undefined) check.check(/^\/[\x21-\x7e]*$/.test(p.path), `${at}.path`, p.path, 'an absolute HTTP path such as "/healthz"');
  check.check(INT(p.initialDelaySeconds, 0, 3600), `${at}.initialDelaySeconds`, p.initialDelaySeconds, 'an integer from 0 to 3600');
  check.check(INT(p.periodSeconds, 1, 300), `${at}.periodSeconds`, p.periodSeconds, 'an integer from 1 to 300');
  check.check(INT(p.timeoutSeconds, 1, 60), `${at}.timeoutSeconds`, p.timeoutSeconds, 'an integer from 1 to 60');
  check.check(INT(p.failureThreshold, 1, 100), `${at}.failureThreshold`, p.failureThreshold, 'an integer from 1 to 100');
  return {
    ...(p.path !== undefined ? { httpGet: { path: p.path, port } } : { tcpSocket: { port } }),
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/**
 * How the platform checks that the app's pods are ready and alive (a TCP readiness check on the app's port at
 * least: probes of the web component), and its startup probe and graceful shutdown (the platform's
 * `paved-graceful-shutdown` trait).
 * @internal
 */
export const healthFacet: Facet = (props, { check }) => {
  const health: AppHealth = props.health ?? {};
  const port = props.port;
  const readinessProbe = probe(check, 'health.readiness', health.readiness ?? {}, port);
  const livenessProbe = health.liveness ? probe(check, 'health.liveness', health.liveness, port) : undefined;
  const traits: TraitSpec[] = [];
  if (health.startup) {
    const startup = probe(check, 'health.startup', health.startup, port);
    traits.push({ type: 'startup-probe', properties: startup });
  }
  const delay = health.shutdownDelaySeconds ?? 15;
  const grace = health.terminationGracePeriodSeconds ?? 45;
  check.check(INT(delay, 0, 300), 'health.shutdownDelaySeconds', health.shutdownDelaySeconds, 'an integer from 0 to 300');
  check.check(
    INT(grace, 1, 3600) && grace > delay,
    'health.terminationGracePeriodSeconds',
    health.terminationGracePeriodSeconds,
    `an integer from 1 to 3600, more than the shutdown delay (${delay} s): the app needs time to finish after SIGTERM`,
  );
  traits.push({ type: GRACEFUL_SHUTDOWN_TRAIT, properties: { preStopSleepSeconds: delay, terminationGracePeriodSeconds: grace } });
  return { properties: { readinessProbe, ...(livenessProbe ? { livenessProbe } : {}) }, traits };
};
