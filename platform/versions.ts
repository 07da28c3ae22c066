/**
 * The add-ons' chart and package versions per environment: one typed table.
 * Every registered add-on (lib/addons/registry.ts) runs, in every environment,
 * the release its declaration pins, which is the release whose CRDs (and
 * KubeVela definitions) the schema catalog holds; an environment that runs
 * another version says so in {@link VERSION_OVERRIDES}. Promoting a version
 * from staging to prod is a one-line change there, and `paved diff` shows it
 * as one changed field of one Application.
 *
 * `paved validate` warns ([release]) wherever a tree installs another version
 * than the catalog's, and a test holds this table to the catalog. To upgrade:
 * change the release in the add-on's declaration (lib/addons/), run
 * `npm run import`.
 */
import { pinnedVersion } from '../lib/addons/declaration';
import { ADD_ONS, type AddOnName } from '../lib/addons/registry';

export type { AddOnName } from '../lib/addons/registry';

/** The example org's environments. */
type EnvironmentName = 'staging' | 'prod';

/** Versions that differ from the declaration's pinned release, by add-on and environment (none today). */
const VERSION_OVERRIDES: { readonly [N in AddOnName]?: Partial<Record<EnvironmentName, string>> } = {};

/** Every registered add-on's version, by environment. */
export const ADD_ON_VERSIONS = Object.fromEntries(ADD_ONS.map((a) => [a.name, { staging: pinnedVersion(a), prod: pinnedVersion(a), ...VERSION_OVERRIDES[a.name] }])) as Readonly<
  Record<AddOnName, Readonly<Record<EnvironmentName, string>>>
>;

/** The pinned version of an add-on in an environment; fails for an environment the table lacks. */
export function addOnVersion(addOn: AddOnName, environment: string): string {
  const versions: Readonly<Record<string, string>> = ADD_ON_VERSIONS[addOn];
  const version = versions[environment];
  if (version === undefined) {
    throw new Error(`platform/versions.ts: add-on ${addOn} has no version for environment ${environment} (it has ${Object.keys(versions).join(', ')})`);
  }
  return version;
}
