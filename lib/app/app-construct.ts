import { Construct } from 'constructs';
import { type ApiObject, JsonPatch } from 'cdk8s';
import { appExternalSecret, velaApplication } from '../k8s/app-objects';
import { applicationFootprint } from '../k8s/app-footprint';
import { commonLabels } from '../k8s/labels';
import { type ITeamScope, PlatformEnvironment } from '../k8s/platform-environment';
import type { Team } from '../org/team';
import type { PodSecurityContextProperties, SecurityContextProperties, TraitSpec, WebserviceEnvVar, WebserviceProperties } from '../private/kubevela';
import { isConfigKey, isDns1035Label, isDns1123Label, isDuration, isEnvVarName, parseImage } from '../private/names';
import { placeIn } from '../private/placement';
import { PavedValidationError, PropChecker } from '../private/problems';
import { ObjectBucket } from '../crossplane/object-bucket';
import { PostgreSQLInstance } from '../crossplane/postgresql';
import type { DatabaseSize } from '../org/environment';
import { allowedImages, imageAllowed } from '../org/image-policy';
import { releaseRecordFile } from '../org/release-records';
import { type AppCatalogEntry, type AppCatalogProps, type AppInfrastructure, checkCatalogProps } from './app-catalog';
import { type AppResources, type AppSecret, SecretMetadataPolicy } from './app-secret';
import { routeTrait } from './app-route';
import { describeSecret, plainEnvProblem, scanValue, secretAdvice } from '../private/secret-values';
import { type AppHealth, healthParts } from './app-health';
import { resolveResources } from './app-resources';
import { checkKnownProps } from '../private/known-props';
import { type AppMetrics, AppMonitoring, checkMonitoring } from '../monitoring/app-monitoring';
import type { AppAlerting } from '../monitoring/app-alerts';
import { type AppAutoscaling, scalingParts } from './app-scaling';
import { type AppCronJob, type AppRelease, type AppWorker, processParts } from './app-processes';
import { type AppCall, dependencyAnnotations } from './app-dependencies';
import { compareStrings } from '../private/compare';

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

export { DEFAULT_CPU, DEFAULT_MEMORY } from './app-resources';

/** Every prop of {@link AppConstructProps} (the compiler holds this list to the interface). */
const APP_CONSTRUCT_PROPS: Readonly<Record<keyof AppConstructProps, true>> = {
  team: true,
  image: true,
  port: true,
  domain: true,
  env: true,
  secrets: true,
  replicas: true,
  autoscaling: true,
  health: true,
  workers: true,
  cronJobs: true,
  release: true,
  calls: true,
  callableBy: true,
  singleInstanceReason: true,
  metrics: true,
  alerts: true,
  resources: true,
  writablePaths: true,
  secretRefreshInterval: true,
  runAsUser: true,
  namespace: true,
  database: true,
  buckets: true,
  description: true,
  tags: true,
  links: true,
  lifecycle: true,
  apis: true,
  repository: true,
};
/** The longest app name: derived names (`<app>-secrets`) must stay RFC 1035 labels. */
export const APP_NAME_MAX_LENGTH = 55;

/**
 * One team app: a KubeVela `Application` with a `webservice` component in the
 * team's namespace, made Pod-Security-"restricted" by its traits, with an
 * optional public route (`gateway`), and an `ExternalSecret` that copies the
 * app's secrets from the team's store into a Secret the app reads as env vars.
 *
 * Create it inside the team scope the platform hands to app definitions:
 *
 * ```ts
 * export const myApp: AppDefinition = (scope) =>
 *   new AppConstruct(scope, 'my-app', { team: scope.team, image: 'my-app:1.0.0', port: 8080 });
 * ```
 */
export class AppConstruct extends Construct {
  /** The app's name (its construct id). */
  public readonly name: string;
  /** The owning team. */
  public readonly team: Team;
  /** The namespace the app runs in. */
  public readonly namespace: string;
  /** The public host name, if any. */
  public readonly domain?: string;
  /** The name of the Secret that holds the app's secrets, if it has any. */
  public readonly secretName?: string;
  /** What the catalog says about the app in this environment. */
  public readonly catalog: AppCatalogEntry;
  /** `team/app` of the apps it calls. */
  public readonly calls: readonly string[];
  /** The other teams that may call it. */
  public readonly callableBy: readonly string[];
  /** The port the app listens on. */
  public readonly port: number;
  /** Whether it has a database of the platform's. */
  public readonly hasDatabase: boolean;
  /** Whether Prometheus scrapes it here (it declares metrics, and the environment runs the monitoring stack). */
  public readonly scraped: boolean;
  private readonly application: ApiObject;
  private readonly envNames: Set<string>;
  private readonly addedEnv = new Set<number>();
  private componentProperties: readonly { readonly env?: unknown }[] = [];

