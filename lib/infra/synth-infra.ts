import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Problem } from '../private/problems';
import { PavedValidationError } from '../private/problems';
import { EnvironmentStack } from './environment-stack';

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
  const { org } = options;
  const names = options.environments ?? org.environments.map((e) => e.name);
  const environments = names.map((n) => org.environment(n));
  // the App needs its folder up front; remember what we create to leave no trace of a failed run
  const created = fs.mkdirSync(options.outdir, { recursive: true });
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const problems: Problem[] = [];
  const stacks: EnvironmentStack[] = [];
  for (const environment of environments) {
    try {
      const argoCdChartVersion = options.argoCdChartVersion?.(environment);
      stacks.push(new EnvironmentStack(app, environment.name, { org, environment, ...(argoCdChartVersion !== undefined ? { argoCdChartVersion } : {}) }));
    } catch (e) {
      if (!(e instanceof PavedValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) {
    if (created !== undefined) fs.rmSync(created, { recursive: true });
    throw new PavedValidationError(problems);
  }
  // the environment that serves the teams' zones themselves delegates the others' subdomains of them
  for (const parent of stacks.filter((s) => s.environment.dnsSubdomain === undefined)) {
    for (const child of stacks.filter((s) => s !== parent)) parent.dns.delegate(child.dns);
  }
  app.synth();
  return {
    outdir: options.outdir,
    stacks: environments.map((e) => {
      const file = path.join(options.outdir, 'stacks', e.name, 'cdk.tf.json');
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, object>; data?: Record<string, object> };
      const count = (blocks: Record<string, object> | undefined) => Object.values(blocks ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
      return { name: e.name, resources: count(json.resource), dataSources: count(json.data), file };
    }),
  };
}
