import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Problem } from '../private/problems';
import { PavedValidationError } from '../private/problems';
import { EnvironmentStack } from './environment-stack';
import { buildFolder, recoverTree, withTreeLock, writeTreeAtomically } from '../private/atomic-tree';
import { compareStrings } from '../private/compare';
import { faultPoint } from '../private/faults';
import { listFiles } from '../private/files';
import { secretsInTree } from '../private/secret-values';

/** Options of {@link synthInfra}. */
export interface SynthInfraOptions {
  /** The organisation: one stack per environment. */
  readonly org: Org;
  /** Where the Terraform JSON goes (`<outdir>/stacks/<environment>/cdk.tf.json`). */
  readonly outdir: string;
  /**
   * The `argo-cd` chart version each environment's bootstrap installs (the GitOps tree's).
   * @default - ARGO_CD_CHART_VERSION everywhere
   */
  readonly argoCdChartVersion?: (environment: Environment) => string;
  /**
   * Environments to synthesize, by name.
   * @default - every environment of the org
   */
  readonly environments?: readonly string[];
  /**
   * Files to write into `outdir` with the stacks, in the same atomic swap (e.g. a record of the inputs).
   * @default - none
   */
  readonly extraFiles?: ReadonlyMap<string, string>;
}

/** What one stack holds. */
export interface InfraStackSummary {
  /** The stack's (and environment's) name. */
  readonly name: string;
  /** Terraform resources. */
  readonly resources: number;
  /** Terraform data sources. */
  readonly dataSources: number;
  /** The synthesized file. */
  readonly file: string;
}

/** What {@link synthInfra} wrote. */
export interface SynthInfraResult {
  /** The output folder. */
  readonly outdir: string;
  /** One summary per stack, in the org's order. */
  readonly stacks: readonly InfraStackSummary[];
}

/**
 * Builds one {@link EnvironmentStack} per environment and synthesizes them into
 * `outdir`. Every stack is built before anything is written: a bad definition
 * throws one {@link PavedValidationError} with the problems of all stacks, and
 * leaves `outdir` as it was. Needs no network and no Terraform binary.
 */
export function synthInfra(options: SynthInfraOptions): SynthInfraResult {
  return prepareInfra(options).write();
}

/** The stacks of {@link prepareInfra}, synthesized but not yet written. */
export interface PreparedInfra {
  /** What {@link PreparedInfra.write} writes, one summary per stack, in the org's order. */
  readonly stacks: readonly InfraStackSummary[];
  /**
   * Writes the stacks into `outdir` atomically, holding its lock, as
   * {@link synthInfra} does (with the stacks of environments not synthesized,
   * and the extra files); throws {@link PavedValidationError} on a secret value
   * in a file it would write, and then writes nothing. Call it once.
   */
  write(): SynthInfraResult;
}

/**
 * The first half of {@link synthInfra}: builds and synthesizes the stacks in a
 * folder of its own and keeps their files in memory; `outdir` is not changed
 * until {@link PreparedInfra.write} (so that a program can synthesize the
 * stacks while something else runs, and write them only if that succeeds).
 * Throws {@link PavedValidationError} as synthInfra does.
 */
