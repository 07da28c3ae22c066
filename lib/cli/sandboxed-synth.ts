import * as fs from 'fs';
import * as path from 'path';
import type { Org } from '../org/org';
import { formatProblem, show } from '../private/problems';
import { listDeferredFolder, unbuiltSources } from '../synth/app-modules';
import type { GitOpsBuild } from '../synth/gitops';
import type { PortalProps } from '../portal/catalog';
import type { GitOpsSynthResult } from '../synth/synth-gitops';
import type { CheckedProblem } from '../validate/check-memo';
import type { ValidationReport } from '../validate/findings';
import { DefinitionSandbox } from './sandbox';
import type { BuiltMessage } from './sandbox-protocol';
import { StaleBuildError, assertFreshBuild } from './stale-build';
import { type DefinitionSource, releasesRoot } from './definition';

/** Where the synth's lines go. */
export interface SynthOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** What to synthesize, and where. */
export interface SandboxedSynthOptions {
  readonly cwd: string;
  readonly definition?: string;
  readonly org?: string;
  readonly env?: readonly string[];
  readonly team?: readonly string[];
  readonly outDir: string;
  /** The schema checks' findings of the last synth, to reuse (asked for when the sandbox is to build). */
  readonly checks?: () => Readonly<Record<string, readonly CheckedProblem[]>>;
  /** Called once the definitions are loaded (before the tree is read and built). */
  readonly onLoaded?: (loaded: { readonly source: string; readonly org: Org; readonly definitions: number }) => void;
  readonly onStage?: (stage: string, ms: number) => void;
  readonly onWaitForLock?: (holder: string) => void;
  /** Called once the sandbox has been asked to build, before the build is awaited: this process's own work meanwhile (see Io.whileBuilding). */
  readonly whileBuilding?: () => void;
}

/** The synth's result, and the schema checks' findings of this run (for the next one). */
export interface SandboxedSynthResult {
  readonly result: GitOpsSynthResult;
  readonly checks: Readonly<Record<string, readonly CheckedProblem[]>>;
}

/**
 * `paved synth`'s run: the definition is loaded, its team modules loaded and
 * its tree built in a sandbox (lib/cli/sandbox.ts) given only the variables
 * the org allows; this process lists the team modules (refusing links), reads
 * the tree, checks what the sandbox built (file paths, secret values, files
 * it does not own) and writes the tree atomically, holding its lock.
 */
export async function synthInSandbox(output: SynthOutput, options: SandboxedSynthOptions): Promise<SandboxedSynthResult> {
  const sandbox = DefinitionSandbox.start(options.cwd, options, output);
  try {
    // while the sandbox loads the definition: the modules that check its org and write the tree load, the
    // release records are read (here: the sandbox reads no project source; they are checked with the tree),
    // the last synth's schema checks are looked up, and the tree is read (holding its lock)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../org/org');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthGitOpsLoading } = require('../synth/synth-gitops') as typeof import('../synth/synth-gitops');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readReleaseFolder } = require('../org/release-records') as typeof import('../org/release-records');
    const releases = readReleaseFolder(releasesRoot(options.cwd, sandbox.source.resolved));
    const keptChecks = options.checks?.() ?? {};
    let checks: BuiltMessage['checks'] = {};
    const result = await synthGitOpsLoading(
      { outDir: options.outDir, onWaitForLock: options.onWaitForLock },
      async () => {
        const org = await loadInSandbox(sandbox, options);
        return { org, outDir: options.outDir, environments: options.env, teams: options.team, onStage: options.onStage, onWaitForLock: options.onWaitForLock };
      },
      async (input) => {
        const building = sandbox.build({
          ...(options.env ? { environments: options.env } : {}),
          ...(options.team ? { teams: options.team } : {}),
          existing: input.existing,
          releases: releases.records,
          checks: keptChecks,
        });
        options.whileBuilding?.();
        const built = await building;
        checks = checksOf(built.checks);
        const tree = buildOf(built);
        return releases.problems.length === 0 ? tree : { ...tree, errors: [...releases.problems.map(formatProblem), ...tree.errors], files: new Map() };
      },
    );
    return { result, checks };
  } finally {
    await sandbox.close();
  }
}

/** The definition loaded and its team modules evaluated in the sandbox: the org it defines. */
async function loadInSandbox(sandbox: DefinitionSandbox, options: SandboxedSynthOptions): Promise<Org> {
  const { org, message } = await sandbox.loaded();
  const env = allowedEnvironment(options.cwd, sandbox.source, org);
  // this process decides which team modules run: it reads their source folders, and refuses links
  const listings = message.folders.map((f) => listDeferredFolder(f, sandbox.readable));
  // an app definition's source without a compiled module (merged or pulled, not compiled): its apps would be missing
  const unbuilt = message.folders.filter((f) => listings[message.folders.indexOf(f)].problems.length === 0).flatMap(unbuiltSources);
  if (unbuilt.length > 0) throw new StaleBuildError([], options.cwd, unbuilt);
  const evaluated = await sandbox.evaluate({ env, listings });
  // the definition must be the code as it is now, not as it was at the last build
  assertFreshBuild(options.cwd, evaluated.loaded);
  options.onLoaded?.({ source: message.source, org, definitions: evaluated.definitions });
  return org;
}

