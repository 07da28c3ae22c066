/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and lists where the time went:
 * the functions with the most self time, and the files (packages) they are in.
 *
 *   node dist/bench/profile.js FILE.cpuprofile [TOP]
 */
import * as fs from 'fs';
import * as path from 'path';

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function, or of one file. */
export interface HotSpot {
  /** `function (file:line)`, or the file. */
  readonly name: string;
  readonly ms: number;
  /** Share of all sampled time, in percent. */
  readonly pct: number;
}

/** The profile's hot spots: by function and by file, the largest first. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly HotSpot[];
  readonly files: readonly HotSpot[];
}

/** A file's name for people: relative to node_modules' package or to the build, else the URL. */
export function shortFile(url: string, root: string): string {
  if (!url) return '(native)';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) return file.slice(nm + '/node_modules/'.length);
  return file.startsWith(root) ? path.relative(root, file) : file;
}

/** Sums self time per function and per file (each sample's time goes to the function on top of the stack). */
export function summarize(profile: CpuProfile, root: string, top = 10): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    totalUs += us;
    const file = shortFile(frame.url, root);
    const fn = `${frame.functionName || '(anonymous)'} (${file}${frame.url ? `:${frame.lineNumber + 1}` : ''})`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
    perFile.set(file, (perFile.get(file) ?? 0) + us);
  });
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: totalUs > 0 ? (100 * us) / totalUs : 0 }));
  return { totalMs: totalUs / 1000, functions: rank(perFunction), files: rank(perFile) };
}

/** The summary as text. */
export function formatSummary(s: ProfileSummary): string {
  const row = (h: HotSpot) => `  ${h.pct.toFixed(1).padStart(5)}%  ${h.ms.toFixed(0).padStart(7)} ms  ${h.name}`;
  return [`sampled ${s.totalMs.toFixed(0)} ms`, 'top self time by function:', ...s.functions.map(row), 'top self time by file:', ...s.files.map(row)].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile.js FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatSummary(summarize(profile, path.resolve(__dirname, '..'), Number(top ?? 10)))}\n`);
}
