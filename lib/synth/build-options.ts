import type { PlatformEnvironment } from '../k8s/platform-environment';
import type { TeamScope } from '../k8s/team-scope';
import type { Org } from '../org/org';
import type { ReleaseRecord } from '../org/release-records';
import type { PortalProps } from '../portal/catalog';
import type { ManifestObject, ValidationReport } from '../validate/findings';
import type { ValidateOptions } from '../validate/validator';

/**
 * One team's app definition: called once per environment with the team's scope
 * there (its namespace, `scope.team`, `scope.environment`), it creates the
 * team's app(s) in it.
 */
export type AppDefinition = (scope: TeamScope) => void;

/** The app definitions of one team. */
export interface TeamApps {
  /** The team's name, as in the org. */
  readonly team: string;
  /** The team's app definitions. */
  readonly apps: readonly AppDefinition[];
}

/** What a platform (or a team repository) defines: the org and the apps. */
export interface PlatformDefinition {
  /** The organisation. */
  readonly org: Org;
  /** Every team's app definitions (in a team repository: that team's). */
  readonly apps: readonly TeamApps[];
  /**
   * The platform's own part of each environment: add-ons and their
   * configuration. Called once per environment with its chart; not called
   * when only some teams are synthesized.
   * @default - no add-ons
   */
  readonly platform?: (environment: PlatformEnvironment) => void;

  /**
   * How the Backstage catalog and the new-service template are generated.
   * @default - apps in "apps/<team>", a "platform" group owning the template, images on ghcr.io
   */
  readonly portal?: PortalProps;
}

/** What to synthesize. */
export interface GitOpsBuildOptions extends PlatformDefinition {
  /**
   * Synthesize only these environments.
   * @default - every environment of the org
   */
  readonly environments?: readonly string[];

  /**
   * Synthesize only these teams' parts (their namespaces and apps).
   * @default - every team of the org
   */
  readonly teams?: readonly string[];

  /**
   * Options for the validator run on the result.
   * @default - the bundled catalog
   */
  readonly validate?: ValidateOptions;

  /**
   * Objects already in the tree that this build does not own (e.g. apps a team
   * proposes from its own repository); validated together with the new ones.
   * @default []
   */
  readonly existing?: readonly ManifestObject[];

  /**
   * The apps' release records (`releases/<team>/<app>/<env>.yaml`, read with
   * `readReleaseFolder`): an app without `image` runs its record's image.
   * Each must be of an app the definitions create in that environment.
   * @default []
   */
  readonly releases?: readonly ReleaseRecord[];
}

/** The synthesized tree, in memory. */
export interface GitOpsBuild {
  /** Problems with the input, one line each: construct path, prop, value, what is allowed. */
  readonly errors: readonly string[];
  /** The files, by path relative to the tree's root, sorted; empty when there are errors. */
  readonly files: ReadonlyMap<string, string>;
  /** Objects per `apiVersion/kind`. */
  readonly objectsByKind: Readonly<Record<string, number>>;
  /** The validator's report on the tree, when it was built. */
  readonly validation?: ValidationReport;
}
