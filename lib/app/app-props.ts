import type { AppAlerting } from '../monitoring/app-alerts';
import type { AppMetrics } from '../monitoring/app-monitoring';
import type { DatabaseSize } from '../org/environment';
import type { Team } from '../org/team';
import type { AppCatalogProps } from './app-catalog';

/*
 * What a team says about an app: the props of AppConstruct and the types they use. Each facet of the app
 * (lib/app/facets/) reads its own props from here.
 */

/**
 * Props of {@link AppConstruct}: everything a team says about one app. The
 * catalog props ({@link AppCatalogProps}: description, tags, links, lifecycle,
 * APIs, repository) describe it in Backstage and the service index; they must
 * be the same in every environment.
 */
export interface AppConstructProps extends AppCatalogProps {
  /** The team that owns the app; the app lives in the team's namespace. */
  readonly team: Team;

  /**
   * The container image, with a tag other than `latest` or a digest
   * (`registry.example.com/payments/api:1.4.2`, `...@sha256:...`). Where the
   * app has a release record in the environment
   * (`releases/<team>/<app>/<env>.yaml`, written by `paved release`,
   * `paved promote` and `paved rollback`), the record's image runs instead.
   * @default - the app's release record in the environment (one is then required)
   */
  readonly image?: string;

  /** The port the container listens on (1–65535). */
  readonly port: number;

  /**
   * A public route to the app over HTTPS: a host name in the zone the
   * environment serves for the team (in production the team's zone, e.g.
   * `orders.payments.example.com`; elsewhere the environment's subdomain of it,
   * e.g. `orders.staging.payments.example.com`), at most one label below it,
   * and no other app's in the environment. The platform gives it a DNS record,
   * a certificate, HTTP→HTTPS redirection and the shared load balancer.
   * @default - no public route; the app is reachable inside the cluster only
   */
  readonly domain?: string;

  /**
   * Plain environment variables (never secrets: use `secrets`).
   * @default {}
   */
  readonly env?: Record<string, string>;

  /**
   * Secrets from AWS Secrets Manager, exposed to the app as environment variables.
   * @default []
   */
  readonly secrets?: readonly AppSecret[];

  /**
   * How many pods run the app (0–100); not with `autoscaling`.
   * @default - 2 in production, 1 elsewhere
   */
  readonly replicas?: number;

  /**
   * Scale the app's pods with their CPU (and memory) use.
   * @default - no autoscaling: `replicas` pods
   */
  readonly autoscaling?: AppAutoscaling;

  /**
   * How the platform checks that a pod is ready and alive, and how long a
   * stopping pod keeps serving.
   * @default - ready when it accepts TCP connections on `port`; 15 s to drain on stop
   */
  readonly health?: AppHealth;

  /**
   * Background processes: the app's image with another command (queue
   * consumers…), no port and no route, with the app's environment, secrets
   * and database.
   * @default []
   */
  readonly workers?: readonly AppWorker[];

  /**
   * Scheduled jobs: the app's image with another command, on a cron schedule,
   * with the app's environment, secrets and database.
   * @default []
   */
  readonly cronJobs?: readonly AppCronJob[];

  /**
   * A command that must succeed before each new version of the app (and its
   * workers and jobs) rolls out, e.g. database migrations: the release fails,
   * and the running version stays, when it fails.
   * @default - no release step
   */
  readonly release?: AppRelease;

  /**
   * The apps this app calls inside the cluster (its own team's, or another
   * team's that lists this app's team in its `callableBy`). Each is reachable
   * on its port from this app's pods, and nothing else is: the app reads each
   * one's URL from `<APP>_URL` (e.g. `SEARCH_API_URL`), and the catalog lists
   * the dependency.
   * @default [] (the app reaches no other app)
   */
  readonly calls?: readonly AppCall[];

  /**
   * Other teams whose apps may call this one (they still declare it in their `calls`).
   * @default [] (only the app's own team)
   */
  readonly callableBy?: readonly string[];

  /**
   * Why one pod is enough in production (an internal tool, a singleton
   * consumer…): lets a production app run one pod, without a disruption
   * budget. Shown in the catalog.
   * @default - none: a production app runs at least 2 pods, spread over zones, with a PodDisruptionBudget
   */
  readonly singleInstanceReason?: string;

  /**
   * What the app exports for Prometheus: its port (the app's) and path, and the
   * names of its HTTP metrics for the error-rate and latency alerts. Declared,
   * the app gets a ServiceMonitor and those alerts and panels.
   * @default - not scraped (the default alerts and the dashboard from the cluster's own metrics still apply)
   */
  readonly metrics?: AppMetrics;

  /**
   * Its alerts: the default ones' thresholds (per environment too) and the team's own.
   * @default - the default alerts with DEFAULT_ALERT_THRESHOLDS
   */
  readonly alerts?: AppAlerting;

