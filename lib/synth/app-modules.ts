/**
 * Finding and loading a team's app modules: the listing (links refused, never
 * followed), paved's loader for each folder, and the deferred loading of the
 * process that runs definitions (lib/cli/sandbox-child.ts), whose team modules
 * are listed by the trusted process and loaded only once the environment is set.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Problem, PavedValidationError, show } from '../private/problems';
import { TeamModuleLoader, isInside } from './team-loader';
import { compareStrings } from '../private/compare';
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
  return isDirectory(twin) ? twin : undefined;
}

/** Whether a path is a folder itself (not a link to one). */
export function isDirectory(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

const shown = (p: string) => path.relative(process.cwd(), p).split(path.sep).join('/') || '.';

/** The problem of a link in a team's folder: never followed (what it points at may lie outside the repository). */
function linkProblem(link: string): Problem {
  let target: string;
  try {
    target = fs.readlinkSync(link);
  } catch {
    target = '(a link)';
  }
  return {
    path: shown(link),
    prop: 'symbolic link',
    value: target,
    allowed: "a regular file or folder: paved follows no link in a team's folder (what it points at can lie outside the repository, and would be read and written into the tree)",
  };
}

/** Every link below a folder (the folder itself included), found without following any. */
function linksBelow(dir: string): Problem[] {
  if (fs.lstatSync(dir).isSymbolicLink()) return [linkProblem(dir)];
  const problems: Problem[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isSymbolicLink()) problems.push(linkProblem(full));
      // a project's installed packages and its Git folder are not a team's (and hold links of their own)
      else if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') walk(full);
    }
  };
  walk(dir);
  return problems;
}

/** The app modules of one folder, as found: the files to load, in order, and what is wrong with the folder. */
export interface AppModuleList {
  /** The folder. */
  readonly dir: string;
  /** The modules to load, sorted by name. */
  readonly files: readonly string[];
  /** Links in the folder or its source folder, a folder that does not exist. */
  readonly problems: readonly Problem[];
}

/**
 * The app modules of one folder, without loading them: every module in it
 * (sorted by name) whose source was not deleted. A link anywhere in the folder
 * or its source folder is a problem, and never followed.
 * @internal
 */
export function listAppModules(dir: string, extension?: string): AppModuleList {
  // a folder whose sources hold no app yet has no compiled twin: no apps, not an error
  if (!fs.existsSync(dir) && !isSymbolicLink(dir)) {
    if (sourceTwin(dir) !== undefined) return { dir, files: [], problems: [] };
    return { dir, files: [], problems: [{ path: shown(dir), prop: 'folder', value: shown(dir), allowed: 'a folder that exists: the folder of the app definitions (one module per app)' }] };
  }
  const twin = sourceTwin(dir);
  const problems = [...linksBelow(dir), ...(twin ? linksBelow(twin) : [])];
  if (problems.length > 0) return { dir, files: [], problems };
  const ext = extension ?? moduleExtension(dir);
  const hasSource = (file: string) => ext !== '.js' || !twin || isRegularFile(path.join(twin, file.replace(/\.js$/, '.ts')));
  const files = fs
    .readdirSync(dir)
    .filter((n) => isDefinitionModule(n, ext) && hasSource(n))
    .sort()
    .map((n) => path.join(dir, n))
    .filter(isRegularFile);
  return { dir, files, problems };
}

/**
 * The team folders of a folder with one sub-folder per team (`apps/<team>/`),
 * each with its modules as {@link listAppModules} finds them; a team folder
 * whose source folder was deleted is left out, a link is a problem.
 * @internal
 */
export function listTeamFolders(dir: string): { readonly teams: readonly { readonly team: string; readonly modules: AppModuleList }[]; readonly problems: readonly Problem[] } {
  if (!isDirectory(dir))
    return { teams: [], problems: [isSymbolicLink(dir) ? linkProblem(dir) : { path: shown(dir), prop: 'folder', value: shown(dir), allowed: 'a folder that exists: one sub-folder per team' }] };
  const extension = moduleExtension(dir);
  const twin = extension === '.js' ? sourceTwin(dir) : undefined;
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const problems = [
    ...entries.filter((e) => e.isSymbolicLink()).map((e) => linkProblem(path.join(dir, e.name))),
    ...(twin
      ? fs
          .readdirSync(twin, { withFileTypes: true })
          .filter((e) => e.isSymbolicLink())
          .map((e) => linkProblem(path.join(twin, e.name)))
      : []),
  ];
  const teams = entries
    .filter((e) => e.isDirectory() && (!twin || isDirectory(path.join(twin, e.name))))
    .map((e) => e.name)
    .sort()
    .map((team) => ({ team, modules: listAppModules(path.join(dir, team), extension) }));
  return { teams, problems };
}

