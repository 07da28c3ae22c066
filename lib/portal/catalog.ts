import type { ApiEntity, ComponentEntity, Entity, GroupEntity, LocationEntity, ResourceEntity, SystemEntity } from '@backstage/catalog-model';
import type { AppCatalogEntry, AppCatalogProps } from '../app/app-catalog';
import { AppLifecycle } from '../app/app-catalog';
import type { Org } from '../org/org';
import type { Team } from '../org/team';
import { show } from '../private/problems';
import { parseImage } from '../private/names';
import { folderUrl } from './repository';
import { compareStrings } from '../private/compare';
import { monitoringAnnotations } from '../monitoring/app-monitoring';

import { CATALOG_FOLDER } from '../validate/manifest-files';
import { readLocationTarget } from '../validate/location-targets';

export { CATALOG_FOLDER };
/** The folder of the new-service Template in the tree: its entity, `skeleton/` and `app/`. */
export const SERVICE_TEMPLATE_FOLDER = `${CATALOG_FOLDER}/templates/new-service`;
/** The one Location to register in Backstage: it lists every entity file. */
export const CATALOG_LOCATION_FILE = `${CATALOG_FOLDER}/location.yaml`;

/** The `apiVersion` of Backstage's catalog entities. */
export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';

/** Annotations paved sets on entities, beyond Backstage's own. */
export const PAVED_ANNOTATIONS = {
  /** On a Group: the identity provider group whose members own the team. */
  ownerGroup: 'paved.dev/owner-group',
  /** On a Component: the KubeVela Application that runs it, as `namespace/name`. */
  kubevelaApplication: 'paved.dev/kubevela-application',
  /** On a Component: the environments it runs in, comma-separated. */
  environments: 'paved.dev/environments',
  /** On a Component: the folder that defines it (when its source code lives elsewhere). */
  definitionLocation: 'paved.dev/definition-location',
  /** On a Resource: the Crossplane claim, as `apiVersion/kind namespace/name`. */
  crossplaneClaim: 'paved.dev/crossplane-claim',
  /** On a Component: the build it runs in each environment, `env=version` comma-separated (the image's tag, or its digest's start). */
  versions: 'paved.dev/versions',
  /** On a Component: why it runs one pod in production (its team's stated reason). */
  singleInstanceReason: 'paved.dev/single-instance-reason',
} as const;

/** The platform team, as the catalog shows it: it owns the templates. */
export interface PlatformTeamProps {
  /** The Backstage Group's name (an RFC 1123 label, not a team's name). */
  readonly name: string;
  /** The identity provider group of the platform engineers. */
  readonly ownerGroup: string;
  /**
   * What the platform team does.
   * @default "Builds and runs the platform: clusters, GitOps, add-ons and the paved road."
   */
  readonly description?: string;
}

/** How the platform's Backstage catalog and templates are generated. */
export interface PortalProps {
  /**
   * The folder of the platform repository that holds the teams' app
   * definitions, one sub-folder per team (`apps/<team>/<app>.ts`).
   * @default "apps"
   */
  readonly appsFolder?: string;
  /**
   * The platform team, owner of the templates.
   * @default - a Group "platform" owned by the identity provider group "platform-admins"
   */
  readonly platformTeam?: PlatformTeamProps;
  /**
   * The module app definitions in the platform repository import paved from.
   * @default "paved"
   */
  readonly appImport?: string;
  /**
   * Where new services' images are pushed (`<registry>/<service>`).
   * @default - the first registry every environment's image policy allows (`images.registries`), else `ghcr.io/<owner>`, the owner of the GitOps repository
   */
  readonly imageRegistry?: string;
}

/** An entity and the tree file it is written to. */
export interface CatalogEntityFile {
  /** The file, relative to the tree's root. */
  readonly file: string;
  /** The entity. */
  readonly entity: Entity;
}

/** The default platform team. */
export const DEFAULT_PLATFORM_TEAM: Required<PlatformTeamProps> = {
  name: 'platform',
  ownerGroup: 'platform-admins',
  description: 'Builds and runs the platform: clusters, GitOps, add-ons and the paved road.',
};

