import { type Finding, type ManifestObject, describeObject } from './findings';
import { CATALOG_FOLDER } from './manifest-files';
import { gitHostAndOwner } from '../private/git-url';
import { show } from '../private/problems';

/**
 * The catalog belongs to its team: every entity in a team's apps folder of
 * the catalog (`catalog/teams/<team>/apps/**`, which the team's own synth
 * writes and a team repository proposes) is what the platform generates for
 * that team, and nothing that reaches another team's part of Backstage or
 * outside the repository:
 * - kinds Component, API, Resource and Location (a team's Group and System are the platform's);
 * - in the team's Backstage namespace, owned by the team's group, in the team's system;
 * - relations that make it part of something (`providesApis`, `dependencyOf`,
 *   `subcomponentOf`) only to the team's own entities, `dependsOn` another team's
 *   entities only for the components it calls;
 * - only the annotations the platform generates, each naming the team's own
 *   objects: its app's KubeVela Application, namespace and label selector, its
 *   Argo CD Application, its Grafana dashboard and alerts, its claims, its
 *   source in the team's or the platform's repository (or, for an app's own
 *   code, a repository of the org's owner);
 * - links to http(s) URLs only (Backstage itself accepts any URL, `javascript:` too);
 * - no placeholder (`$text`, `$json`, `$yaml`, ...) that Backstage would
 *   resolve by reading a URL with the catalog's own credentials;
 * - Locations whose targets are relative paths inside the team's apps folder.
 *
 * The entities' own format is Backstage's (see `checkEntitiesWithBackstage`).
 */

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A value a team wrote, quoted for a message and cut to a readable length. */
const quoted = (v: unknown) => {
  const s = show(v);
  return s.length > 160 ? `${s.slice(0, 150)}…" (${s.length} characters)` : s;
};

/** Where a team's catalog entities may say they come from: web addresses (ending in `/`) they must start with. */
export interface CatalogSources {
  /** Where the app is defined: the team's apps repository, or the platform's repository. */
  readonly definitions: readonly string[];
  /** Where the app's code is (`backstage.io/source-location`): its definition's repository, or any repository of the org's owner (as `AppConstruct`'s `repository` allows). */
  readonly code: readonly string[];
}

/** What the check knows of a team: its Kubernetes namespaces and, from the org, its repositories. */
export interface CatalogTeam {
  /** The team's Kubernetes namespaces: the ones its entities' annotations may name. */
  readonly namespaces: readonly string[];
  /**
   * Where its entities may say their definitions and code are.
   * @default - their form only is checked
   */
  readonly catalogSources?: CatalogSources;
}

/** The web address of a repository from its clone URL (`https://`, `ssh://` or `git@host:owner/name`), ending in `/`; undefined when it is none. */
export function repositoryWebPrefix(url: string): string | undefined {
  const owner = gitHostAndOwner(url);
  if (!owner) return undefined;
  const scp = /^[\w.-]+@[\w.-]+:(.+)$/.exec(url);
  const pathname = scp ? `/${scp[1]}` : new URL(url).pathname;
  const parts = pathname
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter(Boolean);
  return `https://${owner.host}/${parts.map((p) => p.toLowerCase()).join('/')}/`;
}

/** Where a team's catalog entities may point, for a team with `appsRepository` (or none) in an org whose GitOps repository is `platformRepository`. */
export function catalogSourcesOf(platformRepository: string, appsRepository: string | undefined): CatalogSources {
  const definitions = [appsRepository, platformRepository].flatMap((r) => (r === undefined ? [] : [repositoryWebPrefix(r), r])).filter((r): r is string => r !== undefined);
  const owner = gitHostAndOwner(platformRepository);
  return { definitions, code: [...definitions, ...(owner ? [`https://${owner.host}/${owner.owner}/`] : [])] };
}

/** The annotations the platform generates on a team's entities, by kind (see lib/portal/catalog.ts and lib/monitoring/app-monitoring.ts). */
const ANNOTATIONS: Readonly<Record<string, readonly string[]>> = {
  Component: [
    'backstage.io/source-location',
    'paved.dev/definition-location',
    'backstage.io/kubernetes-namespace',
    'backstage.io/kubernetes-label-selector',
    'argocd/app-name',
    'paved.dev/kubevela-application',
    'paved.dev/environments',
    'paved.dev/versions',
    'paved.dev/single-instance-reason',
    'grafana/dashboard-selector',
    'grafana/alert-label-selector',
    'paved.dev/dashboard-uid',
  ],
  Resource: ['paved.dev/crossplane-claim', 'backstage.io/kubernetes-namespace'],
  API: [],
  Location: [],
};

