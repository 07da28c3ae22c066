import type { Construct } from 'constructs';
import type { VelaComponent, VelaTrait } from '../../k8s/app-objects';
import type { ITeamScope, PlatformEnvironment } from '../../k8s/platform-environment';
import type { ServiceNode } from '../../k8s/service-graph';
import type { Environment } from '../../org/environment';
import type { WebserviceEnvVar, WebserviceProperties } from '../../private/kubevela';
import { PavedValidationError, type PropChecker } from '../../private/problems';
import type { AppCatalogEntry, AppInfrastructure } from '../app-catalog';
import type { AppConstructProps } from '../app-props';

/**
 * One facet of an app (its image, its secrets, its route...): it checks its props, reporting every problem to
 * `ctx.check`, and returns its parts. AppConstruct runs the facets of {@link FACETS} in their order and composes
 * their parts into the app's KubeVela Application and the objects beside it.
 * @internal
 */
export type Facet = (props: AppConstructProps, ctx: FacetContext) => FacetResult;

/** What a facet knows of the app it is part of. @internal */
export interface FacetContext {
  /** The app's name (its construct id). */
  readonly app: string;
  /** The app's construct: the scope of the objects a facet creates. */
  readonly scope: Construct;
  /** Where every facet reports its problems (the construct throws them together, after the last facet). */
  readonly check: PropChecker;
  readonly platform: PlatformEnvironment;
  readonly environment: Environment;
  /** The team's scope in the environment (none when the team is not onboarded there: a problem already). */
  readonly teamScope?: ITeamScope;
  /** The namespace the app runs in. */
  readonly namespace: string;
  /** The environment variables set so far (by the facets before, and later by the service graph). */
  readonly envNames: EnvNames;
  /** The parts of the facets that ran before this one. */
  readonly parts: AppParts;
}

/** The parts a facet adds to the app; every field may be left out. @internal */
export interface FacetResult {
  /** Environment variables of every process of the app (its web process, workers and jobs), in this order. */
  readonly env?: readonly WebserviceEnvVar[];
  /** Properties of the app's `webservice` component. */
  readonly properties?: Partial<WebserviceProperties>;
  /** Traits of the app's `webservice` component, in this order (`TraitSpec` of lib/private/kubevela.ts types the platform's and KubeVela's usual ones). */
  readonly traits?: readonly VelaTrait[];
  /** Further components of the Application (workers, jobs), after the web component. */
  readonly components?: readonly VelaComponent[];
  /** The workflow: the components applied in this order. */
  readonly steps?: readonly string[];
  /** Annotations of the Application. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The Crossplane claims the facet made (for the catalog). */
  readonly infrastructure?: readonly AppInfrastructure[];
  /** What the facet tells the catalog about the app. */
  readonly catalog?: Partial<AppCatalogEntry>;
  /** What the service graph reads of the app. */
  readonly service?: Partial<Pick<ServiceNode, 'calls' | 'callableBy' | 'scraped'>>;
  /** Objects beside the Application, created once every facet passed its checks (after the Application). */
  readonly objects?: (scope: Construct, labels: Readonly<Record<string, string>>) => void;
}

/** Every facet's parts, composed in the facets' order. @internal */
export interface AppParts {
  readonly env: readonly WebserviceEnvVar[];
  readonly properties: Partial<WebserviceProperties>;
  readonly traits: readonly VelaTrait[];
  readonly components: readonly VelaComponent[];
  readonly steps?: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly infrastructure: readonly AppInfrastructure[];
  readonly catalog: Partial<AppCatalogEntry>;
  readonly service: Partial<Pick<ServiceNode, 'calls' | 'callableBy' | 'scraped'>>;
  readonly objects: readonly ((scope: Construct, labels: Readonly<Record<string, string>>) => void)[];
}

/** No parts yet. @internal */
export const NO_PARTS: AppParts = { env: [], properties: {}, traits: [], components: [], annotations: {}, infrastructure: [], catalog: {}, service: {}, objects: [] };

/** The parts so far, with a facet's added after them. @internal */
export function addParts(parts: AppParts, r: FacetResult): AppParts {
  return {
    env: [...parts.env, ...(r.env ?? [])],
    properties: { ...parts.properties, ...r.properties },
    traits: [...parts.traits, ...(r.traits ?? [])],
    components: [...parts.components, ...(r.components ?? [])],
    ...((r.steps ?? parts.steps) !== undefined ? { steps: r.steps ?? parts.steps } : {}),
    annotations: { ...parts.annotations, ...r.annotations },
    infrastructure: [...parts.infrastructure, ...(r.infrastructure ?? [])],
    catalog: { ...parts.catalog, ...r.catalog },
    service: { ...parts.service, ...r.service },
    objects: r.objects ? [...parts.objects, r.objects] : parts.objects,
  };
}

/** The names of an app's environment variables: each set once, by one prop or by the platform. @internal */
export class EnvNames {
  private readonly names = new Set<string>();

  /** Takes a name; false when it was taken already. */
  public claim(name: string): boolean {
    if (this.names.has(name)) return false;
    this.names.add(name);
    return true;
  }

  public has(name: string): boolean {
    return this.names.has(name);
  }
}

/**
 * Creates a claim (a database, a bucket) whose construct checks its own props: what it refuses joins the app's
 * problems instead of stopping at the first.
 * @internal
 */
export function createClaim(ctx: FacetContext, create: () => void): void {
  try {
    create();
  } catch (e) {
    if (e instanceof PavedValidationError) ctx.check.addAll(e.problems);
    else throw e;
  }
}
