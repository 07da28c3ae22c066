import { resolveResources } from './app-resources';
import { CRON_JOB_COMPONENT, RELEASE_JOB_COMPONENT } from '../definitions';
import type { SecurityContextProperties, PodSecurityContextProperties, WebserviceEnvVar } from '../private/kubevela';
import { isDns1035Label } from '../private/names';
import type { PropChecker } from '../private/problems';
import type { AppResources } from './app-secret';

/** A background process of an app: the app's image with another command, no port and no route. */
export interface AppWorker {
  /** Its name, unique in the app (an RFC 1035 label); its pods are `<app>-<name>`. */
  readonly name: string;
  /** The command it runs (the image's entrypoint is replaced). */
  readonly command: readonly string[];
  /**
   * How many pods run it (0–100).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Its CPU and memory.
   * @default - the app's
   */
  readonly resources?: AppResources;
}

/** A scheduled job of an app: the app's image with another command, run on a schedule. */
export interface AppCronJob {
  /** Its name, unique in the app (an RFC 1035 label); its CronJob is `<app>-<name>`. */
  readonly name: string;
  /** When it runs: five cron fields (minute hour day-of-month month day-of-week), or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`. */
  readonly schedule: string;
  /** The command it runs. */
  readonly command: readonly string[];
  /**
   * The IANA time zone of the schedule.
   * @default "Etc/UTC"
   */
  readonly timeZone?: string;
  /**
   * Whether a run may start while the previous one still runs: `Forbid` skips it, `Replace` stops the previous one.
   * @default "Forbid"
   */
  readonly concurrencyPolicy?: 'Forbid' | 'Allow' | 'Replace';
  /**
   * Finished runs kept (for their logs).
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed runs kept.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Seconds a run may take before it is stopped and fails.
   * @default 3600
   */
  readonly timeoutSeconds?: number;
  /**
   * Its CPU and memory.
   * @default - the app's
   */
  readonly resources?: AppResources;
}

/** A command that must succeed before each new version of the app rolls out (database migrations). */
export interface AppRelease {
  /** The command (the app's image, secrets and database). */
  readonly command: readonly string[];
  /**
   * Seconds it may take before the release fails (the new version then does not roll out).
   * @default 600
   */
  readonly timeoutSeconds?: number;
}

/** What a process shares with the app's web process. */
export interface SharedProcessParts {
  readonly image: string;
  readonly env: readonly WebserviceEnvVar[];
  readonly resources: Required<AppResources>;
  readonly writablePaths: readonly string[];
  readonly runAsUser?: number;
  readonly securityContext: SecurityContextProperties;
  readonly podSecurityContext: PodSecurityContextProperties;
}

/** One KubeVela component the processes facet adds. */
export interface ProcessComponent {
  readonly name: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly traits: readonly { readonly type: string; readonly properties: Record<string, unknown> }[];
}

/** The components the facet adds, and the workflow that runs the release first (when there is one). */
export interface ProcessParts {
  readonly components: readonly ProcessComponent[];
  /** The release component's name, when the app has a release step. */
  readonly release?: string;
  /** Pods of the workers (for the namespace's quota). */
  readonly workerPods: number;
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
 * Checks an app's workers, scheduled jobs and release step, and returns their
 * components: workers through KubeVela's `worker` with the app's security
 * traits; scheduled jobs and the release step through the platform's
 * `paved-cron-job` and `paved-release-job` (restricted pods by construction).
 * Each shares the app's image, environment (plain values, secrets, database,
 * buckets) and writable paths.
 *
 * @internal the processes facet of AppConstruct
 */