/** The kinds a team's apps folder of the catalog holds. */
const TEAM_KINDS = Object.keys(ANNOTATIONS);

/** Relations that make an entity part of another (or another's provider): only to the team's own entities. */
const OWN_RELATIONS: Readonly<Record<string, readonly { field: string; defaultKind?: string }[]>> = {
  Component: [{ field: 'subcomponentOf', defaultKind: 'component' }, { field: 'providesApis', defaultKind: 'api' }, { field: 'dependencyOf' }],
  Resource: [{ field: 'dependencyOf' }],
  API: [],
  Location: [],
};

/** An entity reference `[kind:][namespace/]name` with Backstage's defaults, in lower case (as Backstage compares them). */
function parseRef(ref: string, defaultKind: string | undefined, defaultNamespace: string): { kind?: string; namespace: string; name: string } | undefined {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!m) return undefined;
  const kind = (m[1] ?? defaultKind)?.toLowerCase();
  return { ...(kind ? { kind } : {}), namespace: (m[2] ?? defaultNamespace).toLowerCase(), name: m[3].toLowerCase() };
}

/** The Grafana dashboard uid and tag of an app (as lib/monitoring/dashboard.ts makes them; a test holds the two together). */
export const appDashboardUid = (team: string, app: string) => `paved-${team}-${app}`.slice(0, 40);
const appDashboardTag = (team: string, app: string) => `paved-app-${team}-${app}`;

/** Whether an http(s) URL (normalized as a browser reads it) lies in one of `prefixes`. */
function urlIn(target: string, prefixes: readonly string[]): boolean {
  if (prefixes.includes(target)) return true;
  let href: string;
  try {
    const url = new URL(target);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return false;
    href = `https://${url.host.toLowerCase()}${url.pathname}`;
  } catch {
    return false;
  }
  return prefixes.some((p) => p.endsWith('/') && (href.toLowerCase().startsWith(p.toLowerCase()) || `${href.toLowerCase()}/` === p.toLowerCase()));
}

/** Whether a string is an absolute http(s) URL with nothing a browser would strip or reinterpret. */
export function isHttpUrl(value: unknown): boolean {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || /[\s\u0000-\u001f\u007f-\u009f\\]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '';
  } catch {
    return false;
  }
}

/** The namespaces of each team's objects in the tree's apps folders (`<env>/teams/<team>/apps/`), for a check without the org. */
function namespacesInTree(manifests: readonly ManifestObject[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of manifests) {
    const team = /^(?:[^/]+\/)?teams\/([^/]+)\/apps\//.exec(m.file)?.[1];
    const ns = str(asObject(m.object.metadata)?.namespace);
    if (team === undefined || ns === undefined) continue;
    out.set(team, (out.get(team) ?? new Set()).add(ns));
  }
  return out;
}

