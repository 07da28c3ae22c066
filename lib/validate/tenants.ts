import { PREVIEWS_FOLDER, previewExcludes, previewNamespace, previewNamespaceTeam } from '../org/preview-names';
import type { Org } from '../org/org';
import { type TeamKind, groupOf, kindListed, showKind } from '../org/team-kinds';
import type { ManifestObject } from './findings';
import { type CatalogSources, catalogSourcesOf } from './catalog-ownership';

/**
 * The file-level half of the tenant boundary: what may be in a team's apps
 * folder (`<env>/teams/<team>/apps/**`), the folder its own Argo CD project
 * syncs. The same check guards the files a team's repository proposes.
 */

/** What a team's apps folder may hold. */
export interface TenantBoundary {
  /** The team's namespaces: every object of the folder sits in one of them. */
  readonly namespaces: readonly string[];
  /** The kinds the folder may hold (Argo CD's `*` matches any). */
  readonly allowedKinds: readonly TeamKind[];
  /**
   * Where the team's catalog entities may say their definitions and code are (see `checkCatalogOwnership`).
   * @default - their form only is checked
   */
  readonly catalogSources?: CatalogSources;
}

/** Each team's boundary, from the org. */
export function tenantsOf(org: Org): Record<string, TenantBoundary> {
  return Object.fromEntries(org.teams.map((t) => [t.name, { namespaces: t.namespaces, allowedKinds: t.allowedKinds, catalogSources: catalogSourcesOf(org.gitops.repoURL, t.appsRepository) }]));
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Each team's boundary as its Argo CD project in the tree states it (the
 * project named after the team: its destinations' namespaces, its
 * `namespaceResourceWhitelist`), which is what the cluster enforces.
 */
export function tenantsFromProjects(objects: readonly ManifestObject[]): Record<string, TenantBoundary> {
  const out: Record<string, TenantBoundary> = {};
  for (const { object } of objects) {
    if (object.kind !== 'AppProject' || !String(object.apiVersion).startsWith('argoproj.io/')) continue;
    const name = String(asObject(object.metadata).name);
    const spec = asObject(object.spec);
    out[name] = {
      namespaces: asArray(spec.destinations)
        .map((d) => asObject(d).namespace)
        .filter((n): n is string => typeof n === 'string'),
      allowedKinds: asArray(spec.namespaceResourceWhitelist).map((k) => ({ group: String(asObject(k).group ?? ''), kind: String(asObject(k).kind ?? '') })),
    };
  }
  return out;
}

/** One object of a team's apps folder outside the team's boundary. */
export interface TenantProblem {
  readonly object: ManifestObject;
  readonly field: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/**
 * Checks every object in a team's apps folder (`teams/<team>/apps/…` below
 * the cluster's folder) against the team's boundary: a kind the team may
 * deploy, in one of its namespaces. `tenants` is the org's view; the teams'
 * AppProjects in the tree are used when it is not given.
 */
export function checkTenantFiles(objects: readonly ManifestObject[], cluster: string, tenants: Readonly<Record<string, TenantBoundary>> | undefined): TenantProblem[] {
  const known = tenants ?? tenantsFromProjects(objects);
  const problems: TenantProblem[] = [];
  const prefix = cluster ? `${cluster}/` : '';
  for (const m of objects) {
    if (!m.file.startsWith(prefix)) continue;
    const [area, team, folder] = m.file.slice(prefix.length).split('/');
    if ((area !== 'teams' && area !== PREVIEWS_FOLDER) || folder !== 'apps') continue;
    const boundary = known[team];
    const folderName = `${prefix}${area}/${team}/apps/`;
    // a preview's apps go into the pull request's namespace of the team (<team>-pr-<number>), as its project's destinations say
    const preview = area === PREVIEWS_FOLDER;
    if (!boundary) {
      problems.push({
        object: m,
        field: '',
        severity: tenants === undefined && Object.keys(known).length === 0 ? 'warning' : 'error',
        message:
          tenants === undefined && Object.keys(known).length === 0
            ? `not checked against team ${team}'s boundary: the tree holds no AppProject for it and no org was given (paved validate reads org.json beside the tree, or the package's paved.org)`
            : `${folderName} belongs to no team: one of ${Object.keys(known).join(', ')}`,
      });
      continue;
    }
    const kind = { group: groupOf(String(m.object.apiVersion ?? '')), kind: String(m.object.kind ?? '') };
    // a preview's project holds the team's kinds but what a preview never holds (alerts, scrapes, claims)
    const kinds = preview ? boundary.allowedKinds.filter((k) => !previewExcludes(k)) : boundary.allowedKinds;
    if (!kindListed(kinds, kind)) {
      problems.push({
        object: m,
        field: 'kind',
        severity: 'error',
        message: `${showKind(kind)} is not allowed in ${folderName} (team ${team}'s ${preview ? 'previews ' : ''}Argo CD project would refuse to sync it): one of ${kinds.map(showKind).join(', ')}${preview ? '' : "; a platform engineer can add kinds to the team's extraKinds in the org"}`,
      });
    }
    const namespace = asObject(m.object.metadata).namespace;
    const allowed = preview ? (ns: string) => previewNamespaceTeam(ns, [team]) === team : (ns: string) => boundary.namespaces.includes(ns);
    if (typeof namespace !== 'string' || !allowed(namespace)) {
      problems.push({
        object: m,
        field: 'metadata.namespace',
        severity: 'error',
        message: `${typeof namespace === 'string' ? `"${namespace}"` : 'none'} is not allowed in ${folderName}: ${preview ? `a preview namespace of team ${team} (${previewNamespace({ name: team }, '<number>')})` : `one of team ${team}'s namespaces (${boundary.namespaces.join(', ')})`}`,
      });
    }
  }
  return problems;
}
