import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RELEASES_FOLDER } from '../org/releases-folder';
import { CheckMemo, type CheckedProblem } from '../validate/check-memo';
import { assertFreshBuild, outputLayout } from './stale-build';

/**
 * The record of the last successful `paved synth` into a tree: a digest of
 * everything the synth read (the compiled project, the lockfile, the options,
 * the day's source date) and of the tree it left. When a run finds the same
 * digest, the synth would build the same bytes into the same tree: it says so
 * and stops (the edit loop's common case, a run with nothing changed). The
 * record lives in the project's build folder, never in the tree.
 * @internal
 */
export interface SynthRecord {
  /** Whether a synth with these inputs would change nothing. */
  readonly upToDate: boolean;
  /**
   * Records the inputs and the tree as they are after a successful synth;
   * `written` (the files the synth wrote, by path in the tree) stands for
   * reading those files back (a file changed since reads otherwise on the next
   * run, which then synthesizes).
   */
  record(written?: ReadonlyMap<string, string>): void;
  /** The schema checks' findings of the last synth, for this one to reuse (kept by {@link SynthRecord.record}); read when first asked for. */
  readonly checks: CheckMemo;
  /** The findings {@link SynthRecord.checks} starts with, as data (for a build in another process); read when first asked for. */
  readonly keptChecks: Readonly<Record<string, readonly CheckedProblem[]>>;
}

function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every entry below a folder (links not followed), sorted: files by content, the rest by kind (a link by its target). */
function entriesBelow(dir: string): [string, Buffer | string][] {
  if (!fs.lstatSync(dir, { throwIfNoEntry: false })) return [];
  if (!fs.lstatSync(dir).isDirectory()) return [[dir, 'not a folder']];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e): [string, Buffer | string] => {
      const f = path.join(e.parentPath, e.name);
      return [f, e.isSymbolicLink() ? `link ${fs.readlinkSync(f)}` : e.isFile() ? fs.readFileSync(f) : e.isDirectory() ? 'folder' : 'other'];
    })
    .sort(([a], [b]) => byPath(a, b));
}

/** Variables a shell changes from one command to the next, which no definition reads. */
const VOLATILE_ENV = new Set(['_', 'OLDPWD', 'SHLVL', 'TERM_SESSION_ID', 'SHELL_SESSION_ID', 'WINDOWID']);

/**
 * A file's size and modification time: the compiled code and paved's data are
 * 15 MB, too much to read on every run; a compiler or an install rewrites what
 * it changes (a new time), so the two stand for the content. (A file touched
 * but the same costs one real synth, which then writes nothing.)
 */
function stamp(file: string): string {
  const s = fs.statSync(file);
  return `${s.size} ${s.mtimeMs}`;
}

function digest(parts: readonly [string, Buffer | string][]): string {
  const hash = createHash('sha256');
  for (const [name, content] of parts) hash.update(`${name}\n`).update(content).update('\n');
  return hash.digest('hex');
}

/**
 * The synth record of a project (`cwd`) and tree (`outDir`) for these
 * options; undefined when the project has no build folder to keep it in.
 * Before it says "up to date", it checks that the compiled code is current
 * (a source edited without a rebuild is never taken for "nothing changed").
 */
