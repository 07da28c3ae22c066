/**
 * The incremental figure: what `paved synth` costs after one app's edit in a
 * large org, against the same edit in a 10-app org. A change should cost what
 * the change is, not what the org is: the goal is at most twice the small
 * org's figure (the large org still has to be read, its cross-team checks run
 * over every team's objects, and its tree compared file by file).
 *
 * Each org is a project folder of its own in the scratch folder, shaped as a
 * team's or a platform's repository after `tsc`: a package.json naming the
 * definition, a tsconfig.json naming the build folder (where paved keeps its
 * synth record), and the compiled definition: the synthetic org of the scale
 * figure (bench/synthetic-org.ts), whose first team's first app reads its log
 * level from `dist/apps/edited.js`. The edit rewrites that file with a new
 * value before each timed run, as a compiler does after an app's source was
 * edited: every run synthesizes the whole org anew and writes a tree that
 * differs from the last in that app's objects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type BenchContext, type Section, figure } from './figures';
import { type BenchCommand, medianWall, pairedRatio, peakRssMiB, runRounds } from './measure';

/** The org sizes: teams of 10 apps. */
export function incrementalSizes(quick: boolean): { large: number; small: number; appsPerTeam: number } {
  return quick ? { large: 20, small: 1, appsPerTeam: 10 } : { large: 100, small: 1, appsPerTeam: 10 };
}

/** Writes a project folder whose definition is the synthetic org of `teams` teams; returns the file an edit rewrites. */
export function writeIncrementalProject(ctx: BenchContext, dir: string, teams: number, appsPerTeam: number): string {
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(path.join(dist, 'apps'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-org', private: true, paved: { definition: 'dist/definition.js', out: 'gitops' } }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }, null, 2)}\n`);
  const from = (file: string) => JSON.stringify(path.join(ctx.buildDir, file));
  const definition = [
    "'use strict';",
    '// the synthetic org of the scale figure; team-000/app-00 takes its log level from ./apps/edited.js',
    `const lib = require(${from('lib')});`,
    `const { syntheticDefinition } = require(${from('bench/synth-child.js')});`,
    `const { appSpec } = require(${from('bench/synthetic-org.js')});`,
    "const { LOG_LEVEL } = require('./apps/edited');",
    `const definition = syntheticDefinition(lib, { teams: ${teams}, appsPerTeam: ${appsPerTeam} }, ${String(ctx.database)});`,
    'definition.apps[0].apps[0] = (scope) => {',
    `  const spec = appSpec('team-000', 'app-00', ${String(ctx.database)});`,
    "  new lib.AppConstruct(scope, 'app-00', { team: scope.team, ...spec, env: { ...spec.env, LOG_LEVEL } });",
    '};',
    'exports.definition = definition;',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dist, 'definition.js'), definition);
  const edited = path.join(dist, 'apps', 'edited.js');
  fs.writeFileSync(edited, "exports.LOG_LEVEL = 'info';\n");
  return edited;
}

/** The incremental figure: `paved synth` after one app's edit, the large org against the 10-app org. */
export function incremental(ctx: BenchContext): Section {
  const { large, small, appsPerTeam } = incrementalSizes(ctx.quick);
  const cli = path.join(ctx.buildDir, 'lib', 'cli', 'main.js');
  const apps = (teams: number) => (teams * appsPerTeam).toLocaleString('en-US');
  let edits = 0;
  const synthAfterEdit = (teams: number): BenchCommand => {
    const dir = path.join(ctx.work, `incremental-${teams}`);
    const edited = writeIncrementalProject(ctx, dir, teams, appsPerTeam);
    return {
      label: `paved synth, ${apps(teams)} apps, one app edited`,
      args: [cli, 'synth'],
      cwd: dir,
      // a new value each run: the tree always changes in that app's objects
      before: () => fs.writeFileSync(edited, `exports.LOG_LEVEL = 'edit-${++edits}';\n`),
    };
  };
  const big = synthAfterEdit(large);
  const little = synthAfterEdit(small);
  const samples = runRounds([big, little], ctx.runs, ctx.repoRoot, ctx.progress);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const ratio = pairedRatio(samples, big.label, little.label);
  return {
    figures: [
      figure(
        'incremental',
        `incremental: ${big.label} / ${little.label}`,
        ratio,
        'x',
        '<=',
        2,
        `${ms(medianWall(samples, big.label))} (${(peakRssMiB(samples, big.label) ?? NaN).toFixed(0)} MiB) vs ${ms(medianWall(samples, little.label))}`,
      ),
    ],
    notes: [
      `incremental: paved synth in a project of its own (its synth record and kept checks in its build folder, as after an earlier synth); before each run one app's compiled file changes (a new log level), so every run builds, validates and writes the whole org (${large} teams × ${appsPerTeam} apps against ${small} team × ${appsPerTeam} apps)`,
    ],
    samples,
  };
}
