/**
 * `paved release`, `paved promote`, `paved rollback` and `paved releases`:
 * which build each app runs where, as release records
 * (`releases/<team>/<app>/<env>.yaml`, lib/org/release-records.ts), with the
 * gates proved from Git history (lib/release/gates.ts). Each command that
 * changes a record writes it, synthesizes, and prints the diff a reviewer will
 * see; on any problem nothing is written (the record is put back as it was).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Org } from '../org/org';
import {
  RECORD_IMAGE,
  type ReleaseRecord,
  checkReleaseRecords,
  formatReleaseRecord,
  isRecordImage,
  previousEnvironment,
  readReleaseFolder,
  recordDigest,
  recordVersion,
  releaseRecordFile,
} from '../org/release-records';
import { isDns1035Label } from '../private/names';
import { type Problem, PavedValidationError, formatProblem } from '../private/problems';
import { formatDuration } from '../release/gates';
import { yamlDocuments } from '../private/application-image';
import { type Landing, enteringCommit, gateAt, readApplication, recordGate, treeGate } from '../release/record-gates';
import { type ReleaseRepository, ReleaseHistoryError, commitOf, recordAt, recordVersions, releaseRepository } from '../release/history';
import { EXIT, type Io } from './command';
import { synthCommand } from './synth-command';
import { defaultTree } from './tree';
import { readConfig, releasesRoot } from './definition';
import { diffCommand } from './diff-command';

/** Options every record-changing command takes. */
export interface ReleaseCliOptions {
  /** The org (`--org`); by default the package's `paved.org`, or the tree's org.json. */
  readonly org?: string;
  readonly definition?: string;
  /** What the diff compares with (`--base`, `--base-dir`), as `paved diff`; by default HEAD. */
  readonly base?: string;
  readonly baseDir?: string;
  /** The moment the gates measure to, for a record not committed yet (ISO 8601); by default now. */
  readonly at?: string;
}

const problem = (prop: string, value: unknown, allowed: string, at = 'paved'): Problem => ({ path: at, prop, value, allowed });

/** The org the records are checked against. */
function orgOf(io: Io, options: ReleaseCliOptions): Org {
  const file = options.org ?? readConfig(io.cwd).org ?? path.join(defaultTree(io), 'org.json');
  const full = path.resolve(io.cwd, file);
  if (!fs.existsSync(full)) throw new PavedValidationError([problem('org', file, "an org file that exists: the tree's org.json (run npm run synth) or --org <file>")]);
  return Org.fromFile(full);
}

/** `team/app` → its parts, checked against the org. */
function target(org: Org, value: string): { team: string; app: string } {
  const [team, app, ...rest] = value.split('/');
  if (rest.length > 0 || !team || !app || !isDns1035Label(app)) throw new PavedValidationError([problem('app', value, '<team>/<app>, e.g. payments/checkout')]);
  if (!org.teams.some((t) => t.name === team)) throw new PavedValidationError([problem('app', value, `an app of a team of org ${org.name} (${org.teams.map((t) => t.name).join(', ')})`)]);
  return { team, app };
}

function environmentNamed(org: Org, name: string | undefined, option: string): string {
  if (!name || !org.environments.some((e) => e.name === name))
    throw new PavedValidationError([problem(option, name, `an environment of org ${org.name} (${org.environments.map((e) => e.name).join(', ')})`)]);
  return name;
}

/** The moment `--at` names, or now. */
function momentOf(at: string | undefined): number {
  if (at === undefined || at === 'now') return Date.now();
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(at) ? Date.parse(at) : NaN;
  if (Number.isNaN(t)) throw new PavedValidationError([problem('--at', at, 'a time in ISO 8601 with its offset, e.g. 2026-12-07T10:00:00Z')]);
  return t;
}

/** The folder whose releases/ holds the records: the definition's project (see releasesRoot). */
function projectOf(io: Io, options: ReleaseCliOptions): string {
  return releasesRoot(io.cwd, options.definition ?? readConfig(io.cwd).definition);
}

