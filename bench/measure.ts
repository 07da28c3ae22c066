/**
 * Measuring a command in a fresh process: wall time with `process.hrtime`
 * around `spawnSync`, peak RSS reported by the child itself (bench/rss-report.js,
 * preloaded with `node -r`), and the in-process work time a bench child reports.
 * Commands are run in rounds (A B A B …) after a warm-up round, so that drift
 * affects every side alike; ratios are taken per round, then their median.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

/** A command to measure: `node [preload] ...args` in `cwd`. */
export interface BenchCommand {
  /** A short label. */
  readonly label: string;
  /** Arguments after `node`. */
  readonly args: readonly string[];
  /** Preload the RSS reporter (`node -r`). @default true */
  readonly reportRss?: boolean;
  /** Exit codes that mean success. @default [0] */
  readonly okCodes?: readonly number[];
  /** The folder it runs in. @default the bench's (the project's root) */
  readonly cwd?: string;
  /** Called before each run (e.g. to clear an output folder); not timed. */
  readonly before?: () => void;
  /** Called after each run with the run's index (-1: warm-up); not timed. */
  readonly after?: (round: number) => void;
}

/** One run of a command. */
export interface Sample {
  readonly wallMs: number;
  /** Peak resident set size in KiB, as the child reports it. */
  readonly maxRssKiB?: number;
  /** The child's own timings of its parts (ms), if it reports them (`BENCH_PARTS={...}`). */
  readonly parts: Readonly<Record<string, number>>;
}

/** Every sample of every command, by label, warm-up excluded. */
export type Samples = Readonly<Record<string, readonly Sample[]>>;

/** The preload that makes a child report its peak RSS on exit. */
export const RSS_REPORTER = path.join(__dirname, 'rss-report.js');

const RSS_LINE = /^BENCH_MAXRSS_KIB=(\d+)$/m;
const PARTS_LINE = /^BENCH_PARTS=(\{.*\})$/m;

/** Runs a command once and measures it; throws with its output when it fails. */
export function runOnce(command: BenchCommand, cwd: string): Sample {
  command.before?.();
  const args = command.reportRss === false ? [...command.args] : ['-r', RSS_REPORTER, ...command.args];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: command.cwd ?? cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const ok = command.okCodes ?? [0];
  if (result.error || result.status === null || !ok.includes(result.status)) {
    const why = result.error ? result.error.message : `exit ${String(result.status ?? result.signal)}`;
    throw new Error(`${command.label} failed (${why}): node ${args.join(' ')}\n${tail(result.stdout)}\n${tail(result.stderr)}`);
  }
  const rss = RSS_LINE.exec(result.stderr);
  const parts = PARTS_LINE.exec(result.stderr);
  return {
    wallMs,
    ...(rss ? { maxRssKiB: Number(rss[1]) } : {}),
    parts: parts ? (JSON.parse(parts[1]) as Record<string, number>) : {},
  };
}

/**
 * Runs the commands in rounds: one warm-up round (not counted), then `runs`
 * rounds, each running every command once in the order given.
 */
export function runRounds(commands: readonly BenchCommand[], runs: number, cwd: string, progress: (line: string) => void): Samples {
  const samples: Record<string, Sample[]> = {};
  for (const c of commands) samples[c.label] = [];
  for (let round = -1; round < runs; round++) {
    const parts: string[] = [];
    for (const c of commands) {
      const s = runOnce(c, cwd);
      c.after?.(round);
      if (round >= 0) samples[c.label].push(s);
      parts.push(`${c.label} ${s.wallMs.toFixed(0)} ms`);
    }
    progress(`  ${round < 0 ? 'warm-up' : `run ${round + 1}/${runs}`}: ${parts.join(', ')}`);
  }
  return samples;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median wall time of a command's samples. */
export function medianWall(samples: Samples, label: string): number {
  return median(samples[label].map((s) => s.wallMs));
}

/** The median of a part's child-reported times, if every sample has it. */
export function medianPart(samples: Samples, label: string, part: string): number | undefined {
  const values = samples[label].map((s) => s.parts[part]);
  return values.every((v): v is number => v !== undefined) ? median(values) : undefined;
}

/** The largest peak RSS of a command's samples, in MiB. */
export function peakRssMiB(samples: Samples, label: string): number | undefined {
  const values = samples[label].map((s) => s.maxRssKiB).filter((v): v is number => v !== undefined);
  return values.length > 0 ? Math.max(...values) / 1024 : undefined;
}

/** The median of the per-round ratios a/b of wall times. */
export function pairedRatio(samples: Samples, a: string, b: string): number {
  const as = samples[a];
  const bs = samples[b];
  return median(as.map((s, i) => s.wallMs / bs[i].wallMs));
}

function tail(text: string | null | undefined, lines = 30): string {
  return (text ?? '').trimEnd().split('\n').slice(-lines).join('\n');
}
