import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compareStrings } from '../lib/private/compare';
import { CLI, type CliRun, PROCESS_LIMITS, ROOT, writeFiles } from './cli-util';

/**
 * Git as a test runs it: no user or system configuration, a fixed identity,
 * and the commit date the test gives (seconds since 1970, UTC), so that every
 * hash is the same on every machine and day.
 */
export function gitEnv(date = 1_780_000_000): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
    GIT_AUTHOR_DATE: `${date} +0000`,
    GIT_COMMITTER_DATE: `${date} +0000`,
    GIT_TERMINAL_PROMPT: '0',
    NO_COLOR: '1',
  };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];
  return env;
}

/** Runs git in `cwd` (held to the process budget); its output, or a thrown error with what it printed. */
export function git(cwd: string, args: readonly string[], date?: number): string {
  const r = tryGit(cwd, args, date);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} in ${cwd} exited ${String(r.code)}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Runs git in `cwd` and returns what it did, whatever its exit code. */
export function tryGit(cwd: string, args: readonly string[], date?: number): CliRun {
  const r = spawnSync('git', [...args], { cwd, encoding: 'utf8', env: gitEnv(date), ...PROCESS_LIMITS });
  if (r.error) throw new Error(`git ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `paved …` in `cwd` as a process with Git's test environment, held to the process budget. */
export function pavedIn(cwd: string, args: readonly string[], date?: number): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: gitEnv(date), ...PROCESS_LIMITS });
  if (r.error) throw new Error(`paved ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A team's app, as a module of `platform/apps/<team>/<name>.js`: its definition, with the props given (JavaScript object text). */
export function appModule(name: string, props = ''): string {
  return [
    "const { AppConstruct } = require('@acme/paved');",
    `exports.${name.replace(/-(.)/g, (_, c: string) => c.toUpperCase())} = (scope) =>`,
    `  new AppConstruct(scope, '${name}', { team: scope.team, image: 'registry.example.com/${name}:1.0.0', port: 8080${props ? `, ${props}` : ''} });`,
    '',
  ].join('\n');
}

/**
 * The files of a small platform repository: the org as data (platform/org.json,
 * which an org change edits), a definition module that reads it and loads the
 * teams' app modules (platform/apps/<team>/*.js), no compiler needed.
 */
export function platformFiles(org: object, apps: Record<string, string>): Record<string, string> {
  const definition = [
    "const path = require('path');",
    `const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib'))});`,
    `const util = require(${JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'))});`,
    "exports.org = new lib.Org(require('./org.json'));",
    'exports.platform = util.minimalPlatform;',
    "exports.apps = lib.loadTeamApps(path.join(__dirname, 'apps'));",
    '',
  ].join('\n');
  return {
    'package.json': `${JSON.stringify({ name: 'platform', private: true, paved: { definition: 'platform/k8s.js', out: 'gitops' } }, null, 2)}\n`,
    'platform/k8s.js': definition,
    'platform/org.json': `${JSON.stringify(org, null, 2)}\n`,
    ...Object.fromEntries(Object.entries(apps).map(([file, text]) => [`platform/apps/${file}`, text])),
  };
}

/** Writes files into a clone and commits them (and whatever synth changed) with the date given. */
export function commitAll(clone: string, message: string, date: number, files: Record<string, string> = {}): string {
  writeFiles(clone, files);
  git(clone, ['add', '-A']);
  git(clone, ['commit', '--quiet', '--no-verify', '-m', message], date);
  return git(clone, ['rev-parse', 'HEAD']).trim();
}

/** The files of a folder, relative, sorted, with their bytes. */
export function folderFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** The files of a branch's tree below a folder (as `git ls-tree` lists them), with their bytes. */
export function branchFiles(repo: string, ref: string, folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const listed = git(repo, ['ls-tree', '-r', '--name-only', '-z', ref, '--', folder]).split('\0').filter(Boolean);
  for (const file of listed) out.set(file.slice(folder.length + 1), git(repo, ['show', `${ref}:${file}`]));
  return out;
}