export function synthRecord(cwd: string, outDir: string, options: Readonly<Record<string, unknown>>, orgFile?: string, releasesDir: string = cwd): SynthRecord | undefined {
  const layout = outputLayout(cwd);
  if (!layout) return undefined;
  const compiled = filesBelow(layout.outDir)
    .filter((f) => f.endsWith('.js') && !f.includes(`${path.sep}test${path.sep}`) && !f.includes(`${path.sep}bench${path.sep}`))
    .sort(byPath);
  const lock = path.join(cwd, 'package-lock.json');
  // the data paved reads as it synthesizes and validates: its schema catalog and the new-service template
  const pavedRoot = path.resolve(__dirname, '..', '..', '..');
  const data = ['imports/schemas', 'imports/validators', 'imports/definitions', 'imports/charts', 'imports/backstage', 'lib/portal/new-service']
    .flatMap((d) => filesBelow(path.join(pavedRoot, d)))
    .sort(byPath);
  const extra = [path.join(cwd, 'package.json'), ...(orgFile ? [path.resolve(cwd, orgFile)] : [])].filter((f) => fs.existsSync(f));
  const inputs = (): [string, Buffer | string][] => [
    ...data.map((f): [string, string] => [path.relative(pavedRoot, f), stamp(f)]),
    ...extra.map((f): [string, Buffer] => [f === extra[0] ? 'package.json' : 'org', fs.readFileSync(f)]),
    ['options', JSON.stringify(options)],
    // a definition may read the environment (an image tag from CI): any difference in it means a new synth
    [
      'environment',
      Object.keys(process.env)
        .filter((k) => !VOLATILE_ENV.has(k))
        .sort(byPath)
        .map((k) => `${k}=${process.env[k] ?? ''}`)
        .join('\n'),
    ],
    ...compiled.map((f): [string, string] => [path.relative(cwd, f), stamp(f)]),
    // the release records the synth reads (every entry: a link or a stray file is a problem the synth reports)
    ...entriesBelow(path.join(releasesDir, RELEASES_FOLDER)).map(([f, content]): [string, Buffer | string] => [`release ${path.relative(cwd, f)}`, content]),
    ...(fs.existsSync(lock) ? [['package-lock.json', fs.readFileSync(lock)] as [string, Buffer]] : []),
  ];
  const tree = (written?: ReadonlyMap<string, string>): [string, Buffer | string][] =>
    filesBelow(outDir)
      .sort(byPath)
      .map((f) => {
        const file = path.relative(outDir, f);
        return [file, written?.get(file.split(path.sep).join('/')) ?? fs.readFileSync(f)];
      });
  const [file, checksFile] = recordFiles(layout.outDir, outDir);
  const kept = lazyKeptChecks(checksFile, pavedRoot, data, lock);
  const now = (written?: ReadonlyMap<string, string>) => ({ inputs: digest(inputs()), tree: digest(tree(written)) });
  let upToDate = false;
  if (fs.existsSync(file) && fs.existsSync(outDir)) {
    // stale JavaScript would hash the same: the sources are checked against it first
    assertFreshBuild(cwd, compiled);
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as { inputs?: string; tree?: string };
    // the tree is read only when the inputs are the same (after an edit they are not)
    upToDate = recorded.inputs === digest(inputs()) && recorded.tree === digest(tree());
  }
  return {
    upToDate,
    get checks() {
      return kept().checks;
    },
    get keptChecks() {
      return kept().kept;
    },
    record: (written) => {
      const { validator, checks } = kept();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      pruneRecords(path.dirname(file));
      fs.writeFileSync(file, `${JSON.stringify({ out: path.resolve(outDir), ...now(written) })}\n`);
      fs.writeFileSync(checksFile, `${JSON.stringify({ validator, checks: checks.entries() })}\n`);
    },
  };
}

/** The record of a tree and its kept schema checks, in the build folder `buildDir`. */
function recordFiles(buildDir: string, outDir: string): [record: string, checks: string] {
  const key = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return [path.join(buildDir, '.paved-synth', `${key}.json`), path.join(buildDir, '.paved-synth', `${key}.checks.json`)];
}

/**
 * Removes the synth record of the tree `outDir` of a project and its kept
 * schema checks, so that the next synth into it starts cold (as the bench
 * times it). Nothing happens where there is none.
 */
export function forgetSynthRecord(cwd: string, outDir: string): void {
  const layout = outputLayout(cwd);
  if (!layout) return;
  for (const file of recordFiles(layout.outDir, outDir)) fs.rmSync(file, { force: true });
}

/**
 * The schema checks' findings kept in `checksFile`, which hold for the same
 * paved (its compiled code and data) and the same locked dependencies: worked
 * out when first asked for (a synth asks once the definitions run, in their
 * own process).
 */
function lazyKeptChecks(checksFile: string, pavedRoot: string, data: readonly string[], lock: string): () => { validator: string; kept: Record<string, readonly CheckedProblem[]>; checks: CheckMemo } {
  let memo: { validator: string; kept: Record<string, readonly CheckedProblem[]>; checks: CheckMemo } | undefined;
  return () => {
    if (memo) return memo;
    const validator = digest([
      ...filesBelow(path.join(pavedRoot, 'dist', 'lib'))
        .filter((f) => f.endsWith('.js'))
        .sort(byPath)
        .map((f): [string, string] => [path.relative(pavedRoot, f), stamp(f)]),
      ...data.map((f): [string, string] => [path.relative(pavedRoot, f), stamp(f)]),
      ...(fs.existsSync(lock) ? [['package-lock.json', fs.readFileSync(lock)] as [string, Buffer]] : []),
    ]);
    const found = keptChecks(checksFile, validator);
    memo = { validator, kept: found, checks: new CheckMemo(found) };
    return memo;
  };
}

/** Takes out the records of trees that no longer exist (a temporary folder synthesized into), so that the folder does not grow. */
function pruneRecords(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!/^[0-9a-f]{16}\.json$/.test(name)) continue;
    let out: unknown;
    try {
      out = (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { out?: unknown }).out;
    } catch {
      out = undefined;
    }
    if (typeof out === 'string' && fs.existsSync(out)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    fs.rmSync(path.join(dir, name.replace(/\.json$/, '.checks.json')), { force: true });
  }
}

/** The schema checks kept by the last synth, when the same paved and dependencies made them; none otherwise (or unreadable). */
function keptChecks(file: string, validator: string): Record<string, readonly CheckedProblem[]> {
  try {
    const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as { validator?: unknown; checks?: Record<string, readonly CheckedProblem[]> };
    return kept.validator === validator && kept.checks && typeof kept.checks === 'object' ? kept.checks : {};
  } catch {
    return {};
  }
}
