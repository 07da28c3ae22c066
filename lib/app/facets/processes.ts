import { resolveResources, resourcesOf } from './resources';
import { CRON_JOB_COMPONENT, RELEASE_JOB_COMPONENT } from '../../definitions';
import type { SecurityContextProperties, PodSecurityContextProperties, WebserviceEnvVar } from '../../private/kubevela';
import { isDns1035Label } from '../../private/names';
import type { PropChecker } from '../../private/problems';
import type { AppCronJob, AppRelease, AppResources, AppWorker } from '../app-props';
import type { Facet } from './facet';
import { securityContexts } from './security';
import { writablePathsOf, writableVolumes } from './writable-paths';

/** What a process shares with the app's web process. */
interface SharedProcessParts {
  readonly image: string;
  readonly env: readonly WebserviceEnvVar[];
  readonly resources: Required<AppResources>;
  readonly writablePaths: readonly string[];
  readonly runAsUser?: number;
  readonly securityContext: SecurityContextProperties;
  readonly podSecurityContext: PodSecurityContextProperties;
}

/** One KubeVela component the processes facet adds. */
interface ProcessComponent {
  readonly name: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly traits: readonly { readonly type: string; readonly properties: Record<string, unknown> }[];
}

/** The components the facet adds, and the workflow that runs the release first (when there is one). */
interface ProcessParts {
  readonly components: readonly ProcessComponent[];
  /** The release component's name, when the app has a release step. */
  readonly release?: string;
}

const CRON_FIELDS: readonly [string, number, number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
];
const NAMES: Readonly<Record<number, readonly string[]>> = {
  3: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  4: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};

/** Whether a schedule is one the CronJob controller accepts (five fields or a macro); the first bad field when it is not. */
export function cronProblem(schedule: string): string | undefined {
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(schedule)) return undefined;
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return `five fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const [label, min, max] = CRON_FIELDS[i];
    const value = (v: string) => {
      const named = NAMES[i]?.indexOf(v.toUpperCase());
      const n = named !== undefined && named >= 0 ? named + (i === 3 ? 1 : 0) : /^\d+$/.test(v) ? Number(v) : NaN;
      return n >= min && n <= max ? n : undefined;
    };
    for (const part of field.split(',')) {
      const m = /^(\*|\?|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `the ${label} field "${field}" is not a cron expression`;
      if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > max)) return `the ${label} field's step /${m[2]} is not from 1 to ${max}`;
      if (m[1] === '*' || m[1] === '?') continue;
      const [a, b] = m[1].split('-');
      const from = value(a);
      const to = b === undefined ? from : value(b);
      if (from === undefined || to === undefined || to < from) return `the ${label} field "${field}" is outside ${min}-${max}`;
    }
  }
  return undefined;
}

/** The name of a process's component: `<app>-<process>`. */
const componentName = (app: string, process: string) => `${app}-${process}`;

function checkCommand(check: PropChecker, at: string, command: readonly string[]): void {
  check.check(
    Array.isArray(command) && command.length > 0 && command.every((c) => typeof c === 'string' && c.length > 0),
    `${at}.command`,
    command,
    'the command and its arguments: one or more non-empty strings',
  );
}

/**
 * The app's workers, scheduled jobs and release step: components of its Application with the app's image,
 * environment, resources, writable paths and security; with a release step, a workflow that runs it first and
 * rolls out the rest only once it succeeded.
 * @internal
 */
export const processesFacet: Facet = (props, { app, check, parts }) => {
  const security = securityContexts(props.runAsUser);
  const shared: SharedProcessParts = {
    image: parts.properties.image ?? '',
    env: parts.env,
    resources: resourcesOf(props.resources),
    writablePaths: writablePathsOf(props.writablePaths),
    runAsUser: props.runAsUser,
    securityContext: security.container,
    podSecurityContext: security.pod,
  };
  const processes = processParts(check, app, shared, props.workers ?? [], props.cronJobs ?? [], props.release);
  const release = processes.release;
  const steps = release !== undefined ? [release, app, ...processes.components.map((c) => c.name).filter((n) => n !== release)] : undefined;
  return { components: processes.components, ...(steps ? { steps } : {}) };
};

/**
 * Checks an app's workers, scheduled jobs and release step, and returns their
 * components: workers through KubeVela's `worker` with the app's security
 * traits; scheduled jobs and the release step through the platform's
 * `paved-cron-job` and `paved-release-job` (restricted pods by construction).
 * Each shares the app's image, environment (plain values, secrets, database,
 * buckets) and writable paths.
 */
