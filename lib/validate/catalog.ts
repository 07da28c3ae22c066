import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { yaml } from '../private/yaml';
import { servedVersions } from './crd-schema';
import { CueParseError, parameterSchema } from './languages/cue-parameters';
import { PLATFORM_DEFINITIONS } from '../definitions';
import type { CatalogDefinitionFile, CatalogIndex, CatalogKind, CatalogRelease } from './catalog-types';
import { compareStrings } from '../private/compare';

/** A custom resource kind the catalog knows, with its schema. */
export interface KnownKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** The resource name (plural) rules and URLs use, when the catalog knows it. */
  readonly plural?: string;
  /** Where the schema came from: the committed catalog or an extra CRD file. */
  readonly origin: string;
  /** Loads the schema (lazily: some are large). */
  schema(): Record<string, unknown>;
  /**
   * The key of this kind's validator (see `validatorKey`), from the schema
   * file's text without parsing it, when the catalog has the file.
   */
  validatorKey?(preparation: 'strict' | 'partial'): string;
}

/** A KubeVela definition the catalog knows. */
export interface KnownDefinition {
  readonly name: string;
  readonly kind: string;
  /** JSON Schema of the definition's parameters, or null if not readable. */
  readonly parameterSchema: Record<string, unknown> | null;
  /** The definition's CUE template, if it has one. */
  readonly template?: string;
}

/**
 * The schema catalog: the custom resource schemas and KubeVela definitions
 * committed under `imports/`, optionally extended with CRD files.
 */
export class SchemaCatalog {
  /**
   * The catalog committed with this package (`imports/schemas`, `imports/definitions`).
   */
  public static bundled(): SchemaCatalog {
    if (!bundledCatalog) bundledCatalog = SchemaCatalog.fromDirectory(findImportsDir()).withPlatformDefinitions();
    return bundledCatalog;
  }

  /** Reads a catalog from an `imports/`-shaped directory. */
  public static fromDirectory(importsDir: string): SchemaCatalog {
    const index = JSON.parse(fs.readFileSync(path.join(importsDir, 'schemas', 'index.json'), 'utf8')) as CatalogIndex;
    const catalog = new SchemaCatalog(index.upstream);
    for (const c of index.chartValues ?? []) {
      let schema: Record<string, unknown> | undefined;
      catalog.chartValues.set(chartKey(c.repoURL, c.chart, c.version), () => (schema ??= JSON.parse(fs.readFileSync(path.join(importsDir, 'charts', c.file), 'utf8')) as Record<string, unknown>));
    }
    for (const k of index.kinds) catalog.addKind(bundledKind(importsDir, k));
    for (const d of index.definitions) {
      const file = JSON.parse(fs.readFileSync(path.join(importsDir, 'definitions', d.file), 'utf8')) as CatalogDefinitionFile;
      const template = (file.definition.spec.schematic as { cue?: { template?: string } } | undefined)?.cue?.template;
      catalog.definitions.set(d.name, { name: d.name, kind: d.kind, parameterSchema: file.parameterSchema, template });
    }
    return catalog;
  }

  private readonly kinds = new Map<string, KnownKind>();
  private readonly chartValues = new Map<string, () => Record<string, unknown>>();
  private readonly definitions = new Map<string, KnownDefinition>();

  /**
   * The upstream releases the catalog's schemas and definitions come from, and
   * the charts and packages that install them.
   */
  public readonly releases: readonly CatalogRelease[];

  private constructor(releases: readonly CatalogRelease[]) {
    this.releases = releases;
  }

  /** A copy of this catalog extended with every served version of the CRDs in these files or directories. */
  public withCrds(paths: readonly string[]): SchemaCatalog {
    const copy = new SchemaCatalog(this.releases);
    for (const [key, c] of this.chartValues) copy.chartValues.set(key, c);
    for (const [key, k] of this.kinds) copy.kinds.set(key, k);
    for (const [key, d] of this.definitions) copy.definitions.set(key, d);
    for (const file of paths.flatMap((p) => yamlFiles(p))) {
      for (const doc of yaml.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const object = doc.toJS() as { kind?: unknown } | null;
        if (object?.kind !== 'CustomResourceDefinition') continue;
        for (const v of servedVersions(object, file)) {
          copy.addKind({ group: v.group, version: v.version, kind: v.kind, plural: v.plural, scope: v.scope, origin: file, schema: () => v.schema });
        }
      }
    }
    return copy;
  }

