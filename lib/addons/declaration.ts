/**
 * What an add-on declares about itself, as plain data: read by the GitOps side
 * (its Argo CD Application, the platform's namespaces), by the release table
 * of the schema catalog (lib/import/sources.ts), by the version table of an
 * org (platform/versions.ts) and by the docs. No construct here: the cloud
 * side (lib/infra) may read it too.
 */
import type { AddOnCloudRole } from './cloud-rights';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';

/** The Helm chart that installs a release. */
export interface ReleaseChart {
  /** The Helm repository. */
  readonly repoURL: string;
  /** The chart's name in it. */
  readonly name: string;
  /** The chart version that installs this release. */
  readonly version: string;
  /** The chart's appVersion (the release it deploys). */
  readonly appVersion: string;
  /**
   * Where the chart's `values.schema.json` is, when it has one: the commit of
   * the chart's tag and the file's path (Helm checks values against it).
   */
  readonly valuesSchema?: { readonly commit: string; readonly path: string };
}

/** An upstream project's published support policy for its releases. */
export interface ReleaseSupport {
  /** The policy, in a sentence. */
  readonly policy: string;
  /** Where upstream publishes it. */
  readonly source: string;
  /** How many of the newest minor releases upstream supports (patches), when the policy counts minors. */
  readonly newestMinors?: number;
  /** The last day this release's minor is supported (`YYYY-MM-DD`), when upstream gives a date. */
  readonly endOfSupport?: string;
}

/** An upstream project at one release tag. */
export interface UpstreamRelease {
  /** Short name, also the project's folder in a mirror. */
  readonly project: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  /** The release tag. */
  readonly tag: string;
  /**
   * The commit the tag names: every file of the release is read at this
   * commit. Absent for a release paved reads no file of (only its chart).
   */
  readonly commit?: string;
  /** The day of the tag's commit (`YYYY-MM-DD`). */
  readonly date: string;
  /** The Helm chart that installs this release, when upstream publishes one. */
  readonly chart?: ReleaseChart;
  /**
   * Crossplane packages built from this release (OCI references without a
   * tag; the tag is the release tag).
   */
  readonly packages?: readonly string[];
  /** The newest stable tag upstream had on the day the table's tags were read (`UPSTREAM_TAGS_AS_OF`). */
  readonly newestStableTag: string;
  /** What upstream says about how long a release is supported, where it says so. */
  readonly support?: ReleaseSupport;
  /**
   * Where the tag and chart were checked, for a release the CRD mirror does
   * not record (its versions.json then cannot confirm it).
   * @default - the mirror's versions.json confirms it
   */
  readonly evidence?: string;
}

/** A field Argo CD leaves alone when it compares an add-on's objects with Git (one its controllers set at runtime). */
export interface IgnoredDifference {
  /** The objects' API group (`''` for the core group). */
  readonly group?: string;
  /** Their kind. */
  readonly kind: string;
  /** Only the object of this name. @default - every object of the kind */
  readonly name?: string;
  /** Only in this namespace. @default - every namespace */
  readonly namespace?: string;
  /** The fields, as jq paths. @default - none */
  readonly jqPathExpressions?: string[];
  /** The fields, as JSON pointers. @default - none */
  readonly jsonPointers?: string[];
}

/** What an add-on's values and namespace may depend on: the org and the environment it is installed in. */
export interface AddOnContext {
  /** The organisation. */
  readonly org: Org;
  /** The environment. */
  readonly environment: Environment;
}

/** How an add-on is delivered to a cluster: a Helm chart, in an Argo CD Application of the platform. */
export interface AddOnApplication {
  /** The namespace it runs in, created with the platform's namespaces. */
  readonly namespace: string | ((env: Environment) => string);
  /**
   * The API groups whose CRDs the chart installs (their users must sync in a later wave).
   * @default []
   */
  readonly apiGroups?: readonly string[];
  /**
   * Whether the chart's CRDs are too large for client-side apply.
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * Fields the add-on's own controllers set at runtime.
   * @default []
   */
  readonly ignoreDifferences?: readonly IgnoredDifference[] | ((env: Environment) => readonly IgnoredDifference[]);
  /**
   * The Helm values, when they are data of the org and the environment alone:
   * the add-on is then built from its declaration (`DeclaredAddOn`). An
   * add-on whose values take props of the org's choosing, or that brings
   * objects of its own besides the chart, has a construct class that fills
   * them (and is built by the org's platform code).
   * @default - a class of its own builds it
   */
  readonly values?: (context: AddOnContext) => Record<string, unknown>;
}

/**
 * Everything about one add-on: its name (the Application's, the Helm
 * release's and its key in an org's version table), the upstream release it
 * installs (the schema catalog's, with the project's support policy), and,
 * for one installed by a Helm chart, its Application. Declared once, in its
 * own file of lib/addons/, registered in `ADD_ONS` (lib/addons/registry.ts).
 */
export interface AddOnDeclaration<N extends string = string> {
  /** The Application's name, the Helm release's, and the key of the versions table. */
  readonly name: N;
  /** What it installs: the release the schema catalog holds, and its chart or packages. */
  readonly release: UpstreamRelease;
  /**
   * Only in environments where this holds.
   * @default - every environment
   */
  readonly when?: (env: Environment) => boolean;
  /**
   * Its Argo CD Application, for an add-on installed by a Helm chart.
   * @default - none: installed by the platform otherwise (Crossplane packages: `PlatformServices`)
   */
  readonly application?: AddOnApplication;
  /**
   * The IAM role its controller assumes (IRSA), created by the cloud side.
   * @default - none: it needs no cloud rights
   */
  readonly cloudRole?: AddOnCloudRole;
}

/** Declares an add-on (keeps its name's literal type, so the registry knows every name). */
export function declareAddOn<N extends string>(declaration: AddOnDeclaration<N>): AddOnDeclaration<N> {
  return declaration;
}

/** The version a release pins: its chart's version, or its packages' tag. */
export function pinnedVersion(declaration: AddOnDeclaration): string {
  return declaration.release.chart?.version ?? declaration.release.tag;
}

/** The namespace an add-on runs in, in one environment; undefined for one without an Application. */
export function addOnNamespace(declaration: AddOnDeclaration, env: Environment): string | undefined {
  const ns = declaration.application?.namespace;
  return typeof ns === 'function' ? ns(env) : ns;
}