function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}

function isSymbolicLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** paved's public API file (`lib/index`), which a team module's `require('@acme/paved')` gets. */
function publicApiFile(): string {
  const js = path.join(__dirname, '..', 'index.js');
  return fs.existsSync(js) ? js : path.join(__dirname, '..', 'index.ts');
}

/** paved's public API, as a team's modules get it (loaded once, here: the same classes the synth checks against). */
function publicApi(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(publicApiFile()) as unknown;
}

/** The environment app modules see: set by {@link setDefinitionEnvironment}, else (in a process of one's own) the process's. */
let definitionEnvironment: Readonly<Record<string, string | undefined>> | undefined;

/**
 * Sets the environment app modules see as `process.env` (a frozen copy); by
 * default they see the process's.
 * @internal
 */
export function setDefinitionEnvironment(env: Readonly<Record<string, string>>): void {
  definitionEnvironment = Object.freeze({ ...env });
}

/**
 * Loads the modules of one folder with paved's own loader ({@link TeamModuleLoader}),
 * each exported function an {@link AppDefinition} named after its file.
 * Returns the definitions, every problem (refused modules, modules that
 * throw or export no function) and the files loaded.
 */
export function definitionsOf(dir: string, files: readonly string[]): { definitions: AppDefinition[]; problems: Problem[]; loaded: string[] } {
  const loader = new TeamModuleLoader(dir, { publicApi, publicApiFile: publicApiFile(), base: process.cwd(), env: definitionEnvironment ?? Object.freeze({ ...process.env }) });
  const definitions: AppDefinition[] = [];
  const problems: Problem[] = [];
  for (const full of files) {
    const file = path.basename(full);
    let mod: unknown;
    try {
      mod = loader.load(full);
    } catch (e) {
      if (e instanceof PavedValidationError) problems.push(...e.problems.filter((p) => !loader.refusals.includes(p)));
      else problems.push({ path: shown(full), prop: 'module', value: file, allowed: `a module that loads (it threw ${describeThrown(e)})` });
      continue;
    }
    const found = Object.entries((mod ?? {}) as Record<string, unknown>).filter((e): e is [string, AppDefinition] => typeof e[1] === 'function');
    if (found.length === 0) {
      problems.push({ path: shown(full), prop: 'exports', value: Object.keys((mod ?? {}) as object), allowed: 'an app definition: export a function (scope) => { new AppConstruct(scope, ...) }' });
    }
    for (const [name, define] of found) {
      // named after the file, so problems say where the app is defined
      const label = `${path.basename(dir)}/${file}${name === 'default' ? '' : `#${name}`}`;
      definitions.push(Object.defineProperty((scope: Parameters<AppDefinition>[0]) => define(scope), 'name', { value: label }));
    }
  }
  // a refusal the module caught fails it all the same
  return { definitions, problems: [...loader.refusals, ...problems], loaded: loader.loaded };
}

/** Whether loading is deferred ({@link deferAppModules}). @internal */
export function deferring(): boolean {
  return deferred !== undefined;
}

/**
 * While loading is deferred: notes the folder and its list to fill, and
 * returns true; else false (the caller loads now).
 * @internal
 */
export function deferLoad(folder: Deferred): boolean {
  if (!deferred) return false;
  deferred.push(folder);
  return true;
}

/** What a module threw, in words (by shape, not `instanceof`: a module's code runs in Node's main realm, which may not be paved's). */
function describeThrown(e: unknown): string {
  const { name, message } = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown };
  return typeof message === 'string' ? `${typeof name === 'string' ? name : 'Error'}: ${message}` : show(e);
}

/** A folder loaded while loading was deferred: filled in when the deferred modules are loaded. @internal */
export interface Deferred {
  readonly kind: 'apps' | 'teams';
  readonly dir: string;
  readonly extension?: string;
  readonly into: AppDefinition[] | TeamApps[];
}

let deferred: Deferred[] | undefined;

/** A deferred folder, as the process that runs the definitions reports it. @internal */
export interface DeferredFolder {
  readonly kind: 'apps' | 'teams';
  readonly dir: string;
  readonly extension?: string;
}

/** A deferred folder's modules, as the trusted side lists them ({@link listDeferredFolder}). @internal */
export interface DeferredListing {
  /** For `apps`: the folder's modules; for `teams`: each team's. */
  readonly teams: readonly { readonly team: string; readonly files: readonly string[] }[];
  readonly problems: readonly Problem[];
}

/**
 * From now on, {@link loadAppDefinitions} and {@link loadTeamApps} load
 * nothing: they note the folder and return an empty array, filled by
 * {@link loadDeferred}. The process that runs the definitions does this before
 * it loads the definition module, so that no team's code runs before its
 * environment is set.
 * @internal
 */
