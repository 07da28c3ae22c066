import { GRACEFUL_SHUTDOWN_TRAIT } from '../definitions/traits';
import type { ProbeProperties, TraitSpec } from '../private/kubevela';
import type { PropChecker } from '../private/problems';

/** One health check of an app's container. */
export interface AppProbe {
  /**
   * An HTTP GET of this path on the port: an answer from 200 to 399 passes.
   * @default - a TCP connection to the port
   */
  readonly path?: string;
  /**
   * The port checked: the app's own (a check on another port would test a server that does not answer requests).
   * @default - the app's `port`
   */
  readonly port?: number;
  /**
   * Seconds after the container starts before the first check.
   * @default 0
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between checks.
   * @default 10
   */
  readonly periodSeconds?: number;
  /**
   * Seconds a check may take.
   * @default 1
   */
  readonly timeoutSeconds?: number;
  /**
   * Failed checks in a row before the check fails.
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** How the platform tells whether an app's pods are ready, alive and started, and how they stop. */
export interface AppHealth {
  /**
   * When a pod receives traffic (Services, the load balancer) and counts as available in a rollout.
   * @default - a TCP connection to the app's port
   */
  readonly readiness?: AppProbe;
  /**
   * When a pod is restarted: a check that fails only when the process is stuck.
   * @default - none: the pod restarts only when its process exits
   */
  readonly liveness?: AppProbe;
  /**
   * For slow starters: readiness and liveness wait until this passes once
   * (`failureThreshold` × `periodSeconds` is the time the app may take to start).
   * @default - none
   */
  readonly startup?: AppProbe;
  /**
   * Seconds a stopping pod keeps serving while Services and the load balancer
   * stop sending to it, before it receives SIGTERM (a rollout or a node drain
   * then drops no request).
   * @default 15
   */
  readonly shutdownDelaySeconds?: number;
  /**
   * Seconds from the start of a pod's stop until it is killed (the shutdown delay included).
   * @default 45
   */
  readonly terminationGracePeriodSeconds?: number;
}

/** What the health facet contributes to an app's component. */
export interface AppHealthParts {
  /** `readinessProbe`/`livenessProbe` of the component's properties. */
  readonly properties: { readonly readinessProbe: ProbeProperties; readonly livenessProbe?: ProbeProperties };
  /** `startup-probe` and the graceful shutdown. */
  readonly traits: readonly TraitSpec[];
  /** The readiness check's HTTP path, when it has one (the load balancer's health check uses it). */
  readonly readinessPath?: string;
}

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
 * Checks an app's health settings and returns its probes (a TCP readiness
 * check on the app's port at least) and traits (startup probe, graceful
 * shutdown through the platform's `paved-graceful-shutdown` trait).
 *
 * @internal the health facet of AppConstruct
 */
export function healthParts(check: PropChecker, health: AppHealth, port: number): AppHealthParts {
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
  return {
    properties: { readinessProbe, ...(livenessProbe ? { livenessProbe } : {}) },
    traits,
    ...(health.readiness?.path !== undefined ? { readinessPath: health.readiness.path } : {}),
  };
}