/** The project's current record of an app in an environment, if any. */
function currentRecord(project: string, team: string, app: string, env: string): ReleaseRecord | undefined {
  return readReleaseFolder(project).records.find((r) => r.team === team && r.app === app && r.environment === env);
}

/**
 * Writes a record, synthesizes, prints the diff; on a failed synth the record
 * is put back as it was and the synth's problems are printed (exit 1).
 */
async function writeAndShow(io: Io, record: Omit<ReleaseRecord, 'file'>, summary: string, options: ReleaseCliOptions): Promise<number> {
  const file = path.join(projectOf(io, options), releaseRecordFile(record.team, record.app, record.environment));
  const before = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  // the first folder this creates, if any: removed again with the record when the synth refuses it
  const created = fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatReleaseRecord(record));
  const synthOut: string[] = [];
  const quiet: Io = { ...io, out: (t) => synthOut.push(t) };
  let code: number;
  try {
    code = await synthCommand(quiet, { ...(options.definition ? { definition: options.definition } : {}), ...(options.org ? { org: options.org } : {}) });
  } catch (e) {
    restore(file, before, created);
    throw e;
  }
  if (code !== EXIT.OK) {
    restore(file, before, created);
    io.err(`paved: ${path.relative(io.cwd, file)} is unchanged (the synth refused the change)\n`);
    return code;
  }
  io.out(`${summary}\nwrote ${path.relative(io.cwd, file)}; synthesized (${synthOut.find((l) => /^(wrote|.* is up to date)/.test(l))?.split(':')[0] ?? 'done'})\n\n`);
  const diff = await diffCommand(io, undefined, { ...(options.baseDir ? { baseDir: options.baseDir } : { base: options.base ?? 'HEAD' }) });
  return diff === EXIT.ERROR ? EXIT.ERROR : EXIT.OK;
}

function restore(file: string, before: Buffer | undefined, created: string | undefined): void {
  if (before === undefined) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, before);
  if (created !== undefined) fs.rmSync(created, { recursive: true, force: true });
}

/** `paved release <team>/<app> <image>`: a new build enters the first environment of the org's chain. */
export async function releaseCommand(io: Io, app: string, image: string, options: ReleaseCliOptions): Promise<number> {
  const org = orgOf(io, options);
  const { team, app: name } = target(org, app);
  const env = org.environments[0];
  if (!isRecordImage(image)) throw new PavedValidationError([problem('image', image, RECORD_IMAGE)]);
  const record = { team, app: name, environment: env.name, image };
  const problems = checkReleaseRecords(org, [{ ...record, file: releaseRecordFile(team, name, env.name) }]);
  if (problems.length > 0) throw new PavedValidationError(problems);
  if (currentRecord(projectOf(io, options), team, name, env.name)?.image === image)
    throw new PavedValidationError([problem('image', image, `another build than the one ${team}/${name} runs in ${env.name} already`)]);
  return writeAndShow(io, record, `release ${team}/${name} ${recordVersion(image)} → ${env.name}`, options);
}

/** `paved promote <team>/<app> --to <env>`: what runs in the environment before it, after its soak time. */
export async function promoteCommand(io: Io, app: string, options: ReleaseCliOptions & { readonly to?: string }): Promise<number> {
  const org = orgOf(io, options);
  const { team, app: name } = target(org, app);
  const to = environmentNamed(org, options.to, '--to');
  const previous = previousEnvironment(org, to);
  if (!previous)
    throw new PavedValidationError([problem('--to', to, `an environment after the first of the chain (${org.environments.map((e) => e.name).join(' → ')}): a build enters ${to} with paved release`)]);
  const from = currentRecord(projectOf(io, options), team, name, previous.name);
  if (!from)
    throw new PavedValidationError([
      problem('app', app, `an app with a release record in ${previous.name} (${releaseRecordFile(team, name, previous.name)}): paved release or promote it there first`),
    ]);
  if (currentRecord(projectOf(io, options), team, name, to)?.image === from.image)
    throw new PavedValidationError([problem('--to', to, `an environment that does not run ${recordVersion(from.image)} already`)]);
  const repo = repository(projectOf(io, options));
  const at = momentOf(options.at);
  const gate = gateAt(repo, org, { team, app: name, environment: to, image: from.image }, at, undefined);
  if (!gate.ok) throw new PavedValidationError([problem('promote', `${team}/${name} → ${to}`, gate.message, releaseRecordFile(team, name, to))]);
  const ran = gate.kind === 'promotion' && gate.ranMs !== undefined ? ` (ran in ${previous.name} for ${formatDuration(gate.ranMs)})` : gate.kind === 'rollback' ? ` (ran in ${to} before)` : '';
  return writeAndShow(
    io,
    { team, app: name, environment: to, image: from.image, promotedFrom: previous.name },
    `promote ${team}/${name} ${recordVersion(from.image)}: ${previous.name} → ${to}${ran}`,
    options,
  );
}