/**
 * The variables the definitions see, with their values here: those the org
 * allows (`definitionEnvironment`). With an org file (a team repository), the
 * file's list, read here, decides; else the org of the definition module, as
 * this process validated it again (no credential-like name passes).
 */
export function allowedEnvironment(cwd: string, source: DefinitionSource, org: Org): Record<string, string> {
  let names: readonly string[] = org.problems.length > 0 ? [] : org.definitionEnvironment;
  if (source.orgFile !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Org } = require('../org/org') as typeof import('../org/org');
    const file = path.resolve(cwd, source.orgFile);
    try {
      const published = fs.existsSync(file) ? Org.deferProblems(() => Org.fromFile(file)) : undefined;
      names = published && published.problems.length === 0 ? published.definitionEnvironment : [];
    } catch {
      names = [];
    }
  }
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Whether a path the sandbox returned lies inside the tree: relative, `/`-separated, no `.` or `..` segment, no empty one. */
export function isTreePath(file: string): boolean {
  if (file.length === 0 || file.length > 4096 || file.includes('\0') || file.includes('\\') || file.startsWith('/')) return false;
  return file.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** The sandbox's build, checked: strings only, every path inside the tree. */
function buildOf(built: BuiltMessage): GitOpsBuild {
  const errors = (Array.isArray(built.errors) ? built.errors : []).map(String);
  const files = new Map<string, string>();
  for (const entry of Array.isArray(built.files) ? built.files : []) {
    const [file, content] = Array.isArray(entry) ? entry : [];
    if (typeof file !== 'string' || typeof content !== 'string' || !isTreePath(file)) {
      errors.push(`synth: file = ${show(file)} is not allowed: a path inside the tree (relative, "/"-separated, no "." or ".." segment) with text content`);
      continue;
    }
    files.set(file, content);
  }
  const objectsByKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(typeof built.objectsByKind === 'object' && built.objectsByKind !== null ? built.objectsByKind : {})) {
    if (typeof n === 'number' && Number.isFinite(n)) objectsByKind[kind] = n;
  }
  const validation = validationOf(built.validation);
  return { errors, files: errors.length > 0 ? new Map() : files, objectsByKind, ...(validation ? { validation } : {}) };
}

function validationOf(v: unknown): ValidationReport | undefined {
  const report = v as Partial<ValidationReport> | undefined;
  if (typeof report !== 'object' || report === null || !Array.isArray(report.findings) || typeof report.objects !== 'number') return undefined;
  return { findings: report.findings, objects: report.objects, checkedByKind: report.checkedByKind ?? {}, uncheckedByKind: report.uncheckedByKind ?? {} };
}

/** The schema checks' findings the sandbox returned, as data of the expected shape only. */
const CHECKED_RULES: readonly CheckedProblem['rule'][] = ['schema', 'unchecked', 'policy', 'release'];

function checksOf(checks: unknown): Record<string, readonly CheckedProblem[]> {
  const out: Record<string, readonly CheckedProblem[]> = {};
  if (typeof checks !== 'object' || checks === null) return out;
  for (const [key, problems] of Object.entries(checks as Record<string, unknown>)) {
    if (!Array.isArray(problems)) continue;
    out[key] = problems
      .filter((p): p is CheckedProblem => typeof p === 'object' && p !== null && typeof (p as CheckedProblem).field === 'string' && typeof (p as CheckedProblem).message === 'string')
      .map((p) => ({ severity: p.severity === 'warning' ? 'warning' : 'error', rule: CHECKED_RULES.includes(p.rule) ? p.rule : 'schema', field: p.field, message: p.message }));
  }
  return out;
}

/**
 * What a command that only needs the org (and the teams a team repository's
 * definition names) learns from a definition: loaded in a sandbox as `paved
 * synth` loads it, with no team module run.
 */
export async function describeDefinition(
  output: SynthOutput,
  cwd: string,
  options: { definition?: string; org?: string },
): Promise<{ readonly org: Org; readonly source: string; readonly orgFromFile: boolean; readonly appTeams: readonly string[]; readonly portal?: PortalProps }> {
  const sandbox = DefinitionSandbox.start(cwd, options, output);
  try {
    const { org, message } = await sandbox.loaded();
    return { org, source: message.source, orgFromFile: message.orgFromFile, appTeams: message.appTeams, ...(message.portal ? { portal: message.portal } : {}) };
  } finally {
    await sandbox.close();
  }
}
