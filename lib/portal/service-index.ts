import { createHash } from 'crypto';
import type { Org } from '../org/org';
import type { ManifestObject } from '../validate/findings';
import { CATALOG_FOLDER, CATALOG_LOCATION_FILE, PAVED_ANNOTATIONS } from './catalog';
import { compareStrings } from '../private/compare';

/** The human-readable service index at the tree's root. */
export const SERVICE_INDEX_FILE = 'CATALOG.md';
/** When each app last changed, with the fingerprint it had then. */
export const LAST_CHANGED_FILE = `${CATALOG_FOLDER}/last-changed.json`;

/** When an app's deployed objects and catalog entry last changed. */
export interface LastChange {
  /** The day, `YYYY-MM-DD`. */
  readonly date: string;
  /** The SHA-256 of the app's objects in every environment and its catalog entities, that day. */
  readonly sha256: string;
}

/** `team/app` → its last change. */
export type LastChanged = Readonly<Record<string, LastChange>>;

/** Which app (`team/app`) a tree file belongs to: `<env or catalog>/teams/<team>/apps/<app>/...`. */
function appOfFile(file: string): string | undefined {
  const m = /^[^/]+\/teams\/([^/]+)\/apps\/([^/]+)\//.exec(file);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/**
 * Carries each app's last-change day forward: an app whose objects (in every
 * environment) and catalog entities are what they were keeps its day; an app
 * that changed, or is new, gets `today`. So the record depends only on the
 * tree and the previous record: synthesizing twice changes nothing.
 */
export function lastChanged(manifests: readonly ManifestObject[], previous: LastChanged, today: string): LastChanged {
  const perApp = new Map<string, string[]>();
  for (const m of manifests) {
    const app = appOfFile(m.file);
    if (app) perApp.set(app, [...(perApp.get(app) ?? []), `${m.file}\n${JSON.stringify(m.object)}`]);
  }
  const out: Record<string, LastChange> = {};
  for (const app of [...perApp.keys()].sort()) {
    const sha256 = createHash('sha256')
      .update((perApp.get(app) ?? []).sort().join('\n'))
      .digest('hex');
    const before = previous[app];
    out[app] = before && before.sha256 === sha256 ? before : { date: today, sha256 };
  }
  return out;
}

