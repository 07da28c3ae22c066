import * as fs from 'fs';
import * as path from 'path';
import type { Org } from '../org/org';
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

/** Where a definition comes from, before anything is loaded: its module, and the org file it is read with, if any. */
export interface DefinitionSource {
  /** The module, as given (`--definition` or `paved.definition`). */
  readonly file: string;
  /** The module's absolute path. */
  readonly resolved: string;
  /** The org file that is read when the module exports no org (`--org` always wins), as given, if any. */
  readonly orgFile?: string;
  /** Whether the org file is read even if the module exports an org (`--org`). */
  readonly orgGiven: boolean;
}

const badDefinition = (prop: string, value: unknown, allowed: string) => new PavedValidationError([{ path: 'paved', prop, value, allowed }]);

/** Which module and org file a command reads, from its options and package.json, checked to exist; nothing is loaded. */
export function definitionSource(cwd: string, options: { definition?: string; org?: string }): DefinitionSource {
  const config = readConfig(cwd);
  const file = options.definition ?? config.definition;
  if (!file) throw badDefinition('definition', undefined, 'a compiled module to synthesize: pass --definition <module.js> or set "paved": {"definition": "..."} in package.json');
  const resolved = path.resolve(cwd, file);
  if (!fs.existsSync(resolved)) throw badDefinition('definition', file, 'a module that exists (build the project first, e.g. npm run build)');
  const orgFile = options.org ?? config.org;
  return { file, resolved, ...(orgFile !== undefined ? { orgFile } : {}), orgGiven: options.org !== undefined };
}

/**
 * Loads a platform or team definition: the module named by `--definition` or
 * `paved.definition`, and the org it exports, or the JSON org of `--org` /
 * `paved.org` (a team repository reads the org the platform publishes).
 * Runs the module in this process, with this process's environment: `paved
 * synth` and the other commands load definitions in a sandbox
 * (lib/cli/sandbox.ts), which calls {@link loadDefinitionModule}.
 */
export function loadDefinition(cwd: string, options: { definition?: string; org?: string }): LoadedDefinition {
  const loaded = loadDefinitionModule(cwd, options);
  // the definition must be the code as it is now, not as it was at the last build
  assertFreshBuild(cwd);
  return loaded;
}

/** A loaded definition: what it defines, and where from. */
export type LoadedDefinition = PlatformDefinition & { readonly source: string; readonly orgFromFile: boolean };

/** {@link loadDefinition} without the check that the compiled code is current (the sandbox leaves that to the trusted process). */
export function loadDefinitionModule(cwd: string, options: { definition?: string; org?: string }): LoadedDefinition {
  const { file, resolved, orgFile: configured, orgGiven } = definitionSource(cwd, options);
  // loaded here, not with this file: `paved synth` reads this file before it starts the sandbox, which does not wait for the org's modules
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Org } = require('../org/org') as typeof import('../org/org');
  // an org with problems is reported with the apps' problems, not thrown while the module loads
  let mod: { definition?: DefinitionModule; default?: DefinitionModule } & DefinitionModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = Org.deferProblems(() => require(resolved)) as typeof mod;
  } catch (e) {
    if (e instanceof PavedValidationError) throw e;
    throw badDefinition('definition', file, `a module that loads (it threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`);
  }
  const exported: DefinitionModule = mod.definition ?? mod.default ?? mod;
  const orgFile = orgGiven ? configured : exported.org ? undefined : configured;
  if (orgFile && !fs.existsSync(path.resolve(cwd, orgFile))) throw missingOrg(orgFile);
  const org = orgFile ? Org.fromFile(path.resolve(cwd, orgFile)) : exported.org;
  if (!org) throw badDefinition('definition', file, 'a module that exports an org (or pass --org <org.json>, or set "paved": {"org": "..."})');
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

/**
 * The folder whose `releases/` holds a definition's release records: the
 * project the definition module belongs to (the nearest folder above it with
 * a package.json), so a definition is synthesized with its own records from
 * wherever paved runs; `cwd` when the module is in no project.
 */
export function releasesRoot(cwd: string, definitionModule: string | undefined): string {
  if (definitionModule === undefined) return cwd;
  for (let dir = path.dirname(path.resolve(cwd, definitionModule)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}
