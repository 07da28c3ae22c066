/**
 * `npm run import`: regenerates `imports/` from pinned upstream files.
 *
 * - typed cdk8s bindings, one module per CRD listed in `cdk8s.yaml` (`cdk8s import`);
 * - the schema catalog: the served versions of those CRDs and of the
 *   schema-only ones (lib/import/sources.ts) as compact JSON Schema
 *   (`imports/schemas/<group>/<version>/<Kind>.json`), and an index that
 *   records the upstream releases they come from;
 * - the KubeVela built-in definitions the platform uses, with the JSON Schema
 *   of their `parameter` blocks (`imports/definitions/<name>.json`);
 * - the catalog's validators, precompiled as ajv standalone code
 *   (`imports/validators/`, see lib/import/validators.ts).
 *
 * Sources are read from a mirror folder (`--mirror DIR` or `PAVED_CRD_MIRROR`)
 * laid out as one folder per upstream repository, or downloaded from the
 * pinned upstream URLs when no mirror is given.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import type { CatalogChartValues, CatalogDefinition, CatalogDefinitionFile, CatalogIndex, CatalogKind } from '../validate/catalog-types';
import { CueParseError, parameterSchema } from '../validate/languages/cue-parameters';
import { servedVersions } from '../validate/crd-schema';
import { KUBEVELA_DEFINITIONS, KUBEVELA_PROJECT, SCHEMA_ONLY_CRDS, UPSTREAM_RELEASES, VELA_SYSTEM_NAMESPACE, definitionYamlPath, releaseFileUrl } from './sources';
import { writeValidators } from './validators';
import { checkReleasesAgainstMirror } from './release-check';
import { compareStrings } from '../private/compare';

interface ImportEntry {
  readonly alias: string;
  readonly url: string;
}

interface Options {
  readonly root: string;
  readonly mirror?: string;
  readonly bindings: boolean;
}

const RAW_PREFIX = 'https://raw.githubusercontent.com/';

function parseArgs(argv: readonly string[]): Options {
  let mirror = process.env.PAVED_CRD_MIRROR || undefined;
  let bindings = true;
  let root = process.cwd();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--mirror') mirror = argv[++i];
    else if (arg.startsWith('--mirror=')) mirror = arg.slice('--mirror='.length);
    else if (arg === '--no-bindings') bindings = false;
    else if (arg === '--root') root = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run import -- [--mirror DIR] [--no-bindings] [--root DIR]\n');
      process.exit(0);
    } else throw new Error(`unknown argument '${arg}' (allowed: --mirror DIR, --no-bindings, --root DIR)`);
  }
  return { root: path.resolve(root), mirror: mirror ? path.resolve(mirror) : undefined, bindings };
}

/** Reads the `imports` list of cdk8s.yaml. */
function readImportEntries(root: string): ImportEntry[] {
  const config = parseYaml(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')) as { imports?: unknown };
  if (!Array.isArray(config.imports)) throw new Error('cdk8s.yaml: `imports` must be a list');
  return config.imports.map((entry: unknown) => {
    const m = typeof entry === 'string' ? /^([a-z0-9-]+):=(https:\/\/\S+)$/.exec(entry) : null;
    if (!m) throw new Error(`cdk8s.yaml: import '${String(entry)}' must be 'alias:=https://...' pinned to a commit`);
    return { alias: m[1], url: m[2] };
  });
}

/** Maps a pinned raw GitHub URL to its file in the mirror. */
function mirrorPath(mirror: string, url: string): string {
  if (!url.startsWith(RAW_PREFIX)) throw new Error(`${url}: only raw.githubusercontent.com URLs can be mirrored`);
  const [owner, name, commit, ...rest] = url.slice(RAW_PREFIX.length).split('/');
  const upstream = UPSTREAM_RELEASES.find((r) => r.repo === `${owner}/${name}` && (r.commit === commit || r.chart?.valuesSchema?.commit === commit));
  if (!upstream) {
    const pinned = UPSTREAM_RELEASES.filter((r) => r.repo === `${owner}/${name}`).map((r) => `${r.tag} (${r.commit})`);
    throw new Error(`${url}: ${owner}/${name} at ${commit} is not a release of lib/import/sources.ts (${pinned.length ? `it pins ${pinned.join(', ')}` : 'it lists no release of that repository'})`);
  }
  const file = rest[rest.length - 1];
  const inDefinitions = rest.join('/').startsWith('charts/vela-core/templates/defwithtemplate/');
  return path.join(mirror, upstream.project, ...(inDefinitions ? ['definitions'] : []), file);
}

/** Reads an upstream file from the mirror, or downloads it. */
async function readSource(url: string, mirror: string | undefined): Promise<Buffer> {
  if (mirror) {
    const file = mirrorPath(mirror, url);
    if (!fs.existsSync(file)) throw new Error(`${url}: not found in the mirror (looked for ${file})`);
    return fs.readFileSync(file);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * A chart's values schema as the catalog keeps it: without `$schema` (the
 * checker reads draft-07 and the keywords these schemas use are common to
 * 2020-12) and without `required` (an Application gives only the values it
 * changes; Helm merges them over the chart's defaults before it checks them).
 */
function valuesSchemaForCheck(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(valuesSchemaForCheck);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === '$schema' || (k === 'required' && Array.isArray(v))) continue;
    out[k] =
      k === 'properties' && v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, sub]) => [name, valuesSchemaForCheck(sub)]))
        : valuesSchemaForCheck(v);
  }
  return out;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value)}\n`);
}

/** Runs `cdk8s import` on local copies of the CRDs, writing one module per alias. */
function generateBindings(root: string, entries: readonly ImportEntry[], files: ReadonlyMap<string, Buffer>): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-import-'));
  try {
    const imports = entries.map((e) => {
      const local = path.join(work, `${e.alias}.yaml`);
      fs.writeFileSync(local, files.get(e.alias) as Buffer);
      return `${e.alias}:=${local}`;
    });
    fs.writeFileSync(path.join(work, 'cdk8s.yaml'), `language: typescript\nimports:\n${imports.map((i) => `  - ${i}\n`).join('')}`);
    const outDir = path.join(root, 'imports');
    for (const file of fs.readdirSync(outDir)) {
      const full = path.join(outDir, file);
      if (file.endsWith('.ts') && fs.readFileSync(full, 'utf8').startsWith('// generated by cdk8s')) fs.unlinkSync(full);
    }
    const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
    execFileSync(cli, ['import', '--no-check-upgrade', '--language', 'typescript', '--output', outDir], { cwd: work, stdio: 'inherit' });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.mirror) checkReleasesAgainstMirror(options.mirror);
  const entries = readImportEntries(options.root);
  process.stdout.write(
    `reading ${entries.length} CRDs with bindings, ${SCHEMA_ONLY_CRDS.length} for schemas only and ${KUBEVELA_DEFINITIONS.length} KubeVela definitions from ${options.mirror ?? 'the pinned upstream URLs'}\n`,
  );

  const files = new Map<string, Buffer>();
  for (const entry of entries) files.set(entry.alias, await readSource(entry.url, options.mirror));
  // the schema-only CRDs: into the catalog, without bindings
  const schemaSources: ImportEntry[] = [...entries, ...SCHEMA_ONLY_CRDS.map((url) => ({ alias: url, url }))];
  for (const url of SCHEMA_ONLY_CRDS) files.set(url, await readSource(url, options.mirror));

  if (options.bindings) generateBindings(options.root, entries, files);

  const schemasDir = path.join(options.root, 'imports', 'schemas');
  const definitionsDir = path.join(options.root, 'imports', 'definitions');
  fs.rmSync(schemasDir, { recursive: true, force: true });
  fs.rmSync(definitionsDir, { recursive: true, force: true });

  const kinds = writeKindSchemas(schemasDir, schemaSources, files);
  const { definitions, unreadable } = await writeDefinitions(definitionsDir, options.mirror);
  const chartValues = await writeChartValues(path.join(options.root, 'imports', 'charts'), options.mirror);
  writeTemplateSchema(path.join(options.root, 'imports', 'backstage'));

  const index: CatalogIndex = {
    upstream: UPSTREAM_RELEASES,
    chartValues,
    kinds,
    definitions,
  };
  fs.writeFileSync(path.join(schemasDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);

  process.stdout.write(`wrote ${kinds.length} schemas (served versions) to imports/schemas and ${definitions.length} definitions to imports/definitions\n`);
  const validators = writeValidators(path.join(options.root, 'imports'));
  process.stdout.write(`precompiled ${validators} validators to imports/validators\n`);
  if (unreadable.length) process.stdout.write(`parameter blocks not read (their properties stay unchecked): ${unreadable.join(', ')}\n`);
}

/** Each served version of every CRD, its schema written to `<group>/<version>/<kind>.json`; the kinds, sorted. */
function writeKindSchemas(schemasDir: string, schemaSources: readonly ImportEntry[], files: ReadonlyMap<string, Buffer>): CatalogKind[] {
  const kinds: CatalogKind[] = [];
  for (const entry of schemaSources) {
    const data = files.get(entry.alias) as Buffer;
    const source = { url: entry.url, sha256: sha256(data) };
    for (const doc of parseAllDocuments(data.toString('utf8'))) {
      if (doc.errors.length) throw new Error(`${entry.url}: ${doc.errors[0].message}`);
      for (const served of servedVersions(doc.toJS(), entry.url)) {
        const file = `${served.group}/${served.version}/${served.kind}.json`;
        writeJson(path.join(schemasDir, file), served.schema);
        const { schema: _schema, ...identity } = served;
        kinds.push({ ...identity, file, source });
      }
    }
  }
  kinds.sort((a, b) => compareStrings(`${a.group}/${a.kind}/${a.version}`, `${b.group}/${b.kind}/${b.version}`));
  return kinds;
}

/** The KubeVela definitions, each with its parameters' schema (none, and named in `unreadable`, when its CUE is not read). */
async function writeDefinitions(definitionsDir: string, mirror: string | undefined): Promise<{ definitions: CatalogDefinition[]; unreadable: string[] }> {
  const definitions: CatalogDefinition[] = [];
  const unreadable: string[] = [];
  for (const name of KUBEVELA_DEFINITIONS) {
    const url = releaseFileUrl(KUBEVELA_PROJECT, definitionYamlPath(name));
    const data = await readSource(url, mirror);
    // the chart template's one Helm directive: the namespace vela-core installs definitions into
    const text = data.toString('utf8').replace(/\{\{\s*include\s+"systemDefinitionNamespace"\s+\.\s*\}\}/, VELA_SYSTEM_NAMESPACE);
    const object = parseYaml(text) as CatalogDefinitionFile['definition'];
    if (object.metadata?.name !== name) throw new Error(`${url}: expected a definition named ${name}`);
    const template = (object.spec.schematic as { cue?: { template?: string } } | undefined)?.cue?.template;
    let schema: Record<string, unknown> | null = null;
    try {
      if (!template) throw new CueParseError('no CUE template');
      schema = parameterSchema(template) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof CueParseError)) throw e;
      unreadable.push(`${name} (${e.message})`);
    }
    const file = `${name}.json`;
    const content: CatalogDefinitionFile = { definition: object, parameterSchema: schema, source: { url, sha256: sha256(data) } };
    writeJson(path.join(definitionsDir, file), content);
    definitions.push({ name, kind: object.kind as CatalogDefinition['kind'], file });
  }
  return { definitions, unreadable };
}

/** The charts' values schemas (Helm checks an Application's values against them). */
async function writeChartValues(chartsDir: string, mirror: string | undefined): Promise<CatalogChartValues[]> {
  fs.rmSync(chartsDir, { recursive: true, force: true });
  const chartValues: CatalogChartValues[] = [];
  for (const r of UPSTREAM_RELEASES) {
    const chart = r.chart;
    if (!chart?.valuesSchema) continue;
    const url = `${RAW_PREFIX}${r.repo}/${chart.valuesSchema.commit}/${chart.valuesSchema.path}`;
    const data = await readSource(url, mirror);
    const file = `${chart.name}/${chart.version}/values.schema.json`;
    writeJson(path.join(chartsDir, file), valuesSchemaForCheck(JSON.parse(data.toString('utf8')) as unknown));
    chartValues.push({ repoURL: chart.repoURL, chart: chart.name, version: chart.version, file, source: { url, sha256: sha256(data) } });
  }
  return chartValues;
}

/**
 * Backstage's Template schema, from the scaffolder's package (a dev dependency): checked at run time with
 * catalog-model's own schema validator, without the scaffolder package and the SCM clients it pulls in.
 */
function writeTemplateSchema(backstageDir: string): void {
  const scaffolderPackage = '@backstage/plugin-scaffolder-common';
  const scaffolderVersion = (JSON.parse(fs.readFileSync(require.resolve(`${scaffolderPackage}/package.json`), 'utf8')) as { version: string }).version;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const templateSchema = (require(path.join(path.dirname(require.resolve(`${scaffolderPackage}/package.json`)), 'dist', 'Template.v1beta3.schema.json.cjs.js')) as { default: unknown }).default;
  fs.rmSync(backstageDir, { recursive: true, force: true });
  writeJson(path.join(backstageDir, 'Template.v1beta3.schema.json'), { source: `${scaffolderPackage}@${scaffolderVersion}`, schema: templateSchema });
}

main().catch((e: unknown) => {
  process.stderr.write(`import failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
