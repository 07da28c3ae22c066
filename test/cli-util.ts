import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The project's root. */
export const ROOT = path.join(__dirname, '..');
/** The compiled CLI (npm test compiles the project before jest runs). */
export const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How long one paved process may run in a test before it is killed (a budget
 * for a loaded 2-core machine, not a performance goal: the bench measures speed).
 */
export const PROCESS_BUDGET_MS = 120_000;

/** The options that hold a synchronous child process to {@link PROCESS_BUDGET_MS}: killed, never left running. */
export const PROCESS_LIMITS = { timeout: PROCESS_BUDGET_MS, killSignal: 'SIGKILL' } as const;

/** Runs `paved ...` as a separate process, with `env` added to the test's environment; killed past its budget. */
export function paved(args: readonly string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): CliRun {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run the tests with npm test (it compiles first)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: PROCESS_BUDGET_MS, killSignal: 'SIGKILL' });
  if (r.error) throw new Error(`paved ${args.join(' ')}: ${r.error.message} (budget ${PROCESS_BUDGET_MS} ms)`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const children = new Set<ChildProcess>();

/**
 * Starts a process the test waits on by its events (`close`), tracked so that
 * {@link stopChildren} ends it if the test does not: no process outlives its test file.
 */
export function spawnTracked(command: string, args: readonly string[], options: Parameters<typeof spawn>[2]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Kills the tracked processes still running and waits until they are gone. */
export async function stopChildren(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

const dirs: string[] = [];

/** A fresh temporary folder, removed after the test file. */
export function tmpDir(prefix = 'paved-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Removes the temporary folders of this test file (after {@link stopChildren}: nothing writes into them any more). */
export function cleanTmpDirs(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** Writes files (path → content) below a folder. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/**
 * Runs `paved ...` inside the test process, through the same compiled program
 * the bin runs (faster: the schema validators compile once per test file).
 * Rendering needs its own process (it loads CUE as an ES module).
 */
export async function pavedInProcess(args: readonly string[], cwd = ROOT): Promise<CliRun> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { program } = require(CLI) as {
    program: (
      io: { out: (t: string) => void; err: (t: string) => void; cwd: string },
      done: (code: number) => void,
    ) => { parseAsync(argv: readonly string[], opts: { from: 'user' }): Promise<unknown> };
  };
  let stdout = '';
  let stderr = '';
  let code: number | null = null;
  await new Promise<void>((resolve) => {
    const cmd = program(
      {
        out: (t) => {
          stdout += t;
        },
        err: (t) => {
          stderr += t;
        },
        cwd,
      },
      (c) => {
        code = c;
        resolve();
      },
    );
    cmd.parseAsync(args, { from: 'user' }).catch(() => resolve());
  });
  return { code, stdout, stderr };
}
