/**
 * What users wait for, as they type it: `npm run synth` with nothing changed
 * and after editing one app file, `npx paved diff` and `npx paved validate
 * gitops`, against a bare node that only loads cdk8s, cdk8s-plus-28 and cdktf;
 * and the install sizes of the platform repository and of a team's.
 *
 * The npm commands run the project's own scripts in this checkout (the edit
 * is a comment appended to apps/payments/checkout.ts and taken out again after
 * each run). Peak RSS is the largest of every node process a command starts
 * (each reports its own through NODE_OPTIONS).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { type BenchContext, type Figure, type Section, figure as goal } from './figures';
import { RSS_REPORTER, type Sample, type Samples, median } from './measure';

const npmCli = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
const npxCli = path.join(path.dirname(npmCli), 'npx-cli.js');

/** Every command's environment: the same for the timed runs and the untimed ones between them (a synth's record keys on it). */
const childEnv = { ...process.env, NODE_OPTIONS: `--require ${RSS_REPORTER}` };

interface Command {
  readonly label: string;
  readonly args: readonly string[];
  readonly okCodes?: readonly number[];
  readonly before?: () => void;
  readonly after?: () => void;
}

function run(c: Command, cwd: string): Sample {
  c.before?.();
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [...c.args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: childEnv });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status === null || !(c.okCodes ?? [0]).includes(r.status)) throw new Error(`${c.label} failed (exit ${String(r.status ?? r.signal)}): ${(r.stderr ?? '').slice(-2000)}`);
    const rss = [...(r.stderr ?? '').matchAll(/^BENCH_MAXRSS_KIB=(\d+)$/gm)].map((m) => Number(m[1]));
    return { wallMs, ...(rss.length ? { maxRssKiB: Math.max(...rss) } : {}), parts: {} };
  } finally {
    c.after?.();
  }
}

function rounds(commands: readonly Command[], runs: number, cwd: string, progress: (line: string) => void): Samples {
  const samples: Record<string, Sample[]> = Object.fromEntries(commands.map((c) => [c.label, []]));
  for (let round = -1; round < runs; round++) {
    const line = commands.map((c) => {
      const s = run(c, cwd);
      if (round >= 0) samples[c.label].push(s);
      return `${c.label} ${s.wallMs.toFixed(0)} ms`;
    });
    progress(`  ${round < 0 ? 'warm-up' : `run ${round + 1}/${runs}`}: ${line.join(', ')}`);
  }
  return samples;
}

/** Bytes of a folder, its files summed (symbolic links not followed). */
function bytesOf(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.lstatSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

/** A team repository's install: paved packed from this checkout, with TypeScript, into an empty folder. */
function teamInstallBytes(ctx: BenchContext): number {
  const dir = path.join(ctx.work, 'team-install');
  fs.mkdirSync(dir, { recursive: true });
  const pack = spawnSync(process.execPath, [npmCli, 'pack', '--silent', '--pack-destination', dir], { cwd: ctx.repoRoot, encoding: 'utf8' });
  const tarball = path.join(dir, pack.stdout.trim().split('\n').pop() ?? '');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"team","private":true}\n');
  const install = spawnSync(process.execPath, [npmCli, 'install', '--no-audit', '--no-fund', tarball, 'typescript@5.9.3'], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`team install failed: ${install.stderr.slice(-2000)}`);
  return bytesOf(path.join(dir, 'node_modules'));
}

/** Every goal of the edit loop is an upper bound. */
const figure = (id: string, title: string, value: number, unit: Figure['unit'], limit: number, measured: string): Figure => goal(id, title, value, unit, '<=', limit, measured);

