/**
 * The measured child processes that run paved (one mode per process):
 *
 *   startup  --out DIR                     the example org as npm run synth writes it, cold
 *                                          (platform/synth.js): the GitOps tree into DIR/gitops
 *                                          (paved synth, its definitions in a process of their own)
 *                                          and, meanwhile, the cloud stacks into DIR/cdktf
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
import { type OrgSize, TEMPLATE_APP, TEMPLATE_TEAM, appName, appSpec, syntheticOrgProps } from './synthetic-org';

type Lib = typeof import('../lib');

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

/**
 * What `npm run synth` runs once the compiler has (platform/synth.ts: paved
 * synth, its definitions in their own process, and the cloud stacks), cold:
 * the record of an earlier synth into the tree and its kept schema checks are
 * removed first. Runs in the project's root, as npm run synth does.
 */
async function startup(outDir: string): Promise<Record<string, number>> {
  const gitops = path.join(outDir, 'gitops');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../lib/cli/synth-record') as typeof import('../lib/cli/synth-record')).forgetSynthRecord(process.cwd(), gitops);
  const t0 = now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synth } = require('../platform/synth') as typeof import('../platform/synth');
  const parts: Record<string, number> = { load: since(t0) };
  const code = await synth(['--out', gitops], path.join(outDir, 'cdktf'), console.log, (part, ms) => (parts[part] = ms));
  if (code !== 0) {
    process.stderr.write(`npm run synth's program failed (exit ${code})\n`);
    process.exit(code);
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
  // the floor's module (it loads yaml's writer) only here: the other modes time paved alone
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TEMPLATE_APP_CATALOG_DIR, TEMPLATE_APP_DIR, isObjectFile } = require('./floor') as typeof import('./floor');
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

async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string): string => {
    const i = argv.indexOf(name);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`synth-child: missing ${name}`);
    return argv[i + 1];
  };
  const withDatabase = argv.includes('--database');
  let parts: Record<string, number>;
  switch (argv[0]) {
    case 'startup':
      parts = await startup(arg('--out'));
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

if (require.main === module) void main(process.argv.slice(2));