function processParts(check: PropChecker, app: string, shared: SharedProcessParts, workers: readonly AppWorker[], cronJobs: readonly AppCronJob[], release: AppRelease | undefined): ProcessParts {
  const names = new Set<string>();
  const claim = (at: string, name: string) => {
    if (
      !check.check(
        isDns1035Label(name, 63) && isDns1035Label(componentName(app, name), 52),
        `${at}.name`,
        name,
        `an RFC 1035 label such that "${app}-<name>" has at most 52 characters (a CronJob's limit)`,
      )
    )
      return;
    check.check(name !== 'release' && !names.has(name), `${at}.name`, name, 'a name no other worker or scheduled job of the app has, and not "release"');
    names.add(name);
  };
  const components: ProcessComponent[] = [
    ...workers.map((w, i) => {
      claim(`workers[${i}]`, w.name);
      return workerComponent(check, `workers[${i}]`, app, shared, w);
    }),
    ...cronJobs.map((c, i) => {
      claim(`cronJobs[${i}]`, c.name);
      return cronJobComponent(check, `cronJobs[${i}]`, app, shared, c);
    }),
  ];
  if (!release) return { components };
  checkCommand(check, 'release', release.command);
  const timeout = release.timeoutSeconds ?? 600;
  check.check(Number.isInteger(timeout) && timeout >= 30 && timeout <= 7200, 'release.timeoutSeconds', release.timeoutSeconds, 'an integer from 30 to 7200');
  const releaseName = componentName(app, 'release');
  components.push({
    name: releaseName,
    type: RELEASE_JOB_COMPONENT,
    properties: { ...jobBase(shared, shared.resources, release.command), activeDeadlineSeconds: timeout, backoffLimit: 0 },
    traits: [],
  });
  return { components, release: releaseName };
}

/** The environment of every process, when the app has one. */
const envOf = (shared: SharedProcessParts) => (shared.env.length > 0 ? { env: shared.env } : {});

/** What a job (scheduled or the release step) shares with the app. */
function jobBase(shared: SharedProcessParts, r: Required<AppResources>, command: readonly string[]) {
  return {
    image: shared.image,
    cmd: [...command],
    ...envOf(shared),
    cpu: r.cpu,
    memory: r.memory,
    writablePaths: [...shared.writablePaths],
    ...(shared.runAsUser !== undefined ? { runAsUser: shared.runAsUser } : {}),
  };
}

function workerComponent(check: PropChecker, at: string, app: string, shared: SharedProcessParts, w: AppWorker): ProcessComponent {
  checkCommand(check, at, w.command);
  const replicas = w.replicas ?? 1;
  check.check(Number.isInteger(replicas) && replicas >= 0 && replicas <= 100, `${at}.replicas`, w.replicas, 'an integer from 0 to 100');
  const r = resolveResources(check, `${at}.`, w.resources, shared.resources);
  return {
    name: componentName(app, w.name),
    type: 'worker',
    properties: { image: shared.image, cmd: [...w.command], ...envOf(shared), cpu: r.cpu, memory: r.memory, ...writableVolumes(shared.writablePaths) },
    traits: [
      { type: 'scaler', properties: { replicas } },
      { type: 'securitycontext', properties: { ...shared.securityContext } },
      { type: 'podsecuritycontext', properties: { ...shared.podSecurityContext } },
    ],
  };
}

function cronJobComponent(check: PropChecker, at: string, app: string, shared: SharedProcessParts, c: AppCronJob): ProcessComponent {
  checkCommand(check, at, c.command);
  const problem = typeof c.schedule === 'string' ? cronProblem(c.schedule) : 'a string';
  check.check(problem === undefined, `${at}.schedule`, c.schedule, `a cron schedule: ${problem ?? ''} (e.g. "*/15 * * * *", "0 3 * * MON" or "@daily")`);
  if (c.timeZone !== undefined) check.check(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(c.timeZone), `${at}.timeZone`, c.timeZone, 'an IANA time zone such as "Europe/Paris"');
  if (c.concurrencyPolicy !== undefined) check.check(['Forbid', 'Allow', 'Replace'].includes(c.concurrencyPolicy), `${at}.concurrencyPolicy`, c.concurrencyPolicy, 'one of Forbid, Allow, Replace');
  for (const field of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const v = c[field];
    if (v !== undefined) check.check(Number.isInteger(v) && v >= 0 && v <= 10, `${at}.${field}`, v, 'an integer from 0 to 10');
  }
  const timeout = c.timeoutSeconds ?? 3600;
  check.check(Number.isInteger(timeout) && timeout >= 60 && timeout <= 86400, `${at}.timeoutSeconds`, c.timeoutSeconds, 'an integer from 60 to 86400');
  const r = resolveResources(check, `${at}.`, c.resources, shared.resources);
  return {
    name: componentName(app, c.name),
    type: CRON_JOB_COMPONENT,
    properties: {
      schedule: c.schedule,
      timeZone: c.timeZone ?? 'Etc/UTC',
      concurrencyPolicy: c.concurrencyPolicy ?? 'Forbid',
      successfulJobsHistoryLimit: c.successfulJobsHistoryLimit ?? 3,
      failedJobsHistoryLimit: c.failedJobsHistoryLimit ?? 1,
      ...jobBase(shared, r, c.command),
      activeDeadlineSeconds: timeout,
      backoffLimit: 2,
    },
    traits: [],
  };
}
