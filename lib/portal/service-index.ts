import type { Org } from '../org/org';
import type { ManifestObject } from '../validate/findings';
import { CATALOG_FOLDER, CATALOG_LOCATION_FILE, PAVED_ANNOTATIONS } from './catalog';
import { compareStrings } from '../private/compare';

/** The human-readable service index at the tree's root: written only into the published tree, by `paved publish`. */
export const SERVICE_INDEX_FILE = 'CATALOG.md';
/** When each app last changed, and in which source commit: written only into the published tree, by `paved publish`. */
export const LAST_CHANGED_FILE = `${CATALOG_FOLDER}/last-changed.json`;
/**
 * The files only the published tree holds (`paved publish` writes them from the
 * tree and the source's Git history): indexes every new app would edit, so two
 * pull requests that add apps would always conflict in them if the tree they
 * carry held them.
 */
export const PUBLISHED_ONLY_FILES: readonly string[] = Object.freeze([SERVICE_INDEX_FILE, LAST_CHANGED_FILE]);

/** When an app last changed: the last commit of the source that changed its folders of the tree. */
export interface LastChange {
  /** The commit's day (its committer date, in UTC), `YYYY-MM-DD`. */
  readonly date: string;
  /** The commit (its full hash). */
  readonly commit: string;
}

/** `team/app` → its last change. */
export type LastChanged = Readonly<Record<string, LastChange>>;

/**
 * The app (`team/app`) a file of the tree belongs to: one of its folders,
 * `<env>/teams/<team>/apps/<app>/…` in each environment, or its catalog
 * folder `catalog/teams/<team>/apps/<app>/…`.
 */
export function appOfTreeFile(file: string): string | undefined {
  const m = /^[^/]+\/teams\/([^/]+)\/apps\/([^/]+)\//.exec(file);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The apps (`team/app`, sorted) that have a folder in a tree, from its files' paths. */
export function appsOfTree(files: Iterable<string>): string[] {
  const apps = new Set<string>();
  for (const file of files) {
    const app = appOfTreeFile(file);
    if (app) apps.add(app);
  }
  return [...apps].sort(compareStrings);
}

/** The record of when each app last changed (`catalog/last-changed.json`), one key per app, sorted. */
export function lastChangedFile(changes: LastChanged): string {
  const sorted: Record<string, LastChange> = {};
  for (const app of Object.keys(changes).sort(compareStrings)) sorted[app] = { date: changes[app].date, commit: changes[app].commit };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const cell = (v: string) => v.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const shortRef = (ref: string) => ref.replace(/^[a-z]+:/i, '').replace(/^default\//, '');

/**
 * The service index (`CATALOG.md`): per team, every service with its
 * description, lifecycle, environments, routes, source, dependencies and APIs,
 * and the day it last changed; made from the tree's catalog entities, so it
 * says what Backstage says.
 */
export function serviceIndex(org: Org, entities: readonly ManifestObject[], changes: LastChanged): string {
  const ofKind = (kind: string) => entities.filter((m) => m.object.kind === kind).sort((a, b) => compareStrings(a.file, b.file));
  const components = ofKind('Component');
  const lines: string[] = [
    '# Service catalog',
    '',
    `Written by \`paved publish\` into the published tree, from the catalog entities the app definitions generate: do not edit. Backstage reads the same entities through one Location, [\`${CATALOG_LOCATION_FILE}\`](${CATALOG_LOCATION_FILE}).`,
    '',
    `${components.length} service(s) of ${org.teams.length} team(s), in ${org.environments.length} environment(s) (${org.environments.map((e) => e.name).join(', ')}). "Last changed" is the day of the last commit of the source that changed the service's folders of the tree (its objects in any environment, or its catalog entry).`,
    '',
  ];
  for (const team of org.teams) {
    const mine = components.filter((m) => asObject(m.object.metadata).namespace === team.name);
    lines.push(`## ${team.name}`, '');
    if (team.description) lines.push(team.description, '');
    lines.push(
      `Owner: group \`${team.name}\` (identity provider group \`${team.ownerGroup}\`) · DNS zone \`${team.zone}\`${team.appsRepository ? ` · apps defined in ${team.appsRepository}` : ''}`,
      '',
    );
    if (mine.length === 0) {
      lines.push('No services yet.', '');
      continue;
    }
    lines.push('| Service | Description | Lifecycle | Runs in | Routes | Source | Depends on | APIs | Dashboard | Last changed |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const m of mine) {
      const meta = asObject(m.object.metadata);
      const spec = asObject(m.object.spec);
      const annotations = asObject(meta.annotations) as Record<string, string>;
      const name = String(meta.name);
      const links = (Array.isArray(meta.links) ? meta.links : []).map(asObject);
      const routes = links.filter((l) => l.icon === 'web').map((l) => `[${String(l.url).replace(/^https:\/\//, '')}](${String(l.url)})`);
      const source = (annotations['backstage.io/source-location'] ?? '').replace(/^url:/, '');
      const list = (v: unknown) => (Array.isArray(v) && v.length ? v.map((r) => shortRef(String(r))).join(', ') : '—');
      const change = changes[`${team.name}/${name}`];
      // the app's Grafana dashboard: the same uid in every environment's Grafana (alerts: Alertmanager, team=…,app=…)
      const dashboard = annotations['paved.dev/dashboard-uid'] ? `Grafana \`/d/${annotations['paved.dev/dashboard-uid']}\`` : '—';
      lines.push(
        `| [${name}](${m.file}) | ${cell(String(meta.description ?? '—'))} | ${String(spec.lifecycle)} | ${(annotations[PAVED_ANNOTATIONS.environments] ?? '').split(',').join(', ')} | ${routes.join('<br>') || '—'} | ${source ? `[${source.replace(/^https:\/\//, '')}](${source})` : '—'} | ${list(spec.dependsOn)} | ${list(spec.providesApis)} | ${dashboard} | ${change?.date ?? '—'} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
