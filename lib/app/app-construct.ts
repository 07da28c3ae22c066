import { Construct } from 'constructs';
import { velaApplication } from '../k8s/app-objects';
import { applicationFootprint } from '../k8s/app-footprint';
import { commonLabels } from '../k8s/labels';
import { type ITeamScope, PlatformEnvironment } from '../k8s/platform-environment';
import type { Team } from '../org/team';
import { placeIn } from '../private/placement';
import { PavedValidationError, PropChecker } from '../private/problems';
import type { AppCatalogEntry } from './app-catalog';
import { FACETS } from './app-facets';
import type { AppConstructProps } from './app-props';
import { pickCatalogProps } from './facets/catalog';
import { type AppParts, EnvNames, type FacetContext, NO_PARTS, addParts } from './facets/facet';
import { appSecretName } from './facets/secrets';

export type { AppConstructProps } from './app-props';
export { APP_NAME_MAX_LENGTH } from './facets/identity';
export { DEFAULT_CPU, DEFAULT_MEMORY } from './facets/resources';

/**
 * One team app: a KubeVela `Application` with a `webservice` component in the
 * team's namespace, made Pod-Security-"restricted" by its traits, with an
 * optional public route (`gateway`), and an `ExternalSecret` that copies the
 * app's secrets from the team's store into a Secret the app reads as env vars.
 * Each part comes from one facet (`lib/app/facets/`, listed in `FACETS`); the
 * Application is rendered from the facets' parts when the tree is rendered.
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
  private readonly envNames = new EnvNames();
  /** The environment variables the platform added after construction (the URLs of the apps it calls). */
  private readonly addedEnv: { readonly name: string; readonly value: string }[] = [];

  constructor(scope: Construct, id: string, props: AppConstructProps) {
    super(scope, uniqueAppId(scope, id, props.team));
    const check = new PropChecker(this.node.path);
    const platform = PlatformEnvironment.of(this);
    const teamScope = this.resolveTeamScope(check, platform, props.team);
    this.name = id;
    this.team = props.team;
    this.namespace = props.namespace ?? props.team.namespace;
    this.domain = props.domain;
    this.port = props.port;
    this.hasDatabase = props.database !== undefined;

    // every facet checks its props and adds its parts, in FACETS' order; all problems of the app are thrown together
    const base = { app: id, scope: this, check, platform, environment: platform.environment, teamScope, namespace: this.namespace, envNames: this.envNames };
    const parts = FACETS.reduce<AppParts>((sum, { facet }) => addParts(sum, facet(props, { ...base, parts: sum } satisfies FacetContext)), NO_PARTS);
    check.throwIfAny();
    this.calls = parts.service.calls ?? [];
    this.callableBy = parts.service.callableBy ?? [];
    this.scraped = parts.service.scraped ?? false;
    this.catalog = this.catalogEntry(props, parts);
    this.secretName = (props.secrets ?? []).length > 0 ? appSecretName(id) : undefined;

    // --- objects
    placeIn(this, `teams/${props.team.name}/apps/${id}`);
    const labels = { ...commonLabels(props.team), 'app.kubernetes.io/name': id };
    const properties = { ...parts.properties, ...(parts.env.length > 0 ? { env: parts.env } : {}) };
    const components = [{ name: id, type: 'webservice', properties, traits: parts.traits }, ...parts.components];
    // what the app asks of its namespace's quota: counted from its components, as a proposed Application's are
    teamScope?._addFootprint(this.namespace, { app: id, ...applicationFootprint({ spec: { components } }).footprint });
    const annotations = Object.keys(parts.annotations).length ? { annotations: { ...parts.annotations } } : {};
    velaApplication(this, 'Application', { name: id, namespace: this.namespace, labels, ...annotations, spec: () => ({ components, steps: parts.steps, addedEnv: this.addedEnv }) });
    for (const objects of parts.objects) objects(this, labels);
  }

  /**
   * @internal called by the service graph: adds an environment variable to
   * every process of the app; returns why it cannot, if a variable of that
   * name is already set.
   */
  public _addEnv(name: string, value: string): string | undefined {
    if (!this.envNames.claim(name)) return `a call whose variable ${name} is not already set by \`env\`, \`secrets\` or the app's infrastructure`;
    this.addedEnv.push({ name, value });
    return undefined;
  }

  private catalogEntry(props: AppConstructProps, { catalog, infrastructure }: AppParts): AppCatalogEntry {
    const env = PlatformEnvironment.of(this).environment;
    return {
      ...pickCatalogProps(catalog),
      app: this.name,
      team: props.team.name,
      environment: env.name,
      production: env.production,
      namespace: this.namespace,
      domain: props.domain,
      port: props.port,
      image: catalog.image ?? '',
      apis: catalog.apis ?? [],
      infrastructure: [...infrastructure],
      ...(catalog.calls ? { calls: catalog.calls } : {}),
      ...(catalog.singleInstanceReason ? { singleInstanceReason: catalog.singleInstanceReason } : {}),
      ...(catalog.monitored ? { monitored: true } : {}),
    };
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