/** `paved rollback <team>/<app> --env <env>`: the record before the current one, from Git history. */
export async function rollbackCommand(io: Io, app: string, options: ReleaseCliOptions & { readonly env?: string }): Promise<number> {
  const org = orgOf(io, options);
  const { team, app: name } = target(org, app);
  const env = environmentNamed(org, options.env, '--env');
  const current = currentRecord(projectOf(io, options), team, name, env);
  if (!current) throw new PavedValidationError([problem('app', app, `an app with a release record in ${env} (${releaseRecordFile(team, name, env)})`)]);
  const repo = repository(projectOf(io, options));
  const earlier = recordVersions(repo, releaseRecordFile(team, name, env)).find((v) => v.image !== undefined && recordDigest(v.image) !== recordDigest(current.image));
  if (!earlier?.image) throw new PavedValidationError([problem('app', app, `an app whose record in ${env} held another build before (Git history of ${releaseRecordFile(team, name, env)} has none)`)]);
  return writeAndShow(
    io,
    { team, app: name, environment: env, image: earlier.image },
    `rollback ${team}/${name} in ${env}: ${recordVersion(current.image)} → ${recordVersion(earlier.image)} (as of ${earlier.commit.slice(0, 12)})`,
    options,
  );
}

function repository(project: string): ReleaseRepository {
  try {
    return releaseRepository(project);
  } catch (e) {
    if (e instanceof ReleaseHistoryError) throw new PavedValidationError([problem('repository', project, e.message)]);
    throw e;
  }
}

/** One line of `paved releases`: the app, the environment, the build's version and digest, and what the gates said. */
function buildLine(r: { readonly team: string; readonly app: string; readonly environment: string; readonly image: string }, note: string): string {
  return `${r.team}/${r.app}  ${r.environment}  ${recordVersion(r.image)}  ${recordDigest(r.image).slice(0, 19)}…${note}\n`;
}

/**
 * `paved releases [--check]`: which build each app runs where; with `--check`,
 * every record's gates proved from Git history (exit 1 naming each record that
 * fails). A committed record is measured to the commit that put it there; one
 * not committed yet, to `--at` or now.
 */
export function releasesCommand(io: Io, options: ReleaseCliOptions & { readonly check?: boolean; readonly all?: boolean; readonly codeowners?: boolean; readonly landsAt?: string }): number {
  const org = orgOf(io, options);
  if (options.codeowners) {
    io.out(codeOwners(org, releaseRepositoryPrefix(projectOf(io, options))));
    return EXIT.OK;
  }
  const project = projectOf(io, options);
  const read = readReleaseFolder(project);
  const problems = [...read.problems, ...checkReleaseRecords(org, read.records)];
  if (problems.length > 0) throw new PavedValidationError(problems);
  const { lines, failures } = gateReport(io, org, project, read.records, options);
  for (const line of lines) io.out(line);
  if (read.records.length === 0) io.out(`no release records (${path.join('releases', '<team>', '<app>', '<env>.yaml')}): apps run the image their definitions name\n`);
  if (failures.length > 0) {
    io.err(`paved releases: ${failures.length} record(s) fail the release gates:\n${failures.map((f) => `  - ${f}\n`).join('')}`);
    return EXIT.FINDINGS;
  }
  if (options.check) io.out(`every record passes the release gates (${read.records.length} record(s)), and every app teams propose from their own repositories\n`);
  return EXIT.OK;
}