export function prepareInfra(options: SynthInfraOptions): PreparedInfra {
  const built = withTreeLock(options.outdir, () => buildLocked(options));
  // the last guard's scan of the stacks, done now (write() scans only what it adds or changes)
  const scanned = secretsInTree(built, treeName(options.outdir));
  const names = options.environments ?? options.org.environments.map((e) => e.name);
  const count = (blocks: Record<string, object> | undefined) => Object.values(blocks ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  const stacks = names.map((name): InfraStackSummary => {
    const json = JSON.parse(built.get(`stacks/${name}/cdk.tf.json`) ?? '{}') as { resource?: Record<string, object>; data?: Record<string, object> };
    return { name, resources: count(json.resource), dataSources: count(json.data), file: path.join(options.outdir, 'stacks', name, 'cdk.tf.json') };
  });
  return {
    stacks,
    write: () => {
      withTreeLock(options.outdir, () => writeLocked(options, new Map(built), (files) => secretsFound(files, built, scanned, treeName(options.outdir))));
      return { outdir: options.outdir, stacks };
    },
  };
}

/**
 * Runs `build` with cdktf's records of where each token was created left
 * empty. cdktf captures and formats a whole stack trace for every token it
 * creates (a tenth of the stacks' synthesis), only to name the place in an
 * error about that token; paved's errors name the construct and the prop
 * instead, and nothing written depends on it (`stackTraces: false`). While
 * `build` runs, a stack trace captured on an object that is not an error
 * (cdktf's records) is empty; an error's is as V8 writes it (an error's stack
 * is formatted when it is first read: read later, as always).
 */
function withoutTokenTraces<T>(build: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: Error, frames: NodeJS.CallSite[]): unknown => {
    if (!(target instanceof Error)) return '';
    return previous ? previous(target, frames) : `${String(target)}${frames.map((f) => `\n    at ${String(f)}`).join('')}`;
  };
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** Builds the stacks in a temporary folder beside `outdir` and returns its files (the folder is removed). */
function buildLocked(options: SynthInfraOptions): Map<string, string> {
  recoverTree(options.outdir);
  const build = buildFolder(options.outdir);
  try {
    withoutTokenTraces(() => synthesizeInto(build, options));
    faultPoint('cdktf:built');
    const files = new Map<string, string>();
    for (const file of listFiles(build)) files.set(file, fs.readFileSync(path.join(build, file), 'utf8'));
    return files;
  } finally {
    fs.rmSync(build, { recursive: true, force: true });
  }
}

/** Builds one stack per environment and synthesizes them into the folder `build`; throws every stack's problems together. */
function synthesizeInto(build: string, options: SynthInfraOptions): void {
  const { org } = options;
  const names = options.environments ?? org.environments.map((e) => e.name);
  const environments = names.map((n) => org.environment(n));
  const problems: Problem[] = [];
  const stacks: EnvironmentStack[] = [];
  const app = new App({ outdir: build, stackTraces: false });
  for (const environment of environments) {
    try {
      const argoCdChartVersion = options.argoCdChartVersion?.(environment);
      stacks.push(new EnvironmentStack(app, environment.name, { org, environment, ...(argoCdChartVersion !== undefined ? { argoCdChartVersion } : {}) }));
    } catch (e) {
      if (!(e instanceof PavedValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new PavedValidationError(problems);
  // the environment that serves the teams' zones themselves delegates the others' subdomains of them
  for (const parent of stacks.filter((s) => s.environment.dnsSubdomain === undefined)) {
    for (const child of stacks.filter((s) => s !== parent)) parent.dns.delegate(child.dns);
  }
  app.synth();
}

const treeName = (outdir: string) => path.basename(path.resolve(outdir));

/** The secret values in `files`, in their order: those of the built files as `scanned` found them, the others scanned now. */
function secretsFound(files: ReadonlyMap<string, string>, built: ReadonlyMap<string, string>, scanned: ReadonlyMap<string, readonly Problem[]>, tree: string): Problem[] {
  const fresh = secretsInTree(new Map([...files].filter(([file, content]) => built.get(file) !== content)), tree);
  return [...files].flatMap(([file, content]) => (built.get(file) === content ? scanned.get(file) : fresh.get(file)) ?? []);
}

/** Writes the built files, the stacks kept from the current tree and the extra files, after the last check (`secrets`). */
function writeLocked(options: SynthInfraOptions, files: Map<string, string>, secrets: (files: ReadonlyMap<string, string>) => Problem[]): void {
  recoverTree(options.outdir);
  const names = options.environments ?? options.org.environments.map((e) => e.name);
  // environments not synthesized this time keep their stacks; removed environments' stacks go
  if (options.environments !== undefined && fs.existsSync(options.outdir)) keepOtherStacks(options.outdir, options.org, names, files);
  for (const [file, content] of options.extraFiles ?? []) files.set(file, content);
  // the last guard: no secret value, plain or encoded, in any file written (named by its JSON field where it has one)
  const leaks = secrets(files);
  if (leaks.length > 0) throw new PavedValidationError(leaks);
  writeTreeAtomically(options.outdir, files, 'cdktf');
}

/** Adds the stacks of the org's other environments from the current tree, and their entries in the manifest. */
function keepOtherStacks(outdir: string, org: Org, built: readonly string[], files: Map<string, string>): void {
  const others = org.environments.map((e) => e.name).filter((n) => !built.includes(n));
  for (const file of listFiles(outdir)) {
    const [top, env] = file.split('/');
    if (top === 'stacks' && others.includes(env)) files.set(file, fs.readFileSync(path.join(outdir, file), 'utf8'));
  }
  const manifestFile = path.join(outdir, 'manifest.json');
  const fresh = files.get('manifest.json');
  if (!fs.existsSync(manifestFile) || fresh === undefined) return;
  const old = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks?: Record<string, unknown> };
  const next = JSON.parse(fresh) as { stacks?: Record<string, unknown> };
  const stacks = { ...next.stacks };
  for (const name of others) if (old.stacks?.[name] !== undefined) stacks[name] = old.stacks[name];
  const ordered = Object.fromEntries(
    Object.keys(stacks)
      .sort(compareStrings)
      .map((k) => [k, stacks[k]]),
  );
  files.set('manifest.json', `${JSON.stringify({ ...next, stacks: ordered }, null, 2)}\n`);
}