  /**
   * CPU and memory of the app's container.
   * @default - 100m CPU and 128Mi memory, limits equal to requests
   */
  readonly resources?: AppResources;

  /**
   * Paths the app may write to: each gets an empty, pod-local volume, because the
   * root file system is read-only.
   * @default ["/tmp"]
   */
  readonly writablePaths?: readonly string[];

  /**
   * How often External Secrets refreshes the app's secrets (a Go duration).
   * @default "1h"
   */
  readonly secretRefreshInterval?: string;

  /**
   * The user id the container runs as (never 0).
   * @default - the image's own user, which must not be root
   */
  readonly runAsUser?: number;

  /**
   * The namespace the app runs in: one of the team's.
   * @default - the team's first namespace
   */
  readonly namespace?: string;

  /**
   * A PostgreSQL database of the platform's, in the app's namespace; the app
   * reads it through DB_HOST, DB_PORT, DB_USER and DB_PASSWORD.
   * @default - no database
   */
  readonly database?: AppDatabase;

  /**
   * Object buckets of the platform's; the app reads each bucket's name from
   * `BUCKET_<NAME>` (upper case, '-' as '_').
   * @default []
   */
  readonly buckets?: readonly AppBucket[];
}

/** A database an app asks for. */
export interface AppDatabase {
  /**
   * The size (the environment decides which are allowed).
   * @default - the smallest size the environment allows
   */
  readonly size?: DatabaseSize;
  /** Allocated storage in GB, within the environment's range. */
  readonly storageGB: number;
}

/** A bucket an app asks for. */
export interface AppBucket {
  /** Its short name, unique within the app (an RFC 1123 label). */
  readonly name: string;
  /**
   * What the app expects to store, in GB (for the budget).
   * @default 10
   */
  readonly expectedSizeGB?: number;
}

/** What External Secrets fetches for a secret reference. */
export enum SecretMetadataPolicy {
  /** The secret's value (or one property of it). */
  NONE = 'None',
  /** The secret's tags: all as JSON, or one tag when `property` is given. */
  FETCH = 'Fetch',
}

/**
 * A reference from an app to a secret in AWS Secrets Manager. The value never
 * enters Git: External Secrets copies it into a Kubernetes Secret in the
 * team's namespace, and the app reads it as an environment variable.
 */
export interface AppSecret {
  /**
   * The key in the app's Kubernetes Secret (letters, digits, '-', '_' and '.').
   */
  readonly name: string;

  /**
   * The secret's name in AWS Secrets Manager; it must lie under the team's
   * secret prefix (e.g. `teams/payments/friendslist`).
   */
  readonly key: string;

  /**
   * One property of a JSON secret (e.g. `name.first`), or one tag when
   * `metadataPolicy` is `FETCH`.
   * @default - the whole secret (or all tags, as JSON)
   */
  readonly property?: string;

  /**
   * Whether to read the secret's value or its tags.
   * @default SecretMetadataPolicy.NONE
   */
  readonly metadataPolicy?: SecretMetadataPolicy;

  /**
   * The environment variable the app reads the value from.
   * @default - `name` in upper case, with '-' and '.' turned into '_' (`my_name` → `MY_NAME`)
   */
  readonly envVar?: string;
}

/** CPU and memory of an app's container. */
export interface AppResources {
  /**
   * CPU requested, in cores (`0.5`) or millicores (`250m`).
   * @default "100m"
   */
  readonly cpu?: string;

  /**
   * Memory requested (`128Mi`, `1Gi`).
   * @default "128Mi"
   */
  readonly memory?: string;

  /**
   * CPU limit; at least `cpu`.
   * @default - equal to `cpu`
   */
  readonly cpuLimit?: string;

  /**
   * Memory limit; at least `memory`.
   * @default - equal to `memory`
   */
  readonly memoryLimit?: string;
}

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

/** Scaling an app's pods with their CPU (and memory) use, through a HorizontalPodAutoscaler. */
export interface AppAutoscaling {
  /** The fewest pods (at least 2 in production, unless `singleInstanceReason`). */
  readonly minReplicas: number;
  /** The most pods (at most 100). */
  readonly maxReplicas: number;
  /**
   * The average CPU use, in percent of the CPU request, the autoscaler keeps
   * the pods at (needs `resources.cpu`).
   * @default 70
   */
  readonly cpuPercent?: number;
  /**
   * The average memory use, in percent of the memory request, also kept
   * (needs `resources.memory`).
   * @default - CPU only
   */
  readonly memoryPercent?: number;
}

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

/** An app another app calls, inside the cluster. */
export interface AppCall {
  /** The called app's name. */
  readonly app: string;
  /**
   * The called app's team; calling another team's app needs its consent (its `callableBy`).
   * @default - the caller's own team
   */
  readonly team?: string;
}
