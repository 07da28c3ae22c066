/**
 * The benchmark's figures: startup, scale, diff and tests. Each measures its
 * commands in fresh processes, side by side in rounds (see bench/measure.ts),
 * and returns figures with their goals.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { filesBelow, writeDiffTrees } from './diff-trees';
import type { FloorTemplate } from './floor';
import { type BenchCommand, type Samples, medianPart, medianWall, pairedRatio, peakRssMiB, runOnce, runRounds } from './measure';

/** Where and how the bench runs. */
export interface BenchContext {
  /** The compiled project (dist/): lib/, platform/, bench/. */
  readonly buildDir: string;
  /** The project's root: node_modules, package.json; children run here. */
  readonly repoRoot: string;
  /** A scratch folder for trees. */
  readonly work: string;
  /** Measured runs per command (after one warm-up). */
  readonly runs: number;
  /** Smaller sizes, for development. */
  readonly quick: boolean;
  /** Give every synthetic app a database. */
  readonly database: boolean;
  readonly progress: (line: string) => void;
}

/** One figure with its goal. */
export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly value: number;
  readonly unit: 'ms' | 'x' | 'MiB';
  /** `<=` or `<` the limit. */
  readonly op: '<=' | '<';
  readonly limit: number;
  readonly pass: boolean;
  /** The measurements behind the value, for people. */
  readonly measured: string;
}

/** What a section measured. */
export interface Section {
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
  readonly samples: Samples;
}

/** A figure with its goal, passing when `value op limit` holds. */
export function figure(id: string, title: string, value: number, unit: Figure['unit'], op: Figure['op'], limit: number, measured: string): Figure {
  return { id, title, value, unit, op, limit, pass: op === '<=' ? value <= limit : value < limit, measured };
}

const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} ms`);
const mib = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} MiB`);
const clear = (dir: string) => () => fs.rmSync(dir, { recursive: true, force: true });
const js = (ctx: BenchContext, file: string) => path.join(ctx.buildDir, file);

/** The scale benchmark's sizes: `teams` × 10 apps, and a tenth of it for the linearity figure. */
export function scaleSizes(quick: boolean): { large: number; small: number; appsPerTeam: number } {
  return quick ? { large: 20, small: 2, appsPerTeam: 10 } : { large: 100, small: 10, appsPerTeam: 10 };
}

/**
 * Startup: the example org's synthesis as `npm run synth` runs it once the
 * compiler has (platform/synth.js: paved synth, whose definitions run in a
 * process of their own, with the cloud stacks synthesized meanwhile), cold (no
 * record of an earlier synth, no kept schema checks), against a bare node that
 * only loads the libraries.
 */
export function startup(ctx: BenchContext): Section {
  const out = path.join(ctx.work, 'startup');
  const synth: BenchCommand = { label: 'example org synth', args: [js(ctx, 'bench/synth-child.js'), 'startup', '--out', out], before: clear(out) };
  const bare: BenchCommand = { label: 'bare node', args: ['-e', "require('cdk8s'); require('cdk8s-plus-28'); require('cdktf');"] };
  const samples = runRounds([synth, bare], ctx.runs, ctx.repoRoot, ctx.progress);
  const part = (name: string) => ms(medianPart(samples, synth.label, name));
  return {
    figures: [
      figure(
        'startup',
        'startup: example org synth (npm run synth: GitOps tree + cloud stacks) / bare node',
        pairedRatio(samples, synth.label, bare.label),
        'x',
        '<=',
        3,
        `${ms(medianWall(samples, synth.label))} (${mib(peakRssMiB(samples, synth.label))}) vs ${ms(medianWall(samples, bare.label))} (${mib(peakRssMiB(samples, bare.label))})`,
      ),
    ],
    notes: [
      `startup: in the synth process: loading ${part('load')}, paved synth ${part('gitops')} (its definitions in their own process), within it the cloud stacks' synthesis ${part('cdktf')}, then writing them ${part('cdktfWrite')}`,
    ],
    samples,
  };
}