/**
 * Each build's line of `paved releases` and, with `check`, the release gates
 * of what HEAD (or the working tree) changes (every build with `all`): the
 * records' and those of the apps teams propose from their own repositories.
 */
function gateReport(
  io: Io,
  org: Org,
  project: string,
  records: readonly ReleaseRecord[],
  options: ReleaseCliOptions & { readonly check?: boolean; readonly all?: boolean; readonly landsAt?: string },
): { lines: string[]; failures: string[] } {
  const repo = options.check && records.length > 0 ? repository(project) : undefined;
  const lines: string[] = [];
  const failures: string[] = [];
  const at = momentOf(options.at);
  for (const r of records) {
    let note = '';
    if (repo && !checked(repo, enteringCommit(project, repo, r)?.commit, options.all)) {
      note = ' (not changed by HEAD)';
    } else if (repo) {
      const { gate, entering } = recordGate(project, repo, org, r, at, path.relative(project, defaultTree(io)).split(path.sep).join('/'), landingOf(repo, options));
      if (!gate.ok) failures.push(`${r.file}: ${gate.message}`);
      note = gate.ok
        ? ` (${gate.kind}${gate.kind === 'promotion' && gate.ranMs !== undefined ? ` after ${formatDuration(gate.ranMs)} in ${gate.from}` : ''}${entering ? `, ${entering.commit.slice(0, 12)}` : ', not committed'})`
        : ' (refused)';
    }
    lines.push(buildLine(r, note));
  }
  if (options.check) {
    const proposed = proposedAppGates(io, org, project, at, options.all, options.landsAt);
    lines.push(...proposed.lines);
    failures.push(...proposed.failures);
  }
  return { lines, failures };
}

/**
 * The release gates as `paved validate` checks them, where the definition's
 * project keeps release records in a Git repository: the failures of what
 * HEAD (or the working tree) changes, as `paved releases --check`; none
 * (undefined) where there are no records or no repository.
 */
export function validateReleaseGates(io: Io): { readonly records: number; readonly failures: readonly string[] } | undefined {
  const project = projectOf(io, {});
  if (!fs.existsSync(path.join(project, 'releases'))) return undefined;
  try {
    releaseRepository(project);
  } catch (e) {
    if (e instanceof ReleaseHistoryError) return undefined;
    throw e;
  }
  const org = orgOf(io, {});
  const read = readReleaseFolder(project);
  const problems = [...read.problems, ...checkReleaseRecords(org, read.records)].map(formatProblem);
  return { records: read.records.length, failures: [...problems, ...gateReport(io, org, project, read.records, { check: true }).failures] };
}

/** `--lands-at`: HEAD's changes land at that moment (a pull request's merge result, checked now), not at HEAD's own date. */
function landingOf(repo: ReleaseRepository, options: { readonly landsAt?: string }): Landing | undefined {
  const head = options.landsAt !== undefined ? commitOf(repo) : undefined;
  return head !== undefined && options.landsAt !== undefined ? { commit: head, time: momentOf(options.landsAt) } : undefined;
}

/**
 * Whether a build's gate is checked: one HEAD (or the working tree) puts
 * there, or every one with `--all`. A build that entered before HEAD was
 * checked when it entered (CI checks every change): history is not judged
 * again, so a past exception does not block every later change.
 */
function checked(repo: ReleaseRepository, entering: string | undefined, all: boolean | undefined): boolean {
  return all === true || entering === undefined || entering === commitOf(repo);
}

/**
 * The gates of the apps teams propose from their own repositories (their
 * records are there): proved from this repository's history of the committed
 * tree, each app's Application per environment. Only where the tree is
 * committed here (a team repository's own out/ is not).
 */
