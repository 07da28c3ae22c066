/**
 * The measured child processes that run paved (one mode per process):
 *
 *   startup  --out DIR                     the example org: platform/k8s.js's definition
 *                                          with synthGitOps into DIR/gitops, then, when
 *                                          platform/infra.js exists, its cloud stacks into DIR/cdktf
 *   synth    --teams N --apps M --out DIR  the synthetic org (bench/synthetic-org.ts) with synthGitOps
 *   template --out DIR --template FILE     a one-team, one-app synthetic org, saved as the floor's template
 *
 * `--database` gives every synthetic app a database (see databaseProps).
 * Each reports its parts' times on standard error as `BENCH_PARTS={...}`; a
 * synth that fails (validation included) prints its problems and exits 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AppDefinition, PlatformDefinition, TeamApps } from '../lib/synth/gitops';
import type { FloorTemplate, Json, TemplateObject } from './floor';
import { TEMPLATE_APP_CATALOG_DIR, TEMPLATE_APP_DIR, isObjectFile } from './floor';
import { type OrgSize, TEMPLATE_APP, TEMPLATE_TEAM, appName, appSpec, syntheticOrgProps } from './synthetic-org';

type Lib = typeof import('../lib');

/** What platform/infra.js exports, as far as the bench relies on it. */
interface InfraModule {
  readonly main?: (outdir: string, log?: (line: string) => void) => number;
}

const now = () => process.hrtime.bigint();
const since = (t: bigint) => Number(now() - t) / 1e6;

function loadLib(): Lib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../lib') as Lib;
}

/** The synthetic org's definition: the example platform's add-ons and every team's apps. */
export function syntheticDefinition(lib: Lib, size: OrgSize, withDatabase: boolean): PlatformDefinition {
  const org = new lib.Org(syntheticOrgProps(size));
  const apps: TeamApps[] = org.teams.map((team) => ({
    team: team.name,
    apps: Array.from({ length: size.appsPerTeam }, (_, a): AppDefinition => {
      const name = appName(a);
      return (scope) => {
        new lib.AppConstruct(scope, name, { team: scope.team, ...appSpec(team.name, name, withDatabase) });
      };
    }),
  }));
  // the example platform's add-ons (platform/addons.ts), for this org
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { platform } = require('../platform/addons') as typeof import('../platform/addons');
  return { org, apps, platform };
}

function synthOrFail(lib: Lib, definition: PlatformDefinition, outDir: string): ReadonlyMap<string, string> {
  const result = lib.synthGitOps({ ...definition, outDir });
  if (!result.written) {
    process.stderr.write(`synth failed with ${result.errors.length} problem(s):\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(1);
  }
  return result.files;
}

function startup(outDir: string): Record<string, number> {
  const t0 = now();
  const lib = loadLib();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { definition } = require('../platform/k8s') as typeof import('../platform/k8s');
  const load = since(t0);
  const t1 = now();
  // and the release records beside it, as paved synth reads them
  synthOrFail(lib, { ...definition, releases: lib.readReleaseFolder(path.join(__dirname, '..', '..')).records } as PlatformDefinition, path.join(outDir, 'gitops'));
  const parts: Record<string, number> = { load, cdk8s: since(t1) };
  const infraFile = path.join(__dirname, '..', 'platform', 'infra.js');
  if (fs.existsSync(infraFile)) {
    const t2 = now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const infra = require(infraFile) as InfraModule;
    if (typeof infra.main !== 'function') throw new Error(`${infraFile} exports no main(outdir, log)`);
    const lines: string[] = [];
    const code = infra.main(path.join(outDir, 'cdktf'), (line) => lines.push(line));
    if (code !== 0) throw new Error(`cdktf synth failed (exit ${code}):\n${lines.join('\n')}`);
    parts.cdktf = since(t2);
  }
  return parts;
}

function synth(size: OrgSize, withDatabase: boolean, outDir: string): Record<string, number> {
  const t0 = now();
  const lib = loadLib();
  const load = since(t0);
  const t1 = now();
  const definition = syntheticDefinition(lib, size, withDatabase);
  const define = since(t1);
  const t2 = now();
  synthOrFail(lib, definition, outDir);
  return { load, define, synth: since(t2) };
}

/** Synthesizes a one-team, one-app org and sorts its objects into the floor's template. */
function template(withDatabase: boolean, outDir: string, templateFile: string): Record<string, number> {
  const lib = loadLib();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  const files = synthOrFail(lib, syntheticDefinition(lib, { teams: 1, appsPerTeam: 1 }, withDatabase), outDir);
  const global: TemplateObject[] = [];
  const perTeam: TemplateObject[] = [];
  const perApp: TemplateObject[] = [];
  const listing: TemplateObject[] = [];
  const verbatim: { file: string; content: string }[] = [];
  const notWritten: string[] = [];
  let header = '';
  for (const [file, content] of files) {
    if (!isObjectFile(file)) {
      // not an object of the cluster's folder: the floor builds org.json, copies what names no team
      if (file === 'org.json') continue;
      if (content.includes(TEMPLATE_TEAM)) notWritten.push(file);
      else verbatim.push({ file, content });
      continue;
    }
    header = /^(#[^\n]*\n)*/.exec(content)?.[0] ?? '';
    const entry: TemplateObject = { file, object: parse(content) as Json };
    // an app's files: its folders, and files elsewhere named after it (its NetworkPolicy in the team's namespace)
    if (file.startsWith(TEMPLATE_APP_DIR) || file.startsWith(TEMPLATE_APP_CATALOG_DIR) || path.basename(file).includes(TEMPLATE_APP)) perApp.push(entry);
    else if (file.includes(TEMPLATE_TEAM)) perTeam.push(entry);
    else if (content.includes(TEMPLATE_TEAM)) listing.push(entry);
    else global.push(entry);
  }
  const result: FloorTemplate = { header, global, perTeam, listing, perApp, verbatim, notWritten };
  fs.writeFileSync(templateFile, JSON.stringify(result));
  process.stdout.write(
    `template: ${global.length} global, ${listing.length} listing every team, ${perTeam.length} per team, ${perApp.length} per app, ${verbatim.length} other files; not written by the floor: ${notWritten.join(', ') || 'none'}\n`,
  );
  return {};
}

function main(argv: readonly string[]): void {
  const arg = (name: string): string => {
    const i = argv.indexOf(name);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`synth-child: missing ${name}`);
    return argv[i + 1];
  };
  const withDatabase = argv.includes('--database');
  let parts: Record<string, number>;
  switch (argv[0]) {
    case 'startup':
      parts = startup(arg('--out'));
      break;
    case 'synth':
      parts = synth({ teams: Number(arg('--teams')), appsPerTeam: Number(arg('--apps')) }, withDatabase, arg('--out'));
      break;
    case 'template':
      parts = template(withDatabase, arg('--out'), arg('--template'));
      break;
    default:
      throw new Error(`synth-child: unknown mode ${String(argv[0])} (startup, synth, template)`);
  }
  process.stderr.write(`BENCH_PARTS=${JSON.stringify(parts)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