  constructor(scope: Construct, id: string, props: AppConstructProps) {
    super(scope, uniqueAppId(scope, id, props.team));
    const check = new PropChecker(this.node.path);
    const platform = PlatformEnvironment.of(this);
    const env = platform.environment;

    const teamScope = this.resolveTeamScope(check, platform, props.team);
    this.name = id;
    this.team = props.team;
    this.namespace = props.namespace ?? props.team.namespace;
    check.check(props.team.namespaces.includes(this.namespace), 'namespace', props.namespace, `one of team ${props.team.name}'s namespaces (${props.team.namespaces.join(', ')})`);
    this.domain = props.domain;
    this.port = props.port;
    this.hasDatabase = props.database !== undefined;
    const dependencies = dependencyAnnotations(check, platform.org, props.team, id, props.calls, props.callableBy);
    this.calls = dependencies.calls;
    this.callableBy = dependencies.callableBy;

    // --- validation: every problem of this app, together
    checkKnownProps(check, props, APP_CONSTRUCT_PROPS, 'AppConstruct');
    if (check.check(isDns1035Label(id, APP_NAME_MAX_LENGTH), 'id', id, `an RFC 1035 label of at most ${APP_NAME_MAX_LENGTH} characters: lower-case letters, digits and "-", starting with a letter`)) {
      const first = platform._claimAppName(props.team, id, this.node.path);
      check.check(first === undefined, 'id', id, `a name no other app of team ${props.team.name} has in environment ${env.name} (already used by ${first})`);
    }
    check.check(Number.isInteger(props.port) && props.port >= 1 && props.port <= 65535, 'port', props.port, 'an integer from 1 to 65535');
    const imageRef = appImage(check, platform, props.team, id, props.image);
    const health = healthParts(check, props.health ?? {}, props.port);
    const route = props.domain === undefined ? undefined : routeTrait(check, platform, props.team, props.domain, props.port, this.node.path, health.readinessPath);
    const scaling = scalingParts(
      check,
      {
        replicas: props.replicas,
        autoscaling: props.autoscaling,
        singleInstanceReason: props.singleInstanceReason,
        explicitCpu: props.resources?.cpu !== undefined,
        explicitMemory: props.resources?.memory !== undefined,
        hasRoute: props.domain !== undefined,
      },
      env,
      id,
    );
    const resources = resolveResources(check, '', props.resources);
    const writablePaths = props.writablePaths ?? ['/tmp'];
    writablePaths.forEach((p, i) => {
      check.check(/^\/[^\0]*$/.test(p) && p !== '/' && !p.split('/').includes('..'), `writablePaths[${i}]`, p, 'an absolute path other than "/", without ".."');
      check.check(writablePaths.indexOf(p) === i, `writablePaths[${i}]`, p, 'a path not listed twice');
    });
    const refresh = props.secretRefreshInterval ?? '1h';
    check.check(isDuration(refresh), 'secretRefreshInterval', refresh, 'a Go duration such as "1m", "1h" or "1h30m"');
    if (props.runAsUser !== undefined) {
      check.check(Number.isInteger(props.runAsUser) && props.runAsUser > 0 && props.runAsUser <= 2147483647, 'runAsUser', props.runAsUser, 'a non-root user id: an integer from 1 to 2147483647');
    }

    const plainEnv = props.env ?? {};
    const secrets = props.secrets ?? [];
    const envNames = new Set<string>();
    this.envNames = envNames;
    for (const [name, value] of Object.entries(plainEnv)) {
      // a secret in a plain variable (its value, or even its name) would land in Git: refused, without repeating it
      const nameLeak = scanValue(name);
      if (!check.check(nameLeak.length === 0, 'env', `<redacted: ${name.length} characters>`, `variable names that are not secrets (one holds ${nameLeak.map(describeSecret).join(' and ')})`))
        continue;
      check.check(isEnvVarName(name), `env.${name}`, name, 'an environment variable name: letters, digits and "_", not starting with a digit');
      check.check(typeof value === 'string', `env.${name}`, value, 'a string');
      const leak = typeof value === 'string' ? plainEnvProblem(name, value) : undefined;
      check.check(leak === undefined, `env.${name}`, `<redacted: ${String(value).length} characters>`, `a value that is not a secret (${leak ?? ''}): ${secretAdvice(props.team.secretPrefix)}`);
      envNames.add(name);
    }
    const secretKeys = new Set<string>();
    const secretEnv: WebserviceEnvVar[] = [];
    const secretName = `${id}-secrets`;
    secrets.forEach((s, i) => {
      const at = `secrets[${i}]`;
      if (check.check(isConfigKey(s.name), `${at}.name`, s.name, 'a Secret key: letters, digits, "-", "_" and "."')) {
        check.check(!secretKeys.has(s.name), `${at}.name`, s.name, 'a name no other secret of this app has');
        secretKeys.add(s.name);
      }
      check.check(props.team.ownsSecretKey(s.key), `${at}.key`, s.key, `a Secrets Manager name under team ${props.team.name}'s prefix "${props.team.secretPrefix}"`);
      if (s.property !== undefined) check.check(s.property.length > 0, `${at}.property`, s.property, 'a non-empty property or tag name');
      if (s.metadataPolicy !== undefined) {
        check.check(Object.values(SecretMetadataPolicy).includes(s.metadataPolicy), `${at}.metadataPolicy`, s.metadataPolicy, `one of ${Object.values(SecretMetadataPolicy).join(', ')}`);
      }
      const envVar = s.envVar ?? s.name.toUpperCase().replace(/[-.]/g, '_');
      if (check.check(isEnvVarName(envVar), `${at}.envVar`, envVar, 'an environment variable name: letters, digits and "_", not starting with a digit')) {
        check.check(!envNames.has(envVar), `${at}.envVar`, envVar, 'a variable not already set by `env` or another secret');
        envNames.add(envVar);
      }
      secretEnv.push({ name: envVar, valueFrom: { secretKeyRef: { name: secretName, key: s.name } } });
    });
    const catalogProps = checkCatalogProps(check, id, props, platform.org.gitops.repoURL);
    // --- infrastructure the app asks for: composite resources in its namespace
    const infraEnv: WebserviceEnvVar[] = [];
    const infrastructure: AppInfrastructure[] = [];
    const addInfra = (create: () => void) => {
      try {
        create();
      } catch (e) {
        if (e instanceof PavedValidationError) check.addAll(e.problems);
        else throw e;
      }
    };
    if (props.database) {
      const database = props.database;
      const conn = `${id}-db-conn`;
      addInfra(() => {
        const db = new PostgreSQLInstance(this, `${id}-db`, { namespace: this.namespace, team: props.team, size: database.size, storageGB: database.storageGB, connectionSecretName: conn });
        teamScope?._addCost(`${this.namespace}/${db.name} (PostgreSQLInstance)`, db.monthlyUsd);
        infrastructure.push({ name: db.name, type: 'database', kind: `${db.apiVersion}/${db.kind}`, summary: `PostgreSQL, ${db.size}, ${database.storageGB} GB` });
      });
      for (const [envVar, key] of [
        ['DB_HOST', 'address'],
        ['DB_PORT', 'port'],
        ['DB_USER', 'username'],
        ['DB_PASSWORD', 'password'],
      ] as const) {
        if (check.check(!envNames.has(envVar), 'database', envVar, `a database whose variable ${envVar} is not already set by \`env\` or \`secrets\``)) envNames.add(envVar);
        infraEnv.push({ name: envVar, valueFrom: { secretKeyRef: { name: conn, key } } });
      }
    }
    const bucketNames = new Set<string>();
    (props.buckets ?? []).forEach((b, i) => {
      if (!check.check(isDns1123Label(b.name, 20) && !bucketNames.has(b.name), `buckets[${i}].name`, b.name, 'an RFC 1123 label of at most 20 characters, unique within the app')) return;
      bucketNames.add(b.name);
      const envVar = `BUCKET_${b.name.toUpperCase().replace(/-/g, '_')}`;
      if (check.check(!envNames.has(envVar), `buckets[${i}].name`, b.name, `a bucket whose variable ${envVar} is not already set`)) envNames.add(envVar);
      addInfra(() => {
        const bucket = new ObjectBucket(this, `${id}-${b.name}`, { namespace: this.namespace, team: props.team, expectedSizeGB: b.expectedSizeGB });
        teamScope?._addCost(`${this.namespace}/${id}-${b.name} (ObjectBucket)`, bucket.monthlyUsd);
        infraEnv.push({ name: envVar, value: bucket.bucketName });
        infrastructure.push({ name: `${id}-${b.name}`, type: 'bucket', kind: `${bucket.apiVersion}/${bucket.kind}`, summary: `S3 bucket, about ${b.expectedSizeGB ?? 10} GB` });
      });
    });
    const env_: WebserviceEnvVar[] = [
      ...Object.entries(plainEnv)
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([name, value]) => ({ name, value })),
      ...secretEnv,
      ...infraEnv,
    ];
    const securityContext: SecurityContextProperties = {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      dropCapabilities: ['ALL'],
      ...(props.runAsUser !== undefined ? { runAsUser: props.runAsUser } : {}),
    };
    const podSecurityContext: PodSecurityContextProperties = {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      ...(props.runAsUser !== undefined ? { runAsUser: props.runAsUser } : {}),
    };
    const monitoring = checkMonitoring(
      check,
      props.port,
      platform.org.environments.map((e) => e.name),
      env.name,
      props.metrics,
      props.alerts,
      (props.team.alerting?.receivers ?? []).map((r) => r.name),
    );
    const processes = processParts(
      check,
      id,
      { image: imageRef, env: env_, resources, writablePaths, runAsUser: props.runAsUser, securityContext, podSecurityContext },
      props.workers ?? [],
      props.cronJobs ?? [],
      props.release,
    );
    check.throwIfAny();
    this.catalog = {
      ...pickCatalogProps(catalogProps),
      app: id,
      team: props.team.name,
      environment: env.name,
      production: env.production,
      namespace: this.namespace,
      domain: props.domain,
      port: props.port,
      image: imageRef,
      apis: catalogProps.apis?.map((a) => ({ ...a, name: a.name ?? id })) ?? [],
      infrastructure,
      ...(this.calls.length ? { calls: [...this.calls] } : {}),
      ...(env.production && scaling.minPods < 2 && props.singleInstanceReason ? { singleInstanceReason: props.singleInstanceReason } : {}),
      ...(env.monitoring ? { monitored: true } : {}),
    };

