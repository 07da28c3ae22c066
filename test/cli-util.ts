import { spawnSync } from 'child_process';
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

/** Runs `paved ...` as a separate process, with `env` added to the test's environment. */
export function paved(args: readonly string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): CliRun {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run the tests with npm test (it compiles first)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];

/** A fresh temporary folder, removed after the test file. */
export function tmpDir(prefix = 'paved-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Removes the temporary folders of this test file. */
export function cleanTmpDirs(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
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
