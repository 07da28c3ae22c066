import * as fs from 'fs';
import * as path from 'path';
import type { AppDefinition, TeamApps } from './gitops';

/** Whether a file name is an app definition module: `.js` or `.ts`, not a declaration, an index or a test. */
function isDefinitionModule(name: string, extension: string): boolean {
  return name.endsWith(extension) && !name.endsWith('.d.ts') && !/^index\./.test(name) && !/\.(test|spec)\./.test(name);
}

/** The extension of the modules to load: compiled `.js` when there are any, else `.ts` (under ts-node or jest). */
function moduleExtension(dir: string): string {
  const names = fs.readdirSync(dir, { recursive: true }).map(String);
  return names.some((n) => n.endsWith('.js')) ? '.js' : '.ts';
}

/**
 * The source folder of a compiled folder (`<root>/dist/apps/x` → `<root>/apps/x`),
 * when there is one: the compiler leaves the output of deleted sources behind,
 * and a deleted app must not come back from it.
 */
function sourceTwin(dir: string): string | undefined {
  const parts = path.resolve(dir).split(path.sep);
  const i = parts.lastIndexOf('dist');
  if (i < 0) return undefined;
  const twin = [...parts.slice(0, i), ...parts.slice(i + 1)].join(path.sep);
  return fs.existsSync(twin) && fs.statSync(twin).isDirectory() ? twin : undefined;
}

/**
 * Loads the app definitions of one folder by convention: every module in it
 * (sorted by name) and every function it exports, each an
 * {@link AppDefinition}. Adding an app is then adding one file: no list to
 * edit. A module that exports no function is an error. Compiled modules
 * whose source was deleted are skipped.
 */
export function loadAppDefinitions(dir: string, extension?: string): AppDefinition[] {
  // a folder whose sources hold no app yet has no compiled twin: no apps, not an error
  if (!fs.existsSync(dir) && sourceTwin(dir) !== undefined) return [];
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist: the folder of the app definitions (one module per app)`);
  return loadFrom(dir, extension ?? moduleExtension(dir));
}

function loadFrom(dir: string, extension: string): AppDefinition[] {
  const definitions: AppDefinition[] = [];
  const twin = extension === '.js' ? sourceTwin(dir) : undefined;
  const hasSource = (file: string) => !twin || fs.existsSync(path.join(twin, file.replace(/\.js$/, '.ts')));
  for (const file of fs
    .readdirSync(dir)
    .filter((n) => isDefinitionModule(n, extension) && hasSource(n))
    .sort()) {
    const full = path.join(dir, file);
    if (!fs.statSync(full).isFile()) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(full) as Record<string, unknown>;
    const found = Object.entries(mod).filter((e): e is [string, AppDefinition] => typeof e[1] === 'function');
    if (found.length === 0) throw new Error(`${full} exports no app definition: export a function (scope) => { new AppConstruct(scope, ...) }`);
    for (const [name, define] of found) {
      // named after the file, so problems say where the app is defined
      const label = `${path.basename(dir)}/${file}${name === 'default' ? '' : `#${name}`}`;
      definitions.push(Object.defineProperty((scope: Parameters<AppDefinition>[0]) => define(scope), 'name', { value: label }));
    }
  }
  return definitions;
}

/**
 * Loads every team's app definitions from a folder with one sub-folder per
 * team (`apps/<team>/<app>.ts`), as {@link loadAppDefinitions} does for each.
 */
export function loadTeamApps(dir: string): TeamApps[] {
  const extension = moduleExtension(dir);
  const twin = extension === '.js' ? sourceTwin(dir) : undefined;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (!twin || fs.existsSync(path.join(twin, e.name))))
    .map((e) => e.name)
    .sort()
    .map((team) => ({ team, apps: loadAppDefinitions(path.join(dir, team), extension) }));
}
