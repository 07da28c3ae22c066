/**
 * The shape of the committed schema catalog (`imports/schemas/index.json` and
 * `imports/definitions/*.json`), written by `npm run import` and read by the validator.
 */

/** Where an upstream file came from. */
export interface CatalogSource {
  /** The pinned upstream URL. */
  readonly url: string;
  /** SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** One served version of a custom resource. */
export interface CatalogKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly deprecated: boolean;
  /** Path of the schema file, relative to the catalog's `schemas/` folder. */
  readonly file: string;
  readonly source: CatalogSource;
}

/** A KubeVela definition vendored into the catalog. */
export interface CatalogDefinition {
  readonly name: string;
  readonly kind: 'ComponentDefinition' | 'TraitDefinition' | 'PolicyDefinition' | 'WorkflowStepDefinition';
  /** Path of the definition file, relative to the catalog's `definitions/` folder. */
  readonly file: string;
}

/** An upstream release the catalog was built from, and what installs it. */
export interface CatalogRelease {
  /** Short name of the project. */
  readonly project: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  /** The release tag. */
  readonly tag: string;
  /** The commit the tag names (absent when no file of the release is read). */
  readonly commit?: string;
  /** The day of the tag's commit. */
  readonly date: string;
  /** The Helm chart that installs this release. */
  readonly chart?: {
    readonly repoURL: string;
    readonly name: string;
    readonly version: string;
    readonly appVersion: string;
    readonly valuesSchema?: { readonly commit: string; readonly path: string };
  };
  /** Crossplane packages (OCI references without tag) built from this release; their tag is the release tag. */
  readonly packages?: readonly string[];
  /** The newest stable tag upstream had when the release table was made. */
  readonly newestStableTag?: string;
  /** Upstream's support policy, where it publishes one. */
  readonly support?: { readonly policy: string; readonly source: string; readonly newestMinors?: number; readonly endOfSupport?: string };
}

/** A Helm chart's values schema in the catalog. */
export interface CatalogChartValues {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /**
   * Path of the schema, relative to the catalog's `charts/` folder: the
   * chart's `values.schema.json` without `$schema` and `required` (the values
   * an Application gives are merged over the chart's defaults).
   */
  readonly file: string;
  readonly source: CatalogSource;
}

/** `imports/schemas/index.json`. */
export interface CatalogIndex {
  /** The upstream releases the catalog was built from. */
  readonly upstream: readonly CatalogRelease[];
  /** The values schemas of the charts that have one. */
  readonly chartValues?: readonly CatalogChartValues[];
  readonly kinds: readonly CatalogKind[];
  readonly definitions: readonly CatalogDefinition[];
}

/** `imports/definitions/<name>.json`. */
export interface CatalogDefinitionFile {
  /** The definition object as vela-core installs it. */
  readonly definition: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace: string; readonly annotations?: Record<string, string> };
    readonly spec: Record<string, unknown>;
  };
  /**
   * JSON Schema of the definition's `parameter` block, or null when the import
   * could not read it (the validator then reports the properties as unchecked).
   */
  readonly parameterSchema: Record<string, unknown> | null;
  readonly source: CatalogSource;
}