/** The first placeholder (`$text`, `$json`, ...) in a value, with its path; Backstage resolves them by reading URLs. */
function placeholderIn(value: unknown, at: string, depth = 0): string | undefined {
  if (depth > 64) return at;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = placeholderIn(value[i], `${at}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const o = asObject(value);
  if (!o) return undefined;
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('$')) return `${at}.${k}`;
    const found = placeholderIn(v, `${at}.${k}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** How a field that holds a key a team chose is named: `metadata.annotations.<key>`, or quoted when the key is not plain. */
const keyField = (base: string, key: string) => (/^[\w./-]{1,253}$/.test(key) ? `${base}.${key}` : `${base}[${quoted(key)}]`);

/**
 * Checks every entity of a team's apps folder of the catalog against the
 * team it belongs to (see the file's comment). `teams` is the org's view (each
 * team's namespaces and repositories); without it, a team's namespaces are
 * those of its objects in the tree and sources are checked for their form only.
 */
export function checkCatalogOwnership(entities: readonly ManifestObject[], manifests: readonly ManifestObject[], teams?: Readonly<Record<string, CatalogTeam>>): Finding[] {
  const findings: Finding[] = [];
  const inTree = namespacesInTree(manifests);
  const prefix = `${CATALOG_FOLDER}/teams/`;
  for (const m of entities) {
    if (!m.file.startsWith(prefix)) continue;
    const [team, folder] = m.file.slice(prefix.length).split('/');
    if (folder !== 'apps' || team === undefined) continue;
    const add = (field: string, message: string) => findings.push({ severity: 'error', rule: 'tenant', file: m.file, object: describeObject(m.object), field, message });
    const known = teams?.[team];
    if (teams !== undefined && known === undefined) {
      add('', `${prefix}${team}/apps/ belongs to no team of the org (${Object.keys(teams).join(', ')})`);
      continue;
    }
    const namespaces = known?.namespaces ?? [...(inTree.get(team) ?? [])];
    checkEntity(m.object, team, namespaces, known?.catalogSources, m.file, add);
  }
  return findings;
}

type Add = (field: string, message: string) => void;

function checkEntity(entity: Obj, team: string, namespaces: readonly string[], sources: CatalogSources | undefined, file: string, add: Add): void {
  const kind = str(entity.kind) ?? '';
  const where = `${CATALOG_FOLDER}/teams/${team}/apps/`;
  if (entity.apiVersion !== 'backstage.io/v1alpha1' || !TEAM_KINDS.includes(kind)) {
    add('kind', `${quoted(`${String(entity.apiVersion)}/${kind}`)} is not allowed in ${where}: a backstage.io/v1alpha1 ${TEAM_KINDS.join(', ')} (the platform writes team ${team}'s Group and System)`);
    return;
  }
  const metadata = asObject(entity.metadata) ?? {};
  const spec = asObject(entity.spec) ?? {};
  const name = str(metadata.name) ?? '';
  const ns = str(metadata.namespace);
  if (ns !== team) add('metadata.namespace', `${ns === undefined ? 'none (Backstage reads "default")' : quoted(ns)} is not allowed in ${where}: "${team}", team ${team}'s Backstage namespace`);
  const ownRef = (field: string, kindName: string, allowed: string) => {
    const value = spec[field];
    if (value === undefined) return;
    const ref = typeof value === 'string' ? parseRef(value, kindName, ns ?? 'default') : undefined;
    if (!ref || ref.kind !== kindName || ref.namespace !== 'default' || ref.name !== team) add(`spec.${field}`, `${quoted(value)} is not allowed in ${where}: ${allowed}`);
  };
  if (kind !== 'Location') {
    ownRef('owner', 'group', `"group:default/${team}", team ${team}'s group`);
    ownRef('system', 'system', `"system:default/${team}", team ${team}'s system`);
  }
  for (const rel of OWN_RELATIONS[kind]) {
    const value = spec[rel.field];
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).forEach((v, i) => {
      const field = Array.isArray(value) ? `spec.${rel.field}[${i}]` : `spec.${rel.field}`;
      const ref = typeof v === 'string' ? parseRef(v, rel.defaultKind, ns ?? 'default') : undefined;
      if (ref && ref.namespace !== team)
        add(field, `${quoted(v)} is not allowed: an entity of team ${team}'s own namespace "${team}" (an entity may be part of, provide or be a dependency of only its own team's)`);
    });
  }
  asArrayOf(spec.dependsOn).forEach((v, i) => {
    const ref = typeof v === 'string' ? parseRef(v, undefined, ns ?? 'default') : undefined;
    if (ref && ref.namespace !== team && ref.kind !== 'component')
      add(`spec.dependsOn[${i}]`, `${quoted(v)} is not allowed: an entity of team ${team}'s own namespace, or another team's component the app calls`);
  });
  const placeholder = placeholderIn(spec, 'spec') ?? placeholderIn(metadata, 'metadata');
  if (placeholder !== undefined) add(placeholder, `is not allowed: Backstage would replace it with what it reads from a URL, with the catalog's own credentials; write the value itself`);
  asArrayOf(metadata.links).forEach((link, i) => {
    const url = asObject(link)?.url;
    if (!isHttpUrl(url)) add(`metadata.links[${i}].url`, `${quoted(url)} is not allowed: an absolute http(s) URL (no javascript:, data: or other scheme, no spaces or control characters)`);
  });
  checkAnnotations(kind, name, asObject(metadata.annotations) ?? {}, team, namespaces, sources, add);
  if (kind === 'Location') checkLocation(file, team, spec, add);
}

const asArrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function checkAnnotations(kind: string, name: string, annotations: Obj, team: string, namespaces: readonly string[], sources: CatalogSources | undefined, add: Add): void {
  const allowed = ANNOTATIONS[kind];
  const inNamespaces = (ns: string) => namespaces.length === 0 || namespaces.includes(ns);
  const nsList = namespaces.length ? ` (${namespaces.join(', ')})` : '';
  const exact: Record<string, string> = {
    'backstage.io/kubernetes-label-selector': `app.oam.dev/name=${name}`,
    'argocd/app-name': `team-${team}-apps`,
    'grafana/dashboard-selector': `tags @> '${appDashboardTag(team, name)}'`,
    'grafana/alert-label-selector': `team=${team},app=${name}`,
    'paved.dev/dashboard-uid': appDashboardUid(team, name),
  };
  const location = (value: string, prefixes: readonly string[] | undefined, what: string): string | undefined => {
    const m = /^url:(.+)$/.exec(value);
    if (!m || !isHttpUrl(m[1])) return `"url:" and an absolute http(s) URL of ${what}`;
    if (prefixes && !urlIn(m[1], prefixes)) return `"url:" and a URL of ${what}: below ${prefixes.filter((p) => p.endsWith('/')).join(' or ')}`;
    return undefined;
  };
  for (const [key, raw] of Object.entries(annotations)) {
    const field = keyField('metadata.annotations', key);
    const value = str(raw);
    if (!allowed.includes(key)) {
      add(field, `is not allowed on a team's ${kind}: ${allowed.length ? `the platform generates only ${allowed.join(', ')}` : 'the platform generates none'}`);
      continue;
    }
    if (value === undefined) continue; // Backstage's own policies refuse a value that is not a string
    let problem: string | undefined;
    if (key in exact) {
      if (value !== exact[key]) problem = `"${exact[key]}": the ${key === 'argocd/app-name' ? `Argo CD Application of team ${team}'s apps` : `${kind} ${name}'s own`}`;
    } else if (key === 'backstage.io/kubernetes-namespace') {
      if (!inNamespaces(value)) problem = `one of team ${team}'s namespaces${nsList}`;
    } else if (key === 'paved.dev/kubevela-application') {
      const [appNs, app, ...rest] = value.split('/');
      if (rest.length || app !== name || !inNamespaces(appNs)) problem = `"<namespace>/${name}", the ${kind}'s own KubeVela Application in one of team ${team}'s namespaces${nsList}`;
    } else if (key === 'paved.dev/crossplane-claim') {
      const m = /^(\S+) ([^/\s]+)\/([^/\s]+)$/.exec(value);
      if (!m || m[3] !== name || !inNamespaces(m[2])) problem = `"<apiVersion>/<kind> <namespace>/${name}", the Resource's own claim in one of team ${team}'s namespaces${nsList}`;
    } else if (key === 'paved.dev/versions') {
      if (!value.split(',').every((e) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?=([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[0-9a-f]{12})$/.test(e)))
        problem = 'environment=version pairs separated by "," (a version is an image tag or "sha256:" and 12 hex digits)';
    } else if (key === 'paved.dev/environments') {
      if (!value.split(',').every((e) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(e))) problem = 'environment names separated by ","';
    } else if (key === 'backstage.io/source-location') {
      problem = location(value, sources?.code, `team ${team}'s or the platform's repository, or a repository of the org's owner`);
    } else if (key === 'paved.dev/definition-location') {
      problem = location(value, sources?.definitions, `team ${team}'s or the platform's repository`);
    }
    if (problem) add(field, `${quoted(value)} is not allowed: ${problem}`);
  }
}

/** A Location's targets: relative paths that stay inside the team's apps folder of the catalog (Backstage would read any URL it is given). */
function checkLocation(file: string, team: string, spec: Obj, add: Add): void {
  const folder = `${CATALOG_FOLDER}/teams/${team}/apps/`;
  const type = spec.type;
  if (type !== undefined && type !== 'url') add('spec.type', `${quoted(type)} is not allowed: none, or "url" (the team's Location is read where it is; "file" would read the Backstage host's disk)`);
  const targets: [string, unknown][] = [
    ...(spec.target !== undefined ? [['spec.target', spec.target] as [string, unknown]] : []),
    ...asArrayOf(spec.targets).map((t, i): [string, unknown] => [`spec.targets[${i}]`, t]),
  ];
  const base = `https://repository.invalid/${file}`;
  for (const [field, target] of targets) {
    if (typeof target !== 'string') continue; // Backstage's schema refuses it
    let inside = false;
    // a relative path of plain segments: no scheme, no host, no query, no escapes a URL reader would decode
    if (/^\.{0,2}\/?[\w.*/-]+$/.test(target) && !target.startsWith('/') && !target.includes('//')) {
      try {
        const resolved = new URL(target, base);
        inside = resolved.host === 'repository.invalid' && resolved.pathname.startsWith(`/${folder}`);
      } catch {
        inside = false;
      }
    }
    if (!inside) add(field, `${quoted(target)} is not allowed: a relative path to a file in ${folder} (no URL, no absolute path, no ".." out of the folder)`);
  }
}
