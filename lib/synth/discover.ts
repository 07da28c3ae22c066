import * as fs from 'fs';
import * as path from 'path';
import { PavedValidationError } from '../private/problems';
import { deferLoad, deferring, definitionsOf, isDirectory, listAppModules, listTeamFolders } from './app-modules';
import type { AppDefinition, TeamApps } from './gitops';

/**
 * Loads the app definitions of one folder by convention: every module in it
 * (sorted by name) and every function it exports, each an
 * {@link AppDefinition}. Adding an app is then adding one file: no list to
 * edit. A module that exports no function is an error. Compiled modules
 * whose source was deleted are skipped.
 *
 * The modules are loaded with paved's own loader, not Node's: each may load
 * paved's public API and the modules of its own folder, nothing else; a link
 * in the folder is refused, never followed. (In `paved synth` they are loaded
 * later, in the process that runs the definitions, once that process's
 * environment is set: the returned array is filled then.)
 */
export function loadAppDefinitions(dir: string, extension?: string): AppDefinition[] {
  const into: AppDefinition[] = [];
  if (deferLoad({ kind: 'apps', dir: path.resolve(dir), ...(extension ? { extension } : {}), into })) return into;
  const list = listAppModules(dir, extension);
  if (list.problems.length > 0) throw new PavedValidationError(list.problems);
  const { definitions, problems } = definitionsOf(list.dir, list.files);
  if (problems.length > 0) throw new PavedValidationError(problems);
  return definitions;
}

/**
 * Loads every team's app definitions from a folder with one sub-folder per
 * team (`apps/<team>/<app>.ts`), as {@link loadAppDefinitions} does for each.
 */
export function loadTeamApps(dir: string): TeamApps[] {
  // deferred: the teams' folders as compiled, each with its list to fill (a definition may copy this list before it is filled)
  const into = (): TeamApps[] =>
    isDirectory(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort()
          .map((team) => ({ team, apps: [] }))
      : [];
  const pending = deferring() ? into() : undefined;
  if (pending && deferLoad({ kind: 'teams', dir: path.resolve(dir), into: pending })) return pending;
  const listed = listTeamFolders(dir);
  const problems = [...listed.problems, ...listed.teams.flatMap((t) => t.modules.problems)];
  if (problems.length > 0) throw new PavedValidationError(problems);
  const teams = listed.teams.map(({ team, modules }) => {
    const loaded = definitionsOf(modules.dir, modules.files);
    problems.push(...loaded.problems);
    return { team, apps: loaded.definitions };
  });
  if (problems.length > 0) throw new PavedValidationError(problems);
  return teams;
}
