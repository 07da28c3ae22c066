/**
 * The floor of the scale benchmark: what writing the synthetic org's tree costs
 * without paved. It builds the same objects as plain JavaScript objects (per
 * app: the KubeVela Application and the ExternalSecret, and whatever else a
 * real synth writes per app; per team: the tenancy objects; once: the
 * platform's objects) and writes each with `yaml.stringify` into the same file
 * layout, one file per object, plus `org.json` and the files that are not
 * objects (e.g. a Helm chart the tree carries). No constructs, no validation.
 *
 * The catalog's entities (Group, System, Component, Resource, the Location
 * and the Template) are objects like the others.
 *
 * Which objects, kinds and files: those a real synth wrote for a one-team,
 * one-app org (`node dist/bench/synth-child.js template`), so the floor mirrors
 * the real tree as it evolves. Teams and apps of the synthetic org differ only
 * by name, so each object is built from its template by replacing the template
 * team's and app's names in every string.
 *
 *   node dist/bench/floor.js --teams 100 --apps 10 --template FILE --out DIR
 *
 * Loads only `yaml` (and this folder's plain-data module): never paved.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { BENCH_ENVIRONMENT, TEMPLATE_APP, TEMPLATE_TEAM, appName, syntheticOrgProps, teamName } from './synthetic-org';

/** A JSON value, as the templates hold them. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One object of the template tree. */
export interface TemplateObject {
  /** Its file, relative to the tree. */
  readonly file: string;
  /** The object. */
  readonly object: Json;
}

/** The objects a real synth wrote for a one-team, one-app org, by how they repeat. */
export interface FloorTemplate {
  /** The comment each object file starts with. */
  readonly header: string;
  /** Written once per environment. */
  readonly global: readonly TemplateObject[];
  /** Written once per team (their paths name the template team). */
  readonly perTeam: readonly TemplateObject[];
  /**
   * Written once per environment, listing every team: list entries that name
   * the template team are repeated for each team (e.g. the platform project's
   * destinations, Argo CD's application namespaces).
   */
  readonly listing: readonly TemplateObject[];
  /** Written once per app (below the template app's folder). */
  readonly perApp: readonly TemplateObject[];
  /** Files that are not objects and name no team (e.g. a Helm chart's): written as they are. */
  readonly verbatim: readonly { readonly file: string; readonly content: string }[];
  /** Files of the real tree the floor does not write (reports that are not objects, e.g. ACCESS.md). */
  readonly notWritten: readonly string[];
}

/** The folder of the template app, relative to the tree. */
export const TEMPLATE_APP_DIR = `${BENCH_ENVIRONMENT}/teams/${TEMPLATE_TEAM}/apps/${TEMPLATE_APP}/`;
/** The folder of the template app's catalog entities. */
export const TEMPLATE_APP_CATALOG_DIR = `catalog/teams/${TEMPLATE_TEAM}/apps/${TEMPLATE_APP}/`;
/** Whether a file of the real tree is an object the floor builds: YAML in the cluster's folder or in the catalog. */
export const isObjectFile = (file: string) => /\.ya?ml$/.test(file) && (file.startsWith(`${BENCH_ENVIRONMENT}/`) || file.startsWith('catalog/'));

/** A copy of a JSON value with `from` replaced by `to` in every string and key. */
function rename(value: Json, from: readonly string[], to: readonly string[]): Json {
  if (typeof value === 'string') return replaceAll(value, from, to);
  if (Array.isArray(value)) return value.map((v) => rename(v, from, to));
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) out[replaceAll(key, from, to)] = rename(value[key], from, to);
  return out;
}

/**
 * A copy of a JSON value in which each list entry that mentions the template
 * team is repeated for every team (and, when it names the template app's
 * folder, for every app of the team): entries of arrays, and items of
 * comma-separated strings (as Helm values list namespaces).
 */