export function deferAppModules(): void {
  deferred = [];
}

/** The folders noted since {@link deferAppModules}. @internal */
export function deferredFolders(): DeferredFolder[] {
  return (deferred ?? []).map(({ kind, dir, extension }) => ({ kind, dir, ...(extension ? { extension } : {}) }));
}

/**
 * Lists a deferred folder's modules (in the trusted process: it reads the
 * source folders, and refuses links and folders outside `readable`).
 * @internal
 */
export function listDeferredFolder(folder: DeferredFolder, readable: readonly string[]): DeferredListing {
  if (!readable.some((r) => isInside(folder.dir, r))) {
    return {
      teams: [],
      problems: [{ path: shown(folder.dir), prop: 'folder', value: folder.dir, allowed: `a folder of app definitions inside what the synth reads (${readable.map(shown).join(', ')})` }],
    };
  }
  if (folder.kind === 'apps') {
    const list = listAppModules(folder.dir, folder.extension);
    return { teams: [{ team: '', files: list.files }], problems: list.problems };
  }
  const listed = listTeamFolders(folder.dir);
  return {
    teams: listed.teams.map(({ team, modules }) => ({ team, files: modules.files })),
    problems: [...listed.problems, ...listed.teams.flatMap((t) => t.modules.problems)],
  };
}

/**
 * The app definition sources of a folder of compiled modules that have no
 * compiled module (`apps/<team>/orders.ts` without `dist/apps/<team>/orders.js`,
 * a team folder never compiled): after a merge or a pull without a rebuild,
 * the synth would run without them and find their apps removed. Empty when the
 * folder is not compiled output (its modules are loaded from their sources).
 * @internal
 */
export function unbuiltSources(folder: DeferredFolder): { readonly source: string; readonly compiled: string }[] {
  const twin = sourceTwin(folder.dir);
  if (twin === undefined || (folder.extension ?? (fs.existsSync(folder.dir) ? moduleExtension(folder.dir) : '.js')) !== '.js') return [];
  const folders: [string, string][] =
    folder.kind === 'apps'
      ? [[folder.dir, twin]]
      : fs
          .readdirSync(twin, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => [path.join(folder.dir, e.name), path.join(twin, e.name)]);
  const missing: { source: string; compiled: string }[] = [];
  for (const [compiledDir, sourceDir] of folders.sort(([a], [b]) => compareStrings(a, b))) {
    for (const name of fs.readdirSync(sourceDir).sort(compareStrings)) {
      if (!isDefinitionModule(name, '.ts') || !isRegularFile(path.join(sourceDir, name))) continue;
      const compiled = path.join(compiledDir, name.replace(/\.ts$/, '.js'));
      if (!fs.existsSync(compiled)) missing.push({ source: path.join(sourceDir, name), compiled });
    }
  }
  return missing;
}

/**
 * Loads the deferred folders' modules, as listed (one listing per folder, in
 * the order of {@link deferredFolders}), into the arrays returned before.
 * Returns how many definitions there are, every problem, and the files loaded.
 * @internal
 */
export function loadDeferred(listings: readonly DeferredListing[]): { definitions: number; problems: Problem[]; loaded: string[] } {
  const folders = deferred ?? [];
  deferred = undefined;
  const problems: Problem[] = [];
  const loaded: string[] = [];
  let count = 0;
  folders.forEach((folder, i) => {
    const listing = listings[i] ?? { teams: [], problems: [] };
    problems.push(...listing.problems);
    if (listing.problems.length > 0) return;
    for (const { team, files } of listing.teams) {
      const dir = folder.kind === 'apps' ? folder.dir : path.join(folder.dir, team);
      const result = definitionsOf(
        dir,
        files.filter((f) => isInside(f, dir)),
      );
      problems.push(...result.problems);
      loaded.push(...result.loaded);
      count += result.definitions.length;
      const into = folder.kind === 'apps' ? (folder.into as AppDefinition[]) : (folder.into as TeamApps[]).find((t) => t.team === team)?.apps;
      (into as AppDefinition[] | undefined)?.push(...result.definitions);
    }
    // a compiled team folder whose sources were deleted: not a team of this definition
    if (folder.kind === 'teams') {
      for (const entry of folder.into as TeamApps[]) if (!listing.teams.some((t) => t.team === entry.team)) left.add(entry);
    }
  });
  return { definitions: count, problems, loaded };
}

/** The teams' entries {@link loadDeferred} found no folder for (their sources were deleted). */
const left = new WeakSet<TeamApps>();

/** A definition's app lists without the entries of teams whose sources were deleted (see {@link loadDeferred}). @internal */
export function withoutLeftOut(apps: readonly TeamApps[]): TeamApps[] {
  return apps.filter((t) => !left.has(t));
}