/** A Group's entity reference (Groups and Systems live in Backstage's default namespace). */
export const groupRef = (name: string) => `group:default/${name}`;
/** A System's entity reference. */
export const systemRef = (name: string) => `system:default/${name}`;

/** The Argo CD Application that deploys a team's apps (in every environment). */
export const teamAppsApplicationName = (team: string) => `team-${team}-apps`;

/** The folder of one app's entities. */
export function appCatalogFolder(team: string, app: string): string {
  return `${CATALOG_FOLDER}/teams/${team}/apps/${app}`;
}

/** The Group and System of a team. */
export function teamEntities(team: Team): CatalogEntityFile[] {
  const folder = `${CATALOG_FOLDER}/teams/${team.name}`;
  const description = team.description ? { description: team.description } : {};
  const group: GroupEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Group',
    metadata: { name: team.name, ...description, annotations: { [PAVED_ANNOTATIONS.ownerGroup]: team.ownerGroup } },
    spec: { type: 'team', children: [] },
  };
  const system: SystemEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'System',
    metadata: { name: team.name, ...(team.description ? { description: team.description } : { description: `The apps of team ${team.name}.` }) },
    spec: { owner: groupRef(team.name) },
  };
  return [
    { file: `${folder}/group-${team.name}.yaml`, entity: group },
    { file: `${folder}/system-${team.name}.yaml`, entity: system },
  ];
}

/** The platform team's Group. */
export function platformTeamEntity(props: PlatformTeamProps): CatalogEntityFile {
  const group: GroupEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Group',
    metadata: { name: props.name, description: props.description ?? DEFAULT_PLATFORM_TEAM.description, annotations: { [PAVED_ANNOTATIONS.ownerGroup]: props.ownerGroup } },
    spec: { type: 'team', children: [] },
  };
  return { file: `${CATALOG_FOLDER}/group-${props.name}.yaml`, entity: group };
}

const CATALOG_PROPS: readonly (keyof AppCatalogProps)[] = ['description', 'tags', 'links', 'lifecycle', 'apis', 'repository'];

/**
 * The entities of a set of apps, each app once however many environments run
 * it: a Component (type service) with links to its routes, its Argo CD
 * Application, its Kubernetes objects and its KubeVela Application; a
 * Resource per database and bucket it depends on; an API per API it provides.
 * Apps live in their team's Backstage namespace (app names are unique per
 * team). Catalog props that differ between environments are problems.
 */