/** Compares two trees file by file: how many files are identical, differ, or exist on one side only. */
function compareTrees(a: string, b: string): { identical: number; differing: string[]; onlyA: string[]; onlyB: string[] } {
  const fa = filesBelow(a);
  const fb = new Set(filesBelow(b));
  const differing: string[] = [];
  const onlyA: string[] = [];
  let identical = 0;
  for (const f of fa) {
    if (!fb.has(f)) onlyA.push(f);
    else if (fs.readFileSync(path.join(a, f), 'utf8') === fs.readFileSync(path.join(b, f), 'utf8')) identical++;
    else differing.push(f);
    fb.delete(f);
  }
  return { identical, differing, onlyA, onlyB: [...fb] };
}

/** Scale: the synthetic org against the floor, its peak RSS, and its growth from a tenth of it. */
export function scale(ctx: BenchContext, template: FloorTemplate, templateFile: string): Section {
  const { large, small, appsPerTeam } = scaleSizes(ctx.quick);
  const db = ctx.database ? ['--database'] : [];
  const dir = (name: string) => path.join(ctx.work, name);
  const synthOf = (teams: number, label: string): BenchCommand => ({
    label,
    before: clear(dir(label)),
    args: [js(ctx, 'bench/synth-child.js'), 'synth', '--teams', String(teams), '--apps', String(appsPerTeam), '--out', dir(label), ...db],
  });
  const apps = (teams: number) => (teams * appsPerTeam).toLocaleString('en-US');
  const synthL = synthOf(large, `synth ${apps(large)} apps`);
  const synthS = synthOf(small, `synth ${apps(small)} apps`);
  const notes: string[] = [
    `scale: 1 environment (the figures are per cluster), ${large} teams × ${appsPerTeam} apps, each app with 2 secrets, plain env, a public route${ctx.database ? ' and a database' : ' and no database (--no-database)'}`,
  ];
  const floor: BenchCommand = {
    label: `floor ${apps(large)} apps`,
    before: clear(dir('floor')),
    args: [js(ctx, 'bench/floor.js'), '--teams', String(large), '--apps', String(appsPerTeam), '--template', templateFile, '--out', dir('floor')],
    after: (round) => {
      if (round !== -1) return;
      const c = compareTrees(dir(synthL.label), dir('floor'));
      const total = c.identical + c.differing.length + c.onlyB.length;
      notes.push(
        `scale: floor fidelity: ${c.identical} of ${total} files the floor writes are byte-identical to the real synth's` +
          `${c.differing.length ? `; differing: ${c.differing.slice(0, 5).join(', ')}` : ''}${c.onlyB.length ? `; only in the floor: ${c.onlyB.slice(0, 5).join(', ')}` : ''}` +
          `; only in the real synth: ${c.onlyA.slice(0, 5).join(', ') || 'none'}${c.onlyA.length > 5 ? ` and ${c.onlyA.length - 5} more` : ''}`,
      );
    },
  };
  const perTeam = template.perTeam.length;
  const perApp = template.perApp.length;
  notes.push(
    `scale: objects per cluster: ${template.global.length + template.listing.length} platform, ${perTeam} per team, ${perApp} per app → ${(template.global.length + template.listing.length + large * perTeam + large * appsPerTeam * perApp).toLocaleString('en-US')} objects`,
  );
  const samples = runRounds([synthL, floor, synthS], ctx.runs, ctx.repoRoot, ctx.progress);
  for (const label of [synthL.label, synthS.label]) clear(dir(label))();
  clear(dir('floor'))();
  const parts = (label: string) => `load ${ms(medianPart(samples, label, 'load'))}, define ${ms(medianPart(samples, label, 'define'))}, synthGitOps ${ms(medianPart(samples, label, 'synth'))}`;
  notes.push(`scale: in the synth process (${synthL.label}): ${parts(synthL.label)}; (${synthS.label}): ${parts(synthS.label)}; floor work ${ms(medianPart(samples, floor.label, 'work'))}`);
  const rss = peakRssMiB(samples, synthL.label) ?? NaN;
  return {
    figures: [
      figure(
        'scale.floor',
        `scale: ${synthL.label} / floor`,
        pairedRatio(samples, synthL.label, floor.label),
        'x',
        '<=',
        2,
        `${ms(medianWall(samples, synthL.label))} vs ${ms(medianWall(samples, floor.label))} (${mib(peakRssMiB(samples, floor.label))})`,
      ),
      figure('scale.rss', `scale: ${synthL.label}, peak RSS`, rss, 'MiB', '<=', 1024, `${mib(rss)} (largest of ${ctx.runs} runs)`),
      figure(
        'scale.linear',
        `scale: ${synthL.label} / ${synthS.label}`,
        pairedRatio(samples, synthL.label, synthS.label),
        'x',
        '<=',
        11,
        `${ms(medianWall(samples, synthL.label))} vs ${ms(medianWall(samples, synthS.label))}`,
      ),
    ],
    notes,
    samples,
  };
}