    // --- objects
    placeIn(this, `teams/${props.team.name}/apps/${id}`);
    this.secretName = secrets.length > 0 ? secretName : undefined;
    const labels = { ...commonLabels(props.team), 'app.kubernetes.io/name': id };

    if (secrets.length > 0 && teamScope) {
      appExternalSecret(this, 'ExternalSecret', {
        name: secretName,
        namespace: this.namespace,
        labels,
        refreshInterval: refresh,
        storeName: teamScope.secretStoreName,
        keys: secrets.map((s) => ({ secretKey: s.name, key: s.key, ...(s.property !== undefined ? { property: s.property } : {}), fetchMetadata: s.metadataPolicy === SecretMetadataPolicy.FETCH })),
      });
    }

    const properties: WebserviceProperties = {
      image: imageRef,
      ports: [{ port: props.port, name: 'http', protocol: 'TCP', expose: props.domain === undefined }],
      cpu: resources.cpu,
      memory: resources.memory,
      limit: { cpu: resources.cpuLimit, memory: resources.memoryLimit },
      ...(env_.length > 0 ? { env: env_ } : {}),
      ...(writablePaths.length > 0 ? { volumeMounts: { emptyDir: writablePaths.map((mountPath, i) => ({ name: `writable-${i}`, mountPath })) } } : {}),
      ...health.properties,
    };
    const traits: TraitSpec[] = [...scaling.traits, { type: 'securitycontext', properties: securityContext }, { type: 'podsecuritycontext', properties: podSecurityContext }];
    traits.push(...health.traits);
    if (route) traits.push({ type: 'gateway', properties: route });