/** Reads a last-changed record; an unreadable one counts as empty (every app then changes today). */
export function parseLastChanged(text: string | undefined): LastChanged {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    const out: Record<string, LastChange> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const c = v as Partial<LastChange>;
      if (typeof c?.date === 'string' && typeof c.sha256 === 'string') out[k] = { date: c.date, sha256: c.sha256 };
    }
    return out;
  } catch {
    return {};
  }
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const shortRef = (ref: string) => ref.replace(/^[a-z]+:/i, '').replace(/^default\//, '');

/**
 * Text a team wrote (a description, a tag, a name), as Markdown that shows it
 * literally, in one line, also inside a table cell: control, zero-width and
 * bidirectional characters dropped, whitespace one space, at most 300
 * characters; every character that can start inline structure escaped
 * (emphasis, code, links, images, raw HTML, entities, table cells,
 * strikethrough, math) and one that starts a block at the start of a line
 * (heading, list, quote, thematic break). The review engineer's shared
 * escaping module (lib/private/) is meant to replace this.
 * @internal
 */
export function markdownText(value: string): string {
  const line = value
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim();
  const short = line.length > 300 ? `${line.slice(0, 299)}…` : line;
  return short
    .replace(/[\\`*_[\]<>&|~$]/g, (c) => `\\${c}`)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A link to an http(s) URL (anything else is shown as text). */
function markdownLink(text: string, url: string): string {
  let href: string;
  try {
    const parsed = new URL(url);
    // eslint-disable-next-line no-control-regex
    if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || /[\u0000-\u001f\u007f-\u009f\s\\]/.test(url)) return markdownText(text);
    href = parsed.href;
  } catch {
    return markdownText(text);
  }
  // a plain URL as written; any other in angle brackets, normalized, with what could end it or a cell percent-encoded
  const destination = /^https?:\/\/[\w\-.~:/?#@!$&'*+,;=%]+$/.test(url) ? url : `<${href.replace(/[<>|`\\\s]/g, (c) => encodeURIComponent(c))}>`;
  return `[${markdownText(text)}](${destination})`;
}

/** A path of the tree as a relative link destination (each segment percent-encoded). */
const pathLink = (text: string, file: string) => `[${markdownText(text)}](${file.split('/').map(encodeURIComponent).join('/')})`;

/** A short code span (names, uids) that holds no backtick and no cell separator. */
const markdownCode = (value: string) => `\`${markdownText(value).replace(/\\`/g, "'")}\``;

/**
 * The service index (`CATALOG.md`): per team, every service with its
 * description, lifecycle, environments, routes, source, dependencies and APIs,
 * and the day it last changed; made from the tree's catalog entities, so it
 * says what Backstage says. What teams wrote is escaped (see {@link markdownText}):
 * it can show as text and as links to http(s) URLs only.
 */
export function serviceIndex(org: Org, entities: readonly ManifestObject[], changes: LastChanged): string {
  const ofKind = (kind: string) => entities.filter((m) => m.object.kind === kind).sort((a, b) => compareStrings(a.file, b.file));
  const components = ofKind('Component');
  const lines: string[] = [
    '# Service catalog',
    '',
    `Generated by paved from the app definitions (\`npm run synth\`): do not edit. Backstage reads the same entities through one Location, [\`${CATALOG_LOCATION_FILE}\`](${CATALOG_LOCATION_FILE}).`,
    '',
    `${components.length} service(s) of ${org.teams.length} team(s), in ${org.environments.length} environment(s) (${markdownText(org.environments.map((e) => e.name).join(', '))}). "Last changed" is the day synthesis last found the service's deployed objects or catalog entry changed.`,
    '',
  ];
  for (const team of org.teams) {
    const mine = components.filter((m) => asObject(m.object.metadata).namespace === team.name);
    lines.push(`## ${markdownText(team.name)}`, '');
    if (team.description) lines.push(markdownText(team.description), '');
    lines.push(
      `Owner: group ${markdownCode(team.name)} (identity provider group ${markdownCode(team.ownerGroup)}) · DNS zone ${markdownCode(team.zone)}${team.appsRepository ? ` · apps defined in ${markdownText(team.appsRepository)}` : ''}`,
      '',
    );
    if (mine.length === 0) {
      lines.push('No services yet.', '');
      continue;
    }
    lines.push('| Service | Description | Lifecycle | Runs in | Routes | Source | Depends on | APIs | Dashboard | Last changed |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const m of mine) lines.push(serviceRow(team.name, m, changes));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One service's row of the index: every value read from its Component, escaped. */
function serviceRow(team: string, m: ManifestObject, changes: LastChanged): string {
  const meta = asObject(m.object.metadata);
  const spec = asObject(m.object.spec);
  const annotations = asObject(meta.annotations);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? markdownText(v) : '—');
  const name = String(meta.name);
  const links = (Array.isArray(meta.links) ? meta.links : []).map(asObject);
  const routes = links.filter((l) => l.icon === 'web' && typeof l.url === 'string' && /^https?:\/\//.test(l.url)).map((l) => markdownLink(String(l.url).replace(/^https:\/\//, ''), String(l.url)));
  const source = (typeof annotations['backstage.io/source-location'] === 'string' ? annotations['backstage.io/source-location'] : '').replace(/^url:/, '');
  const list = (v: unknown) => (Array.isArray(v) && v.length ? markdownText(v.map((r) => shortRef(String(r))).join(', ')) : '—');
  const environments = typeof annotations[PAVED_ANNOTATIONS.environments] === 'string' ? String(annotations[PAVED_ANNOTATIONS.environments]).split(',').join(', ') : '';
  // the app's Grafana dashboard: the same uid in every environment's Grafana (alerts: Alertmanager, team=…,app=…)
  const uid = annotations['paved.dev/dashboard-uid'];
  const dashboard = typeof uid === 'string' && uid ? `Grafana ${markdownCode(`/d/${uid}`)}` : '—';
  const change = changes[`${team}/${name}`];
  return `| ${pathLink(name, m.file)} | ${text(meta.description)} | ${text(spec.lifecycle)} | ${text(environments)} | ${routes.join('<br>') || '—'} | ${source ? markdownLink(source.replace(/^https:\/\//, ''), source) : '—'} | ${list(spec.dependsOn)} | ${list(spec.providesApis)} | ${dashboard} | ${text(change?.date)} |`;
}