/** Diff: `paved diff` of two trees that differ in 1% of their objects. */
export function diff(ctx: BenchContext, template: FloorTemplate): Section {
  const trees = writeDiffTrees(template, ctx.quick ? 2000 : 10000, path.join(ctx.work, 'diff'));
  const expected = new RegExp(`^0 added, 0 removed, ${trees.changed} changed`);
  const command: BenchCommand = {
    label: 'paved diff',
    okCodes: [0, 1],
    args: [js(ctx, 'lib/cli/main.js'), 'diff', trees.headDir, '--base-dir', trees.baseDir],
  };
  const first = spawnSync(process.execPath, command.args, { cwd: ctx.repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (!expected.test(first.stdout)) throw new Error(`paved diff did not report ${trees.changed} changed objects:\n${first.stdout.slice(0, 2000)}\n${first.stderr}`);
  const samples = runRounds([command], ctx.runs, ctx.repoRoot, ctx.progress);
  const objects = trees.objects.toLocaleString('en-US');
  return {
    figures: [
      figure(
        'diff',
        `diff: paved diff, ${objects} objects, ${trees.changed} changed`,
        medianWall(samples, command.label),
        'ms',
        '<',
        1000,
        `${ms(medianWall(samples, command.label))} (${mib(peakRssMiB(samples, command.label))})`,
      ),
    ],
    notes: [`diff: two paved-like trees of ${objects} objects (${trees.teams} teams × ${trees.appsPerTeam} apps); ${trees.changed} objects changed (an Application's image, or a label)`],
    samples,
  };
}

/** Tests: `npm test` once (it takes tens of seconds; its caches are as the last build left them). */
export function tests(ctx: BenchContext): Section {
  ctx.progress('  npm test (1 run)…');
  const started = process.hrtime.bigint();
  const result = spawnSync('npm', ['test'], { cwd: ctx.repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`npm test failed (exit ${String(result.status ?? result.signal)}):\n${(result.stdout + result.stderr).split('\n').slice(-40).join('\n')}`);
  return {
    figures: [figure('tests', 'tests: npm test (1 run)', wallMs, 'ms', '<', 60000, `${(wallMs / 1000).toFixed(1)} s`)],
    notes: ['tests: one run of `npm test` (tsc over the whole project, then jest), not a median'],
    samples: { 'npm test': [{ wallMs, parts: {} }] },
  };
}

/** Writes the floor's template: a real synth of a one-team, one-app synthetic org, sorted by how objects repeat. */
export function makeTemplate(ctx: BenchContext): { template: FloorTemplate; file: string } {
  const file = path.join(ctx.work, 'floor-template.json');
  runOnce(
    { label: 'template', args: [js(ctx, 'bench/synth-child.js'), 'template', '--out', path.join(ctx.work, 'template-tree'), '--template', file, ...(ctx.database ? ['--database'] : [])] },
    ctx.repoRoot,
  );
  return { template: JSON.parse(fs.readFileSync(file, 'utf8')) as FloorTemplate, file };
}