    const components = [
      { name: id, type: 'webservice', properties, traits: traits.map((t) => ({ type: t.type, properties: t.properties })) },
      ...processes.components.map((c) => ({ name: c.name, type: c.type, properties: c.properties, traits: c.traits.map((t) => ({ type: t.type, properties: t.properties })) })),
    ];
    // what the app asks of its namespace's quota: counted from its components, as a proposed Application's are
    teamScope?._addFootprint(this.namespace, { app: id, ...applicationFootprint({ spec: { components } }).footprint });
    this.componentProperties = components.map((c) => c.properties as { env?: unknown });
    this.application = velaApplication(this, 'Application', {
      name: id,
      namespace: this.namespace,
      labels,
      ...(Object.keys(dependencies.annotations).length ? { annotations: dependencies.annotations } : {}),
      components,
      // with a release step: it runs first, and the rest rolls out only once it succeeded
      ...(processes.release !== undefined ? { steps: [processes.release, id, ...processes.components.map((c) => c.name).filter((n) => n !== processes.release)] } : {}),
    });
    // scraped, alerted and dashboarded where the environment runs the monitoring stack
    if (env.monitoring) new AppMonitoring(this, 'Monitoring', { app: id, team: props.team.name, namespace: this.namespace, labels, parts: monitoring });
    this.scraped = env.monitoring && monitoring.metrics !== undefined;
  }

  /**
   * @internal called by the service graph: adds an environment variable to
   * every process of the app; returns why it cannot, if a variable of that
   * name is already set.
   */
  public _addEnv(name: string, value: string): string | undefined {
    if (this.envNames.has(name)) return `a call whose variable ${name} is not already set by \`env\`, \`secrets\` or the app's infrastructure`;
    this.envNames.add(name);
    this.componentProperties.forEach((properties, i) => {
      const hasEnv = Array.isArray(properties.env) || this.addedEnv.has(i);
      this.application.addJsonPatch(hasEnv ? JsonPatch.add(`/spec/components/${i}/properties/env/-`, { name, value }) : JsonPatch.add(`/spec/components/${i}/properties/env`, [{ name, value }]));
      this.addedEnv.add(i);
    });
    return undefined;
  }

  private resolveTeamScope(check: PropChecker, platform: PlatformEnvironment, team: Team): ITeamScope | undefined {
    const enclosing = [...this.node.scopes].reverse().find((s): s is ITeamScope & Construct => s !== this && isTeamScope(s));
    if (enclosing && enclosing.team !== team) {
      check.fail('team', team.name, `the team whose scope the app is defined in (${enclosing.team.name}): an app cannot be placed in another team's namespace`);
      return undefined;
    }
    const ns = platform.teamScope(team);
    check.check(ns !== undefined, 'team', team.name, `a team onboarded in environment ${platform.environment.name} (${platform.org.teams.map((t) => t.name).join(', ')})`);
    return ns;
  }
}

