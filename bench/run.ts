/**
 * `npm run bench`: measures paved's figures against their goals and prints
 * them as a table; writes them, with every sample, to bench/results.json.
 * See bench/README.md.
 *
 *   node dist/bench/run.js [--quick] [--runs N] [--only startup,scale,diff,edit,tests]
 *                          [--tests] [--no-database] [--profile] [--out FILE] [--keep] [--check]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type BenchContext, type Figure, type Section, diff, makeTemplate, scale, scaleSizes, startup, tests } from './figures';
import { editLoop } from './edit-loop';
import { incremental } from './incremental';
import type { FloorTemplate } from './floor';
import { type ProfileSummary, type CpuProfile, formatSummary, summarize } from './profile';

const SECTIONS = ['startup', 'scale', 'diff', 'incremental', 'edit', 'tests'] as const;
type SectionName = (typeof SECTIONS)[number];

/** The command line. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly runs: number;
  readonly sections: readonly SectionName[];
  readonly database: boolean;
  readonly profile: boolean;
  readonly out?: string;
  readonly scratch?: string;
  readonly keep: boolean;
  readonly check: boolean;
}

const USAGE = `usage: node dist/bench/run.js [options]
  --quick            3 runs and smaller sizes (for development; the goals are for the full sizes)
  --runs N           measured runs per command, after one warm-up (default 5, --quick 3)
  --only LIST        only these figures: startup, scale, diff, incremental, edit, tests (comma-separated or repeated)
  --tests            also run npm test once (the tests figure; default off)
  --no-database      synthetic apps without a database (default: each has one, see databaseProps in bench/synthetic-org.ts)
  --profile          also profile one synth of the scale org (node --cpu-prof) and list its hot spots
  --out FILE         where to write the results (default bench/results.json)
  --scratch DIR      where to write the trees (default /dev/shm when it exists, else the temporary directory)
  --keep             keep the scratch folder
  --check            exit 1 when a figure misses its goal`;

/** Parses the command line; throws on anything it does not know. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  let quick = false,
    database = true,
    profile = false,
    keep = false,
    check = false,
    withTests = false;
  let runs: number | undefined;
  let out: string | undefined;
  let scratch: string | undefined;
  const only: SectionName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') quick = true;
    else if (a === '--no-database') database = false;
    else if (a === '--profile') profile = true;
    else if (a === '--keep') keep = true;
    else if (a === '--check') check = true;
    else if (a === '--tests') withTests = true;
    else if (a === '--out') out = value();
    else if (a === '--scratch') scratch = value();
    else if (a === '--runs') {
      runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
    } else if (a === '--only') {
      for (const s of value().split(',').filter(Boolean)) {
        if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only ${s}: one of ${SECTIONS.join(', ')}`);
        only.push(s as SectionName);
      }
    } else throw new Error(`unknown option ${a}`);
  }
  const sections = only.length > 0 ? SECTIONS.filter((s) => only.includes(s)) : SECTIONS.filter((s) => s !== 'tests' || withTests);
  return { quick, runs: runs ?? (quick ? 3 : 5), sections, database, profile, out, scratch, keep, check };
}

function formatValue(f: Pick<Figure, 'value' | 'unit'>, digits = 2): string {
  if (!Number.isFinite(f.value)) return 'n/a';
  if (f.unit === 'x') return `${f.value.toFixed(digits)}x`;
  return `${f.value.toFixed(0)} ${f.unit}`;
}

/** The figures as a table. */
export function formatTable(figures: readonly Figure[], errors: Readonly<Record<string, string>>): string {
  const rows = [
    ['figure', 'measured (median)', 'value', 'goal', 'result'],
    ...figures.map((f) => [f.title, f.measured, formatValue(f), `${f.op === '<=' ? '≤' : '<'} ${formatValue({ value: f.limit, unit: f.unit }, 0)}`, f.pass ? 'PASS' : 'FAIL']),
    ...Object.entries(errors).map(([s, e]) => [`${s}: not measured`, e.split('\n')[0].slice(0, 60), '', '', 'ERROR']),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * A RAM file system when there is one: the trees are thousands of small files,
 * and on a disk the kernel's write-back makes their cost drift from run to run
 * (the floor, which mostly writes, took 1 to 4 s for the same work in a row).
 */
function defaultScratch(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

function profileScale(ctx: BenchContext): ProfileSummary {
  const { large, appsPerTeam } = scaleSizes(ctx.quick);
  const dir = path.join(ctx.work, 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.progress(`profile: node --cpu-prof, one synth of ${large * appsPerTeam} apps…`);
  const args = [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    path.join(ctx.buildDir, 'bench/synth-child.js'),
    'synth',
    '--teams',
    String(large),
    '--apps',
    String(appsPerTeam),
    '--out',
    path.join(dir, 'tree'),
    ...(ctx.database ? ['--database'] : []),
  ];
  const result = spawnSync(process.execPath, args, { cwd: ctx.repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`profiled synth failed: ${result.stderr}`);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return summarize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, ctx.repoRoot, 10);
}

/** Runs the bench; returns the exit code. */
export function main(argv: readonly string[]): number {
  let options: BenchOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const buildDir = path.resolve(__dirname, '..');
  const repoRoot = path.dirname(buildDir);
  const work = fs.mkdtempSync(path.join(options.scratch ?? defaultScratch(), 'paved-bench-'));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const ctx: BenchContext = { buildDir, repoRoot, work, runs: options.runs, quick: options.quick, database: options.database, progress: log };
  log(
    `paved bench${options.quick ? ' --quick (smaller sizes: the goals are for the full run)' : ''}: ${options.sections.join(', ')}; ${options.runs} runs per command after a warm-up, each in a fresh process, alternating`,
  );
  log(`node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; build ${buildDir}; trees in ${work}`);

  const results: Partial<Record<SectionName, Section>> = {};
  const errors: Record<string, string> = {};
  let template: { template: FloorTemplate; file: string } | undefined;
  let profile: ProfileSummary | undefined;
  const started = Date.now();
  try {
    for (const name of options.sections) {
      log(`${name}:`);
      try {
        if ((name === 'scale' || name === 'diff') && !template) template = makeTemplate(ctx);
        if (name === 'startup') results.startup = startup(ctx);
        else if (name === 'scale' && template) results.scale = scale(ctx, template.template, template.file);
        else if (name === 'diff' && template) results.diff = diff(ctx, template.template);
        else if (name === 'incremental') results.incremental = incremental(ctx);
        else if (name === 'edit') results.edit = editLoop(ctx);
        else if (name === 'tests') results.tests = tests(ctx);
      } catch (e) {
        errors[name] = e instanceof Error ? e.message : String(e);
        log(`  error: ${errors[name]}`);
      }
    }
    if (options.profile) {
      try {
        profile = profileScale(ctx);
      } catch (e) {
        errors.profile = e instanceof Error ? e.message : String(e);
      }
    }
  } finally {
    if (!options.keep) fs.rmSync(work, { recursive: true, force: true });
  }

  const sections = Object.values(results);
  const figures = sections.flatMap((s) => s.figures);
  log('');
  log(formatTable(figures, errors));
  log('');
  for (const note of sections.flatMap((s) => s.notes)) log(`- ${note}`);
  if (profile) log(`\nprofile of one synth (${options.quick ? 'quick size' : 'full size'}):\n${formatSummary(profile)}`);
  if (options.keep) log(`scratch folder kept: ${work}`);

  const out = path.resolve(options.out ?? path.join(repoRoot, 'bench', 'results.json'));
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: os.totalmem() / 2 ** 30 },
    options,
    elapsedS: (Date.now() - started) / 1000,
    figures,
    notes: sections.flatMap((s) => s.notes),
    errors,
    samples: Object.fromEntries(Object.entries(results).map(([k, s]) => [k, s.samples])),
    ...(profile ? { profile } : {}),
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  log(`wrote ${out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (Object.keys(errors).length > 0) return 2;
  return options.check && figures.some((f) => !f.pass) ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