export function processParts(
  check: PropChecker,
  app: string,
  shared: SharedProcessParts,
  workers: readonly AppWorker[],
  cronJobs: readonly AppCronJob[],
  release: AppRelease | undefined,
): ProcessParts {
  const components: ProcessComponent[] = [];
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
  const env = shared.env.length > 0 ? { env: shared.env } : {};
  const securityTraits = [
    { type: 'securitycontext', properties: { ...shared.securityContext } },
    { type: 'podsecuritycontext', properties: { ...shared.podSecurityContext } },
  ];
  const jobBase = (r: Required<AppResources>, command: readonly string[]) => ({
    image: shared.image,
    cmd: [...command],
    ...env,
    cpu: r.cpu,
    memory: r.memory,
    writablePaths: [...shared.writablePaths],
    ...(shared.runAsUser !== undefined ? { runAsUser: shared.runAsUser } : {}),
  });
  let workerPods = 0;
  workers.forEach((w, i) => {
    const at = `workers[${i}]`;
    claim(at, w.name);
    checkCommand(check, at, w.command);
    const replicas = w.replicas ?? 1;
    check.check(Number.isInteger(replicas) && replicas >= 0 && replicas <= 100, `${at}.replicas`, w.replicas, 'an integer from 0 to 100');
    const r = resolveResources(check, `${at}.`, w.resources, shared.resources);
    workerPods += replicas;
    components.push({
      name: componentName(app, w.name),
      type: 'worker',
      properties: {
        image: shared.image,
        cmd: [...w.command],
        ...env,
        cpu: r.cpu,
        memory: r.memory,
        ...(shared.writablePaths.length > 0 ? { volumeMounts: { emptyDir: shared.writablePaths.map((mountPath, j) => ({ name: `writable-${j}`, mountPath })) } } : {}),
      },
      traits: [{ type: 'scaler', properties: { replicas } }, ...securityTraits],
    });
  });
  cronJobs.forEach((c, i) => {
    const at = `cronJobs[${i}]`;
    claim(at, c.name);
    checkCommand(check, at, c.command);
    const problem = typeof c.schedule === 'string' ? cronProblem(c.schedule) : 'a string';
    check.check(problem === undefined, `${at}.schedule`, c.schedule, `a cron schedule: ${problem ?? ''} (e.g. "*/15 * * * *", "0 3 * * MON" or "@daily")`);
    if (c.timeZone !== undefined) check.check(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(c.timeZone), `${at}.timeZone`, c.timeZone, 'an IANA time zone such as "Europe/Paris"');
    if (c.concurrencyPolicy !== undefined) check.check(['Forbid', 'Allow', 'Replace'].includes(c.concurrencyPolicy), `${at}.concurrencyPolicy`, c.concurrencyPolicy, 'one of Forbid, Allow, Replace');
    const limit = (field: 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit') => {
      const v = c[field];
      if (v !== undefined) check.check(Number.isInteger(v) && v >= 0 && v <= 10, `${at}.${field}`, v, 'an integer from 0 to 10');
    };
    limit('successfulJobsHistoryLimit');
    limit('failedJobsHistoryLimit');
    const timeout = c.timeoutSeconds ?? 3600;
    check.check(Number.isInteger(timeout) && timeout >= 60 && timeout <= 86400, `${at}.timeoutSeconds`, c.timeoutSeconds, 'an integer from 60 to 86400');
    const r = resolveResources(check, `${at}.`, c.resources, shared.resources);
    components.push({
      name: componentName(app, c.name),
      type: CRON_JOB_COMPONENT,
      properties: {
        schedule: c.schedule,
        timeZone: c.timeZone ?? 'Etc/UTC',
        concurrencyPolicy: c.concurrencyPolicy ?? 'Forbid',
        successfulJobsHistoryLimit: c.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: c.failedJobsHistoryLimit ?? 1,
        ...jobBase(r, c.command),
        activeDeadlineSeconds: timeout,
        backoffLimit: 2,
      },
      traits: [],
    });
  });
  let releaseName: string | undefined;
  if (release) {
    checkCommand(check, 'release', release.command);
    const timeout = release.timeoutSeconds ?? 600;
    check.check(Number.isInteger(timeout) && timeout >= 30 && timeout <= 7200, 'release.timeoutSeconds', release.timeoutSeconds, 'an integer from 30 to 7200');
    releaseName = componentName(app, 'release');
    components.push({ name: releaseName, type: RELEASE_JOB_COMPONENT, properties: { ...jobBase(shared.resources, release.command), activeDeadlineSeconds: timeout, backoffLimit: 0 }, traits: [] });
  }
  return { components, ...(releaseName ? { release: releaseName } : {}), workerPods };
}