/** Only the catalog props, without undefined fields. */
function pickCatalogProps(p: AppCatalogProps): AppCatalogProps {
  const out: { -readonly [K in keyof AppCatalogProps]: AppCatalogProps[K] } = {};
  if (p.description !== undefined) out.description = p.description;
  if (p.tags !== undefined) out.tags = [...p.tags];
  if (p.links !== undefined) out.links = p.links.map((l) => ({ ...l }));
  if (p.lifecycle !== undefined) out.lifecycle = p.lifecycle;
  if (p.repository !== undefined) out.repository = p.repository;
  return out;
}

/** Fails, as the other name rules do, when the scope already holds an app of that name. */
function uniqueAppId(scope: Construct, id: string, team: Team): string {
  const existing = scope.node.tryFindChild(id);
  if (existing) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    throw new PavedValidationError([{ path, prop: 'id', value: id, allowed: `a name no other app of team ${team.name} has in this scope (already used by ${existing.node.path})` }]);
  }
  return id;
}

function isTeamScope(c: unknown): c is ITeamScope {
  return typeof c === 'object' && c !== null && 'team' in c && 'namespaces' in c && 'secretStoreName' in c && '_addFootprint' in c;
}

/**
 * The image an app runs in its environment: its release record's, when it has
 * one (`paved release`), else its `image` prop, checked against the
 * environment's image policy.
 */
function appImage(check: PropChecker, platform: PlatformEnvironment, team: Team, app: string, prop: string | undefined): string {
  const env = platform.environment;
  const record = platform.releaseOf(team.name, app);
  if (!record && env.promotion.requireRecords) {
    check.fail(
      'image',
      prop,
      `a release record ${releaseRecordFile(team.name, app, env.name)} (paved release or promote): environment ${env.name} takes builds from release records only (promotion.requireRecords), so none reaches it around the release gates; or the app left out of ${env.name} until it has one (if (!scope.releaseOf('${app}')) return;)`,
    );
    return '';
  }
  const image = record?.image ?? prop;
  const at = record ? `image (from ${record.file})` : 'image';
  if (image === undefined) {
    check.fail(
      'image',
      prop,
      `an image, or a release record ${releaseRecordFile(team.name, app, env.name)} (paved release or promote), or the app left out of ${env.name} until it has one (if (!scope.releaseOf('${app}')) return;)`,
    );
    return '';
  }
  const ref = typeof image === 'string' ? parseImage(image) : undefined;
  if (!ref) {
    check.fail(at, image, 'an image reference such as "registry.example.com/team/app:1.2.3" or "app@sha256:<64 lower-case hex digits>"');
  } else {
    check.check(ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest'), at, image, 'an image pinned by a tag other than "latest" or by a digest');
    // (a record's image is checked against the policy with the records, once)
    if (!record) check.check(imageAllowed(image, env.images), at, image, `${allowedImages(env.images)} (environment ${env.name}'s image policy)`);
  }
  return image;
}
