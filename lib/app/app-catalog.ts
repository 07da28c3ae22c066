import { gitHostAndOwner, sameGitOwner } from '../private/git-url';
import { isDns1123Label } from '../private/names';
import { type PropChecker } from '../private/problems';

/**
 * Where an app stands in its life, as Backstage shows it.
 * @see https://backstage.io/docs/features/software-catalog/descriptor-format#speclifecycle-required
 */
export enum AppLifecycle {
  /** Early, not yet relied on by others. */
  EXPERIMENTAL = 'experimental',
  /** Established and maintained. */
  PRODUCTION = 'production',
  /** On its way out: do not start depending on it. */
  DEPRECATED = 'deprecated',
}

/** The format of an API definition (Backstage's well-known API types). */
export enum AppApiType {
  /** An OpenAPI (2 or 3) definition. */
  OPENAPI = 'openapi',
  /** An AsyncAPI definition. */
  ASYNCAPI = 'asyncapi',
  /** A GraphQL schema. */
  GRAPHQL = 'graphql',
  /** Protocol Buffers service definitions (gRPC). */
  GRPC = 'grpc',
}

/** An API an app provides; it becomes a Backstage `API` entity. */
export interface AppApi {
  /**
   * The API's name, unique within the team (an RFC 1123 label).
   * @default - the app's name
   */
  readonly name?: string;
  /** The definition's format. */
  readonly type: AppApiType;
  /** The definition itself (the OpenAPI document, the GraphQL schema, ...), as text. */
  readonly definition: string;
  /**
   * What the API offers.
   * @default - the app's description
   */
  readonly description?: string;
}

/** A link shown on the app's page in Backstage and in the service index. */
export interface AppLink {
  /** Where it points (an absolute URL). */
  readonly url: string;
  /** The text shown. */
  readonly title: string;
  /**
   * A Backstage icon name (`dashboard`, `docs`, `chat`, ...).
   * @default - Backstage's default link icon
   */
  readonly icon?: string;
}

/** What the catalog says about an app: the props of {@link AppConstruct} that describe it. */
export interface AppCatalogProps {
  /**
   * What the app does, in a sentence.
   * @default - none
   */
  readonly description?: string;

  /**
   * Tags for search in Backstage: lower-case words of letters, digits, `+` and `#` joined by `-`.
   * @default []
   */
  readonly tags?: readonly string[];

  /**
   * Links to dashboards, runbooks, docs...; the app's public routes are added as links by themselves.
   * @default []
   */
  readonly links?: readonly AppLink[];

  /**
   * Where the app stands in its life.
   * @default - PRODUCTION when the app runs in a production environment, else EXPERIMENTAL
   */
  readonly lifecycle?: AppLifecycle;

  /**
   * APIs the app provides.
   * @default []
   */
  readonly apis?: readonly AppApi[];

  /**
   * The repository of the app's source code (an https URL), e.g. the service
   * repository the new-service template creates.
   * @default - the repository and folder that define the app
   */
  readonly repository?: string;
}

/**
 * Backstage's tag rule (`makeValidator().isValidTag` of `@backstage/catalog-model`),
 * kept here so that constructing an app does not load that package (a quarter
 * of a second); a test holds it to the library's, and `paved validate` runs
 * the library itself on every entity.
 * @internal
 */
export function isBackstageTag(value: string): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/.test(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Checks an app's catalog props (Backstage's own field rules, through
 * `@backstage/catalog-model`) and returns them with the API names resolved.
 * @internal
 */