export function appEntities(org: Org, entries: readonly AppCatalogEntry[], portal: PortalProps = {}): { files: CatalogEntityFile[]; problems: string[] } {
  const problems: string[] = [];
  const files: CatalogEntityFile[] = [];
  const envOrder = (e: AppCatalogEntry) => org.environments.findIndex((x) => x.name === e.environment);
  const byApp = new Map<string, AppCatalogEntry[]>();
  // the APIs each app provides, for the apps that call it
  const apisOf = (key: string) => [...new Set(entries.filter((e) => `${e.team}/${e.app}` === key).flatMap((e) => e.apis.map((a) => `api:${e.team}/${a.name}`)))];
  for (const e of entries) {
    const key = `${e.team}/${e.app}`;
    byApp.set(key, [...(byApp.get(key) ?? []), e]);
  }
  for (const [key, list] of [...byApp.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    const runs = [...list].sort((a, b) => envOrder(a) - envOrder(b));
    const first = runs[0];
    for (const other of runs.slice(1)) {
      for (const prop of CATALOG_PROPS) {
        if (JSON.stringify(other[prop] ?? null) !== JSON.stringify(first[prop] ?? null)) {
          problems.push(
            `${other.environment}/${key}: ${prop} = ${show(other[prop])} is not allowed: the same value as in environment ${first.environment} (${show(first[prop])}): the catalog describes an app once, for every environment`,
          );
        }
      }
      if (other.namespace !== first.namespace) {
        problems.push(
          `${other.environment}/${key}: namespace = ${show(other.namespace)} is not allowed: the same namespace as in environment ${first.environment} (${show(first.namespace)}): the catalog links an app to one namespace`,
        );
      }
    }
    const team = org.teams.find((t) => t.name === first.team);
    if (!team) continue;
    files.push(...entitiesOfApp(org, team, runs, portal, apisOf));
  }
  return { files, problems };
}

/** What every entity of one app shares: its first run, its catalog folder, namespace, owner, system and lifecycle. */
interface AppEntityContext {
  readonly team: Team;
  readonly runs: readonly AppCatalogEntry[];
  readonly app: AppCatalogEntry;
  readonly folder: string;
  readonly ns: string;
  readonly owner: string;
  readonly system: string;
  readonly lifecycle: string;
}

function entitiesOfApp(org: Org, team: Team, runs: readonly AppCatalogEntry[], portal: PortalProps, apisOf: (key: string) => string[]): CatalogEntityFile[] {
  const app = runs[0];
  const context: AppEntityContext = {
    team,
    runs,
    app,
    folder: appCatalogFolder(team.name, app.app),
    ns: team.name,
    owner: groupRef(team.name),
    system: systemRef(team.name),
    lifecycle: app.lifecycle ?? (runs.some((r) => r.production) ? AppLifecycle.PRODUCTION : AppLifecycle.EXPERIMENTAL),
  };
  const resources = resourceEntities(context);
  const apis = apiEntities(context);
  const component = componentEntity(org, portal, context, { resourceRefs: resources.refs, apiRefs: apis.refs }, apisOf);
  return [component, ...resources.files, ...apis.files];
}

/** The app's resources, once per claim name, summarized per environment. */
function resourceEntities({ runs, app, folder, ns, owner, system }: AppEntityContext): { files: CatalogEntityFile[]; refs: string[] } {
  const files: CatalogEntityFile[] = [];
  const resources = new Map<string, { type: string; kind: string; summaries: string[] }>();
  for (const r of runs) {
    for (const i of r.infrastructure) {
      const entry = resources.get(i.name) ?? { type: i.type === 'database' ? 'database' : 's3-bucket', kind: i.kind, summaries: [] };
      entry.summaries.push(`${r.environment}: ${i.summary}`);
      resources.set(i.name, entry);
    }
  }
  const refs: string[] = [];
  for (const [name, r] of [...resources.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    const entity: ResourceEntity = {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: 'Resource',
      metadata: {
        name,
        namespace: ns,
        description: `${r.type === 'database' ? 'The database' : 'A bucket'} of ${app.app} (${r.summaries.join('; ')}).`,
        annotations: {
          [PAVED_ANNOTATIONS.crossplaneClaim]: `${r.kind} ${app.namespace}/${name}`,
          'backstage.io/kubernetes-namespace': app.namespace,
        },
      },
      spec: { type: r.type, owner, system, dependencyOf: [`component:${ns}/${app.app}`] },
    };
    refs.push(`resource:${ns}/${name}`);
    files.push({ file: `${folder}/resource-${name}.yaml`, entity });
  }
  return { files, refs };
}

/** The APIs the app provides. */
function apiEntities({ app, folder, ns, owner, system, lifecycle }: AppEntityContext): { files: CatalogEntityFile[]; refs: string[] } {
  const files: CatalogEntityFile[] = [];
  const refs: string[] = [];
  for (const api of app.apis) {
    const entity: ApiEntity = {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: 'API',
      metadata: { name: api.name, namespace: ns, ...((api.description ?? app.description) ? { description: api.description ?? app.description } : {}) },
      spec: { type: api.type, lifecycle, owner, system, definition: api.definition },
    };
    refs.push(`api:${ns}/${api.name}`);
    files.push({ file: `${folder}/api-${api.name}.yaml`, entity });
  }
  return { files, refs };
}

/** The app's Component: where it is defined and runs, its routes and links, what it depends on, provides and consumes. */
function componentEntity(
  org: Org,
  portal: PortalProps,
  { team, runs, app, folder, ns, owner, system, lifecycle }: AppEntityContext,
  { resourceRefs, apiRefs }: { readonly resourceRefs: readonly string[]; readonly apiRefs: readonly string[] },
  apisOf: (key: string) => string[],
): CatalogEntityFile {
  const definedIn = team.appsRepository ? folderUrl(team.appsRepository, 'HEAD', '') : folderUrl(org.gitops.repoURL, org.gitops.revision, `${portal.appsFolder ?? 'apps'}/${team.name}`);
  const source = app.repository ? folderUrl(app.repository, 'HEAD', '') : definedIn;
  const description = app.description ? { description: app.description } : {};
  // the apps it calls, in any environment, and the APIs they provide
  const calls = [...new Set(runs.flatMap((r) => r.calls ?? []))].sort(compareStrings);
  const consumed = [...new Set(calls.flatMap(apisOf))].sort(compareStrings);
  const routes = runs.filter((r) => r.domain !== undefined).map((r) => ({ url: `https://${r.domain}`, title: `${app.app} (${r.environment})`, icon: 'web' }));
  const component: ComponentEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Component',
    metadata: {
      name: app.app,
      namespace: ns,
      ...description,
      ...(app.tags?.length ? { tags: [...app.tags] } : {}),
      ...(routes.length || app.links?.length ? { links: [...routes, ...(app.links ?? []).map((l) => ({ ...l }))] } : {}),
      annotations: {
        'backstage.io/source-location': `url:${source}`,
        ...(app.repository ? { [PAVED_ANNOTATIONS.definitionLocation]: `url:${definedIn}` } : {}),
        'backstage.io/kubernetes-namespace': app.namespace,
        'backstage.io/kubernetes-label-selector': `app.oam.dev/name=${app.app}`,
        'argocd/app-name': teamAppsApplicationName(team.name),
        [PAVED_ANNOTATIONS.kubevelaApplication]: `${app.namespace}/${app.app}`,
        [PAVED_ANNOTATIONS.environments]: runs.map((r) => r.environment).join(','),
        [PAVED_ANNOTATIONS.versions]: runs.map((r) => `${r.environment}=${versionOf(r.image)}`).join(','),
        ...(runs.some((r) => r.singleInstanceReason) ? { [PAVED_ANNOTATIONS.singleInstanceReason]: runs.find((r) => r.singleInstanceReason)?.singleInstanceReason as string } : {}),
        // its dashboard and alerts, in every environment that monitors it (Backstage's Grafana plugin reads these)
        ...(runs.some((r) => r.monitored) ? monitoringAnnotations(team.name, app.app) : {}),
      },
    },
    spec: {
      type: 'service',
      lifecycle,
      owner,
      system,
      ...(resourceRefs.length || calls.length ? { dependsOn: [...resourceRefs, ...calls.map((c) => `component:${c}`)] } : {}),
      ...(apiRefs.length ? { providesApis: [...apiRefs] } : {}),
      ...(consumed.length ? { consumesApis: consumed } : {}),
    },
  };
  return { file: `${folder}/component-${app.app}.yaml`, entity: component };
}

/**
 * The targets of the platform's Location for the teams' parts of the catalog:
 * globs, so that a new app or a new team adds files and edits none (Backstage
 * reads a glob target with its url reader's search, see
 * lib/validate/location-targets.ts). Each team's apps are under a Location of
 * the team's own ({@link teamAppsLocation}).
 */
export const TEAM_TARGETS: readonly string[] = ['./teams/*/group-*.yaml', './teams/*/system-*.yaml', './teams/*/apps/location.yaml'];

/**
 * The Location to register in Backstage: the platform's own entity files by
 * name, and the teams' parts by the globs of {@link TEAM_TARGETS} (each only
 * when it matches a file: Backstage reports a glob that matches nothing).
 * A file no target reads (e.g. one a team proposes beside its apps' Location)
 * is listed by name. Its content depends on the org's platform part only, not
 * on the apps: unrelated pull requests never edit it.
 */
export function catalogLocation(org: Org, entityFiles: readonly string[]): CatalogEntityFile {
  const files = [...new Set(entityFiles)].filter((f) => f !== CATALOG_LOCATION_FILE && f.startsWith(`${CATALOG_FOLDER}/`)).sort(compareStrings);
  const matched = (target: string) => {
    const reading = readLocationTarget(CATALOG_LOCATION_FILE, target, files);
    return reading.kind === 'files' ? reading.files : [];
  };
  const globs = TEAM_TARGETS.filter((t) => matched(t).length > 0);
  const read = new Set(globs.flatMap(matched));
  // what the teams' Locations read: every file below their folder
  const teamFolders = new Set([...read].filter((f) => f.endsWith('/apps/location.yaml')).map((f) => f.slice(0, -'location.yaml'.length)));
  // below a team's folder: one of the file's own folders is one (a lookup per folder, not a scan of the teams per file)
  const belowTeamFolder = (f: string) => {
    for (let at = f.indexOf('/'); at >= 0; at = f.indexOf('/', at + 1)) if (teamFolders.has(f.slice(0, at + 1))) return true;
    return false;
  };
  const named = files.filter((f) => !read.has(f) && !belowTeamFolder(f)).map((f) => `./${f.slice(CATALOG_FOLDER.length + 1)}`);
  const entity: LocationEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Location',
    metadata: { name: `${org.name}-catalog`, description: `Every catalog entity of ${org.name}'s platform, generated by paved: register this one file in Backstage.` },
    spec: { targets: [...named, ...globs] },
  };
  return { file: CATALOG_LOCATION_FILE, entity };
}