function proposedAppGates(io: Io, org: Org, project: string, at: number, all: boolean | undefined, landsAt: string | undefined): { lines: string[]; failures: string[] } {
  const treeDir = defaultTree(io);
  const tree = path.relative(project, treeDir).split(path.sep).join('/');
  const external = org.teams.filter((t) => t.appsRepository !== undefined).map((t) => t.name);
  const apps: { team: string; app: string; environment: string; image: string; file: string }[] = [];
  // what a team's tree runs where the gates cannot read it is refused: an Application anywhere but <app>/application-<app>.yaml, or one not as paved synth writes it
  const unreadable: string[] = [];
  for (const env of org.environments) {
    for (const team of external) {
      const folder = path.join(treeDir, env.name, 'teams', team, 'apps');
      if (!fs.existsSync(folder)) continue;
      for (const rel of treeFiles(folder)) {
        const file = path.join(folder, rel);
        const shown = path.relative(project, file).split(path.sep).join('/');
        const text = fs.readFileSync(file, 'utf8');
        const own = /^([^/]+)\/application-([^/]+)\.yaml$/.exec(rel);
        if (own && own[1] === own[2]) {
          const read = readApplication(text, own[1]);
          if ('image' in read) apps.push({ team, app: own[1], environment: env.name, image: read.image, file: shown });
          else unreadable.push(`${shown}: ${read.problem}: the release gates read the build an app of team ${team} runs from its Application, as paved synth writes it`);
          continue;
        }
        const docs = yamlDocuments(text);
        if ('problem' in docs) unreadable.push(`${shown}: ${docs.problem}: the release gates read every file of team ${team}'s apps`);
        else if (docs.documents.some((d) => typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'Application'))
          unreadable.push(`${shown}: an Application outside <app>/application-<app>.yaml: the release gates read the build an app of team ${team} runs from that file only`);
      }
    }
  }
  if (apps.length === 0 && unreadable.length === 0) return { lines: [], failures: [] };
  const repo = repository(project);
  if (recordAt(repo, `${tree}/org.json`) === undefined) return { lines: [], failures: [] };
  const failures: string[] = [...unreadable];
  const lines: string[] = [];
  for (const a of apps) {
    const { gate, entering } = treeGate(project, repo, org, tree, a, at, landingOf(repo, { landsAt: landsAt }));
    if (!checked(repo, entering?.commit, all)) {
      lines.push(buildLine(a, ' (proposed, not changed by HEAD)'));
      continue;
    }
    if (!gate.ok) failures.push(`${a.file}: ${gate.message}`);
    lines.push(buildLine(a, ` (proposed: ${gate.ok ? gate.kind : 'refused'}${entering ? `, ${entering.commit.slice(0, 12)}` : ', not committed'})`));
  }
  return { lines, failures };
}

/** The files below a folder that Argo CD reads (YAML and JSON), relative to it and `/`-separated, sorted. */
function treeFiles(folder: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(folder, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...treeFiles(folder, name));
    else if (e.isFile() && /\.(ya?ml|json)$/.test(e.name)) out.push(name);
  }
  return out;
}

/** The project's folder inside its Git repository (`''` at its top, or outside any repository). */
function releaseRepositoryPrefix(project: string): string {
  try {
    return releaseRepository(project).prefix;
  } catch {
    return '';
  }
}

/**
 * The CODEOWNERS entries that make each environment's approvers review its
 * release records (`promotion.approvers`): GitHub then requires their review
 * on a pull request that changes one, with branch protection's "require
 * review from Code Owners".
 */
export function codeOwners(org: Org, prefix: string): string {
  const lines = ["# Release records: each environment's approvers review its records (generated by paved releases --codeowners from the org's promotion.approvers)"];
  for (const env of org.environments) {
    if (env.promotion.approvers.length === 0) continue;
    lines.push(`/${prefix ? `${prefix}/` : ''}releases/*/*/${env.name}.yaml ${env.promotion.approvers.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