export function checkCatalogProps(check: PropChecker, appName: string, props: AppCatalogProps, orgRepository?: string): AppCatalogProps {
  if (props.description !== undefined) {
    check.check(typeof props.description === 'string' && props.description.trim().length > 0, 'description', props.description, 'a non-empty sentence');
  }
  (props.tags ?? []).forEach((tag, i) => {
    check.check(isBackstageTag(tag), `tags[${i}]`, tag, 'a Backstage tag: lower-case letters, digits, "+" and "#" in words joined by "-", at most 63 characters');
    check.check((props.tags ?? []).indexOf(tag) === i, `tags[${i}]`, tag, 'a tag not listed twice');
  });
  (props.links ?? []).forEach((link, i) => {
    check.check(isHttpUrl(link.url), `links[${i}].url`, link.url, 'an absolute http(s) URL');
    check.check(typeof link.title === 'string' && link.title.trim().length > 0, `links[${i}].title`, link.title, 'a non-empty title');
  });
  if (props.lifecycle !== undefined) {
    check.check(Object.values(AppLifecycle).includes(props.lifecycle), 'lifecycle', props.lifecycle, `one of ${Object.values(AppLifecycle).join(', ')}`);
  }
  if (props.repository !== undefined) {
    const owner = orgRepository ? gitHostAndOwner(orgRepository) : undefined;
    const example = owner ? `https://${owner.host}/${owner.owner}/${appName}` : 'https://github.com/acme/orders';
    const https = /^https:\/\//.test(props.repository) && gitHostAndOwner(props.repository) !== undefined;
    check.check(
      https && (orgRepository === undefined || owner === undefined || sameGitOwner(props.repository, orgRepository)),
      'repository',
      props.repository,
      `the https URL of a repository${owner ? ` of the org (on ${owner.host}, owned by ${owner.owner}, as its GitOps repository)` : ''}, e.g. "${example}"`,
    );
  }
  const names = new Set<string>();
  const apis = (props.apis ?? []).map((api, i) => {
    const name = api.name ?? appName;
    if (check.check(isDns1123Label(name), `apis[${i}].name`, name, 'an RFC 1123 label: lower-case letters, digits and "-", at most 63 characters')) {
      check.check(!names.has(name), `apis[${i}].name`, name, `a name no other API of the app has (name the second one: the first defaults to "${appName}")`);
      names.add(name);
    }
    check.check(Object.values(AppApiType).includes(api.type), `apis[${i}].type`, api.type, `one of ${Object.values(AppApiType).join(', ')}`);
    check.check(
      typeof api.definition === 'string' && api.definition.trim().length > 0,
      `apis[${i}].definition`,
      api.definition === undefined ? undefined : '(text)',
      'the API definition as non-empty text',
    );
    return { ...api, name };
  });
  return { ...props, apis };
}

/** A Crossplane claim an app made, as the catalog describes it. */
export interface AppInfrastructure {
  /** The claim's name (in the app's namespace). */
  readonly name: string;
  /** The Backstage resource type: `database` or `bucket`. */
  readonly type: 'database' | 'bucket';
  /** The claim's `apiVersion/kind`. */
  readonly kind: string;
  /** What it is, in this environment ("PostgreSQL, small, 20 GB"). */
  readonly summary: string;
}

/** Everything the catalog needs about one app in one environment. */
export interface AppCatalogEntry extends AppCatalogProps {
  /** The app's name. */
  readonly app: string;
  /** The owning team's name. */
  readonly team: string;
  /** The environment. */
  readonly environment: string;
  /** Whether the environment is production. */
  readonly production: boolean;
  /** The Kubernetes namespace the app runs in. */
  readonly namespace: string;
  /** The public host name in this environment, if any. */
  readonly domain?: string;
  /** The port the app listens on. */
  readonly port: number;
  /** The image it runs. */
  readonly image: string;
  /** The APIs it provides, with their names resolved. */
  readonly apis: readonly (AppApi & { readonly name: string })[];
  /** The databases and buckets it asked for. */
  readonly infrastructure: readonly AppInfrastructure[];
  /**
   * The apps it calls (`team/app`).
   * @default []
   */
  readonly calls?: readonly string[];
  /**
   * Why it runs one pod in production, when it does.
   * @default - none
   */
  readonly singleInstanceReason?: string;
  /**
   * Whether the environment scrapes, alerts on and dashboards it.
   * @default false
   */
  readonly monitored?: boolean;
}