/** Where a team's own Location lists its apps' entities (written by the team's synth, and by the platform's for a team whose apps it defines). */
export const teamAppsLocationFile = (team: string) => `${CATALOG_FOLDER}/teams/${team}/apps/location.yaml`;

/** The target of a team's apps' Location: every entity file of every app's folder. */
export const TEAM_APPS_TARGET = './*/*.yaml';

/**
 * The Location of one team's app entities, in the team's apps folder of the
 * catalog: a glob over the apps' folders ({@link TEAM_APPS_TARGET}), so a
 * new app adds files and edits none; `presence: optional`, as a team may have
 * no app yet. A team that keeps its apps in its own repository proposes it
 * with them; the platform's Location reads it.
 */
export function teamAppsLocation(team: string): CatalogEntityFile {
  const entity: LocationEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Location',
    metadata: { name: `${team}-apps`, namespace: team, description: `The apps of team ${team}, generated by paved from the team's definitions.` },
    spec: { targets: [TEAM_APPS_TARGET], presence: 'optional' },
  };
  return { file: teamAppsLocationFile(team), entity };
}

/**
 * In a team's own synthesized tree: a Location of the team's Group, System and
 * apps' Location, so that the tree is complete on its own. Not proposed (the
 * platform's Location lists the Group and System).
 */
export function teamLocation(team: string, entityFiles: readonly string[]): CatalogEntityFile {
  const folder = `${CATALOG_FOLDER}/teams/${team}/`;
  const targets = [...new Set(entityFiles)]
    .filter((f) => f.startsWith(folder))
    .sort(compareStrings)
    .map((f) => `./${f.slice(folder.length)}`);
  const entity: LocationEntity = {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Location',
    metadata: { name: `${team}-team`, namespace: team, description: `Team ${team}'s part of the catalog, as the team's repository synthesizes it.` },
    spec: { targets },
  };
  return { file: `${folder}location.yaml`, entity };
}

/** A build as people name it: its tag, or the start of its digest (`sha256:0123456789ab`). */
export function versionOf(image: string): string {
  const ref = parseImage(image);
  if (ref?.tag !== undefined) return ref.tag;
  return ref?.digest !== undefined ? ref.digest.slice(0, 19) : 'unknown';
}
