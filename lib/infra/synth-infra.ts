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
  return withTreeLock(options.outdir, () => synthLocked(options));
}

function synthLocked(options: SynthInfraOptions): SynthInfraResult {
  const { org } = options;
  recoverTree(options.outdir);
  const names = options.environments ?? org.environments.map((e) => e.name);
  const environments = names.map((n) => org.environment(n));
  const problems: Problem[] = [];
  const stacks: EnvironmentStack[] = [];
  const build = buildFolder(options.outdir);
  try {
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
    faultPoint('cdktf:built');
    const files = new Map<string, string>();
    for (const file of listFiles(build)) files.set(file, fs.readFileSync(path.join(build, file), 'utf8'));
    // environments not synthesized this time keep their stacks; removed environments' stacks go
    if (options.environments !== undefined && fs.existsSync(options.outdir)) keepOtherStacks(options.outdir, org, names, files);
    for (const [file, content] of options.extraFiles ?? []) files.set(file, content);
    const tree = path.basename(path.resolve(options.outdir));
    // the last guard: no secret value, plain or encoded, in any file written (named by its JSON field where it has one)
    const leaks = secretsInTree(files, tree);
    if (leaks.size > 0) throw new PavedValidationError([...leaks.values()].flat());
    writeTreeAtomically(options.outdir, files, 'cdktf');
    return {
      outdir: options.outdir,
      stacks: environments.map((e) => {
        const file = path.join(options.outdir, 'stacks', e.name, 'cdk.tf.json');
        const json = JSON.parse(files.get(`stacks/${e.name}/cdk.tf.json`) ?? '{}') as { resource?: Record<string, object>; data?: Record<string, object> };
        const count = (blocks: Record<string, object> | undefined) => Object.values(blocks ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
        return { name: e.name, resources: count(json.resource), dataSources: count(json.data), file };
      }),
    };
  } finally {
    fs.rmSync(build, { recursive: true, force: true });
  }
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