function expand(value: Json, teams: readonly string[], apps: readonly string[]): Json {
  const each = (v: string): string[][] => (v.includes(`/apps/${TEMPLATE_APP}/`) ? teams.flatMap((t) => apps.map((a) => [t, a])) : teams.map((t) => [t, TEMPLATE_APP]));
  if (typeof value === 'string') {
    if (!value.includes(TEMPLATE_TEAM)) return value;
    return value
      .split(',')
      .flatMap((item) => (item.includes(TEMPLATE_TEAM) ? each(item).map((to) => replaceAll(item, [TEMPLATE_TEAM, TEMPLATE_APP], to)) : [item]))
      .join(',');
  }
  if (Array.isArray(value)) {
    return value.flatMap((v) => {
      const text = JSON.stringify(v);
      return text.includes(TEMPLATE_TEAM) ? each(text).map((to) => rename(v, [TEMPLATE_TEAM, TEMPLATE_APP], to)) : [expand(v, teams, apps)];
    });
  }
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) out[key] = expand(value[key], teams, apps);
  return out;
}

function replaceAll(s: string, from: readonly string[], to: readonly string[]): string {
  let out = s;
  for (let i = 0; i < from.length; i++) if (out.includes(from[i])) out = out.split(from[i]).join(to[i]);
  return out;
}

/** A name in PascalCase, as an alert's name holds its app's name. */
const pascal = (name: string) =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** Writes the floor's tree for `teams` × `appsPerTeam` apps into `outDir`; returns the number of files. */
export function writeFloor(template: FloorTemplate, teams: number, appsPerTeam: number, outDir: string): number {
  const made = new Set<string>();
  let files = 0;
  const write = (file: string, object: Json) => {
    const full = path.join(outDir, file);
    const dir = path.dirname(full);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(full, `${template.header}${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`);
    files++;
  };
  const names = Array.from({ length: teams }, (_, t) => teamName(t));
  const appNames = Array.from({ length: appsPerTeam }, (_, a) => appName(a));
  for (const o of template.global) write(o.file, rename(o.object, [], []));
  for (const o of template.listing) write(o.file, expand(o.object, names, appNames));
  for (const team of names) {
    for (const o of template.perTeam) write(replaceAll(o.file, [TEMPLATE_TEAM], [team]), rename(o.object, [TEMPLATE_TEAM], [team]));
    for (let a = 0; a < appsPerTeam; a++) {
      // the app's name, and as its alerts spell it (app-07 → App07RestartingOften)
      const from = [TEMPLATE_TEAM, TEMPLATE_APP, pascal(TEMPLATE_APP)];
      const to = [team, appName(a), pascal(appName(a))];
      for (const o of template.perApp) write(replaceAll(o.file, from, to), rename(o.object, from, to));
    }
  }
  for (const v of template.verbatim) {
    fs.mkdirSync(path.dirname(path.join(outDir, v.file)), { recursive: true });
    fs.writeFileSync(path.join(outDir, v.file), v.content);
  }
  fs.writeFileSync(path.join(outDir, 'org.json'), `${JSON.stringify(syntheticOrgProps({ teams, appsPerTeam }), null, 2)}\n`);
  return files + template.verbatim.length + 1;
}

function main(argv: readonly string[]): void {
  const arg = (name: string): string => {
    const i = argv.indexOf(name);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`floor: missing ${name}`);
    return argv[i + 1];
  };
  const started = process.hrtime.bigint();
  const template = JSON.parse(fs.readFileSync(arg('--template'), 'utf8')) as FloorTemplate;
  const outDir = arg('--out');
  fs.mkdirSync(outDir, { recursive: true });
  const files = writeFloor(template, Number(arg('--teams')), Number(arg('--apps')), outDir);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stderr.write(`floor: wrote ${files} files to ${outDir}\nBENCH_PARTS=${JSON.stringify({ work: ms })}\n`);
}

if (require.main === module) main(process.argv.slice(2));
