import * as fs from 'fs';
import * as path from 'path';
import { Org } from '../org/org';
import { PavedValidationError } from '../private/problems';
import { assertFreshBuild } from './stale-build';
import type { PlatformDefinition, TeamApps } from '../synth/gitops';

/** The `paved` section of a project's package.json. */
export interface PavedConfig {
  /** The compiled module that exports the definition (`definition`, or the default export): `{ org?, apps }`. */
  readonly definition?: string;
  /** A JSON org file (as the platform publishes it), used when the module exports no org. */
  readonly org?: string;
  /** The GitOps tree's folder. */
  readonly out?: string;
}

/** Reads the `paved` section of the package.json in `cwd` (empty when there is none). */
export function readConfig(cwd: string): PavedConfig {
  const file = path.join(cwd, 'package.json');
  if (!fs.existsSync(file)) return {};
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { paved?: PavedConfig };
  return pkg.paved ?? {};
}

interface DefinitionModule {
  readonly org?: Org;
  readonly apps?: readonly TeamApps[];
  readonly platform?: PlatformDefinition['platform'];
  readonly portal?: PlatformDefinition['portal'];
}

/**
 * Loads a platform or team definition: the module named by `--definition` or
 * `paved.definition`, and the org it exports, or the JSON org of `--org` /
 * `paved.org` (a team repository reads the org the platform publishes).
 */
export function loadDefinition(cwd: string, options: { definition?: string; org?: string }): PlatformDefinition & { readonly source: string; readonly orgFromFile: boolean } {
  const config = readConfig(cwd);
  const file = options.definition ?? config.definition;
  const bad = (prop: string, value: unknown, allowed: string) => new PavedValidationError([{ path: 'paved', prop, value, allowed }]);
  if (!file) throw bad('definition', undefined, 'a compiled module to synthesize: pass --definition <module.js> or set "paved": {"definition": "..."} in package.json');
  const resolved = path.resolve(cwd, file);
  if (!fs.existsSync(resolved)) throw bad('definition', file, 'a module that exists (build the project first, e.g. npm run build)');
  // an org with problems is reported with the apps' problems, not thrown while the module loads
  let mod: { definition?: DefinitionModule; default?: DefinitionModule } & DefinitionModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = Org.deferProblems(() => require(resolved)) as typeof mod;
  } catch (e) {
    if (e instanceof PavedValidationError) throw e;
    throw bad('definition', file, `a module that loads (it threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`);
  }
  // the definition must be the code as it is now, not as it was at the last build
  assertFreshBuild(cwd);
  const exported: DefinitionModule = mod.definition ?? mod.default ?? mod;
  const orgFile = options.org ?? (exported.org ? undefined : config.org);
  if (orgFile && !fs.existsSync(path.resolve(cwd, orgFile))) throw missingOrg(orgFile);
  const org = orgFile ? Org.fromFile(path.resolve(cwd, orgFile)) : exported.org;
  if (!org) throw bad('definition', file, 'a module that exports an org (or pass --org <org.json>, or set "paved": {"org": "..."})');
  return { org, apps: exported.apps ?? [], platform: exported.platform, portal: exported.portal, source: orgFile ? `${file} with org ${orgFile}` : file, orgFromFile: orgFile !== undefined };
}

/**
 * The error for an org file that is not there: a team repository reads the org
 * the platform publishes (`gitops/org.json` of the platform repository).
 */
export function missingOrg(orgFile: string): PavedValidationError {
  return new PavedValidationError([
    {
      path: 'paved',
      prop: 'org',
      value: orgFile,
      allowed: "an org file that exists: the org the platform publishes as gitops/org.json (check out the platform repository's gitops/ folder, or pass --org <file>)",
    },
  ]);
}