  /**
   * A copy of this catalog with the platform's own KubeVela definitions
   * (lib/definitions), so that a tree that uses them is checked and rendered
   * even when it does not hold them (a team's part).
   */
  public withPlatformDefinitions(): SchemaCatalog {
    const copy = new SchemaCatalog(this.releases);
    for (const [key, k] of this.kinds) copy.kinds.set(key, k);
    for (const [key, d] of this.definitions) copy.definitions.set(key, d);
    for (const [key, c] of this.chartValues) copy.chartValues.set(key, c);
    for (const d of PLATFORM_DEFINITIONS) {
      let parameters: Record<string, unknown> | null;
      try {
        parameters = parameterSchema(d.template) as Record<string, unknown>;
      } catch (e) {
        if (!(e instanceof CueParseError)) throw e;
        parameters = null;
      }
      copy.definitions.set(d.name, { name: d.name, kind: d.kind, parameterSchema: parameters, template: d.template });
    }
    return copy;
  }

  /** The kind of that apiVersion (`group/version`) and kind, if known. */
  public kind(apiVersion: string, kind: string): KnownKind | undefined {
    return this.kinds.get(`${apiVersion}/${kind}`);
  }

  /** Every kind the catalog knows (each served version once). */
  public knownKinds(): KnownKind[] {
    return [...this.kinds.values()];
  }

  /** Whether a group is served by any known kind (to tell an unserved version from an unknown kind). */
  public versionsOf(group: string, kind: string): string[] {
    return [...this.kinds.values()].filter((k) => k.group === group && k.kind === kind).map((k) => k.version);
  }

  /**
   * The values schema of a Helm chart at a version, when the catalog has it:
   * the chart's `values.schema.json` without `required` (values are merged
   * over the chart's defaults before Helm checks them).
   */
  public chartValuesSchema(repoURL: string, chart: string, version: string): Record<string, unknown> | undefined {
    return this.chartValues.get(chartKey(repoURL, chart, version))?.();
  }

  /** The KubeVela definition of that name, if the catalog vendors it. */
  public definition(name: string): KnownDefinition | undefined {
    return this.definitions.get(name);
  }

  /** Names of every vendored KubeVela definition of a kind. */
  public definitionNames(kind: string): string[] {
    return [...this.definitions.values()]
      .filter((d) => d.kind === kind)
      .map((d) => d.name)
      .sort();
  }

  private addKind(k: KnownKind): void {
    this.kinds.set(`${k.group}/${k.version}/${k.kind}`, k);
  }
}

let bundledCatalog: SchemaCatalog | undefined;

const chartKey = (repoURL: string, chart: string, version: string) => `${repoURL.replace(/\/+$/, '')} ${chart} ${version}`;

function bundledKind(importsDir: string, k: CatalogKind): KnownKind {
  let text: string | undefined;
  let schema: Record<string, unknown> | undefined;
  const read = () => (text ??= fs.readFileSync(path.join(importsDir, 'schemas', k.file), 'utf8'));
  return {
    group: k.group,
    version: k.version,
    kind: k.kind,
    plural: k.plural,
    scope: k.scope,
    origin: k.source.url,
    schema: () => {
      schema ??= JSON.parse(read()) as Record<string, unknown>;
      return schema;
    },
    // npm run import writes each schema as JSON.stringify's output (and a newline): the same text the key hashes
    validatorKey: (preparation) => createHash('sha256').update(`${preparation}\n${read().trimEnd()}`).digest('hex'),
  };
}

/** Finds the package's `imports/` folder from here, in the sources or in `dist/`. */
export function findImportsDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'imports', 'schemas', 'index.json');
    if (fs.existsSync(candidate)) return path.join(dir, 'imports');
    if (path.dirname(dir) === dir) throw new Error(`no schema catalog (imports/schemas/index.json) above ${__dirname}`);
  }
}

/** The YAML files at a path: the file itself, or every .yaml/.yml file below a directory, sorted. */
export function yamlFiles(p: string): string[] {
  const stat = fs.statSync(p);
  if (stat.isFile()) return [p];
  const out: string[] = [];
  for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
    const full = path.join(p, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}