/** The edit loop's figures. */
export function editLoop(ctx: BenchContext): Section {
  const app = path.join(ctx.repoRoot, 'apps', 'payments', 'checkout.ts');
  const original = fs.readFileSync(app, 'utf8');
  let edits = 0;
  const commands: Command[] = [
    { label: 'npm run synth', args: [npmCli, 'run', '-s', 'synth'] },
    {
      label: 'npm run synth, one app edited',
      args: [npmCli, 'run', '-s', 'synth'],
      before: () => fs.writeFileSync(app, `${original}// bench edit ${++edits}\n`),
      // the edit taken out, and built again (not timed), so that the next "nothing changed" run is one
      after: () => {
        fs.writeFileSync(app, original);
        spawnSync(process.execPath, [npmCli, 'run', '-s', 'synth'], { cwd: ctx.repoRoot, encoding: 'utf8', env: childEnv });
      },
    },
    { label: 'bare node', args: ['-e', "require('cdk8s'); require('cdk8s-plus-28'); require('cdktf');"] },
    { label: 'npx paved diff', args: [npxCli, 'paved', 'diff'] },
    { label: 'npx paved validate gitops', args: [npxCli, 'paved', 'validate', 'gitops'] },
  ];
  let samples: Samples;
  try {
    samples = rounds(commands, ctx.runs, ctx.repoRoot, ctx.progress);
  } finally {
    fs.writeFileSync(app, original);
    // the last edited build is reverted too: one more synth leaves dist/ as the sources are
    spawnSync(process.execPath, [npmCli, 'run', '-s', 'synth'], { cwd: ctx.repoRoot, encoding: 'utf8' });
  }
  const wall = (label: string) => median(samples[label].map((s) => s.wallMs));
  const ratio = (a: string) => median(samples[a].map((s, i) => s.wallMs / samples['bare node'][i].wallMs));
  const rss = Math.max(...samples['npm run synth'].concat(samples['npm run synth, one app edited']).map((s) => s.maxRssKiB ?? 0)) / 1024;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const platformBytes = bytesOf(path.join(ctx.repoRoot, 'node_modules'));
  const teamBytes = ctx.quick ? undefined : teamInstallBytes(ctx);
  const mib = (b: number) => b / 2 ** 20;
  return {
    figures: [
      figure('edit.synth', 'edit loop: npm run synth, nothing changed / bare node', ratio('npm run synth'), 'x', 4, `${ms(wall('npm run synth'))} vs ${ms(wall('bare node'))}`),
      figure(
        'edit.synth-edit',
        'edit loop: npm run synth after one app edit / bare node',
        ratio('npm run synth, one app edited'),
        'x',
        6,
        `${ms(wall('npm run synth, one app edited'))} vs ${ms(wall('bare node'))}`,
      ),
      figure('edit.rss', 'edit loop: npm run synth, peak RSS of its processes', rss, 'MiB', 250, `${rss.toFixed(0)} MiB (largest of ${ctx.runs * 2} runs)`),
      figure('edit.diff', 'edit loop: npx paved diff, as typed', wall('npx paved diff'), 'ms', 2000, ms(wall('npx paved diff'))),
      figure('edit.validate', 'edit loop: npx paved validate gitops, as typed', wall('npx paved validate gitops'), 'ms', 3000, ms(wall('npx paved validate gitops'))),
      figure('install.platform', "install: the platform repository's node_modules", mib(platformBytes), 'MiB', 1024, `${mib(platformBytes).toFixed(0)} MiB`),
      ...(teamBytes !== undefined ? [figure('install.team', "install: a team repository's node_modules (paved + TypeScript)", mib(teamBytes), 'MiB', 200, `${mib(teamBytes).toFixed(0)} MiB`)] : []),
    ],
    notes: [
      "edit loop: npm run synth is tsc -b over three projects (the library; the platform; the apps, compiled without Node's types and rebuilt alone after an app edit), then one node process (platform/synth.js) for paved synth (nothing to do when its inputs and the tree are as the last synth left them; otherwise it writes nothing when the tree is the same bytes) and the cloud side (skipped when the library, the platform and the lockfile are unchanged: an app edit never touches it)",
    ],
    samples,
  };
}
