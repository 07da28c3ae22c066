import type { Org } from '../org/org';
import type { ManifestObject } from '../validate/findings';
import { CATALOG_FOLDER, CATALOG_LOCATION_FILE, PAVED_ANNOTATIONS } from './catalog';
import { compareStrings } from '../private/compare';
import { markdownCode, markdownProse } from '../private/escape';

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
const shortRef = (ref: string) => ref.replace(/^[a-z]+:/i, '').replace(/^default\//, '');

/** A link to an http(s) URL (anything else is shown as text). */
function markdownLink(text: string, url: string): string {
  let href: string;
  try {
    const parsed = new URL(url);
    // eslint-disable-next-line no-control-regex
    if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || /[\u0000-\u001f\u007f-\u009f\s\\]/.test(url)) return markdownProse(text);
    href = parsed.href;
  } catch {
    return markdownProse(text);
  }
  // a plain URL as written; any other in angle brackets, normalized, with what could end it or a cell percent-encoded
  const destination = /^https?:\/\/[\w\-.~:/?#@!$&'*+,;=%]+$/.test(url) ? url : `<${href.replace(/[<>|`\\\s]/g, (c) => encodeURIComponent(c))}>`;
  return `[${markdownProse(text)}](${destination})`;
}

/** A path of the tree as a relative link destination (each segment percent-encoded). */
const pathLink = (text: string, file: string) => `[${markdownProse(text)}](${file.split('/').map(encodeURIComponent).join('/')})`;

/**
 * The service index (`CATALOG.md`): per team, every service with its
 * description, lifecycle, environments, routes, source, dependencies and APIs,
 * and the day it last changed; made from the tree's catalog entities, so it
 * says what Backstage says. What teams wrote is escaped (lib/private/escape.ts):
 * it can show as text and as links to http(s) URLs only.
 */
export function serviceIndex(org: Org, entities: readonly ManifestObject[], changes: LastChanged, releaseDays: ReadonlyMap<string, string> = new Map()): string {
  const ofKind = (kind: string) => entities.filter((m) => m.object.kind === kind).sort((a, b) => compareStrings(a.file, b.file));
  const components = ofKind('Component');
  const lines: string[] = [
    '# Service catalog',
    '',
    `Written by \`paved publish\` into the published tree, from the catalog entities the app definitions generate: do not edit. Backstage reads the same entities through one Location, [\`${CATALOG_LOCATION_FILE}\`](${CATALOG_LOCATION_FILE}).`,
    '',
    `${components.length} service(s) of ${org.teams.length} team(s), in ${org.environments.length} environment(s) (${markdownProse(org.environments.map((e) => e.name).join(', '))}). "Last changed" is the day of the last commit of the source that changed the service's folders of the tree (its objects in any environment, or its catalog entry).`,
    '',
  ];
  for (const team of org.teams) {
    const mine = components.filter((m) => asObject(m.object.metadata).namespace === team.name);
    lines.push(`## ${markdownProse(team.name)}`, '');
    if (team.description) lines.push(markdownProse(team.description), '');
    lines.push(
      `Owner: group ${markdownCode(team.name)} (identity provider group ${markdownCode(team.ownerGroup)}) · DNS zone ${markdownCode(team.zone)}${team.appsRepository ? ` · apps defined in ${markdownProse(team.appsRepository)}` : ''}`,
      '',
    );
    if (mine.length === 0) {
      lines.push('No services yet.', '');
      continue;
    }
    lines.push('| Service | Description | Lifecycle | Runs in | Routes | Source | Depends on | APIs | Dashboard | Last changed |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const m of mine) lines.push(serviceRow(team.name, m, changes, releaseDays));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One service's row of the index: every value read from its Component, escaped. */
function serviceRow(team: string, m: ManifestObject, changes: LastChanged, releaseDays: ReadonlyMap<string, string>): string {
  const meta = asObject(m.object.metadata);
  const spec = asObject(m.object.spec);
  const annotations = asObject(meta.annotations);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? markdownProse(v) : '—');
  const name = String(meta.name);
  const links = (Array.isArray(meta.links) ? meta.links : []).map(asObject);
  const routes = links.filter((l) => l.icon === 'web' && typeof l.url === 'string' && /^https?:\/\//.test(l.url)).map((l) => markdownLink(String(l.url).replace(/^https:\/\//, ''), String(l.url)));
  const source = (typeof annotations['backstage.io/source-location'] === 'string' ? annotations['backstage.io/source-location'] : '').replace(/^url:/, '');
  const list = (v: unknown) => (Array.isArray(v) && v.length ? markdownProse(v.map((r) => shortRef(String(r))).join(', ')) : '—');
  const environments = runsIn(team, name, annotations, releaseDays);
  // the app's Grafana dashboard: the same uid in every environment's Grafana (alerts: Alertmanager, team=…,app=…)
  const uid = annotations['paved.dev/dashboard-uid'];
  const dashboard = typeof uid === 'string' && uid ? `Grafana ${markdownCode(`/d/${uid}`, { inTable: true })}` : '—';
  const change = changes[`${team}/${name}`];
  return `| ${pathLink(name, m.file)} | ${text(meta.description)} | ${text(spec.lifecycle)} | ${text(environments)} | ${routes.join('<br>') || '—'} | ${source ? markdownLink(source.replace(/^https:\/\//, ''), source) : '—'} | ${list(spec.dependsOn)} | ${list(spec.providesApis)} | ${dashboard} | ${text(change?.date)} |`;
}

/**
 * Where a service runs, with the build it runs there (its Component's
 * versions) and, for a build its release record names, the day the record
 * last changed: `staging 2.4.0 (2026-06-03), prod 2.3.1 (2026-05-20)`.
 */
function runsIn(team: string, app: string, annotations: Record<string, unknown>, releaseDays: ReadonlyMap<string, string>): string {
  const envs = typeof annotations[PAVED_ANNOTATIONS.environments] === 'string' ? String(annotations[PAVED_ANNOTATIONS.environments]).split(',') : [];
  const versions = new Map(
    (typeof annotations[PAVED_ANNOTATIONS.versions] === 'string' ? String(annotations[PAVED_ANNOTATIONS.versions]).split(',') : []).map((pair) => {
      const i = pair.indexOf('=');
      return [pair.slice(0, i), pair.slice(i + 1)] as const;
    }),
  );
  return envs
    .map((env) => {
      const version = versions.get(env);
      const day = releaseDays.get(`${team}/${app}/${env}`);
      return `${env}${version ? ` ${version}` : ''}${day ? ` (${day})` : ''}`;
    })
    .join(', ');
}
