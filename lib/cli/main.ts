#!/usr/bin/env node
/**
 * The `paved` command: synth, validate, render, diff, check, publish, support, new app.
 * Each command is a file of its own in lib/cli/commands/, registered by the list there.
 */
import { Command } from 'commander';
import * as readline from 'readline/promises';
import { EXIT, type Io, type Run } from './command';
import { COMMANDS } from './commands';
import { StaleBuildError } from './stale-build';
import { describeFailure } from '../private/os-errors';
import { PavedValidationError, formatProblem } from '../private/problems';
import { terminalText } from '../private/escape';

/** paved's own version, from its package.json. */
function pavedVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}

/**
 * Turns what a command's work returns or throws into an exit code: bad input
 * (a definition's problems, a stale build) exits 1 with every problem; paved
 * failing to run exits 2.
 */
function runner(io: Io, done: (code: number) => void): Run {
  return (action) => async () => {
    try {
      done(await action());
    } catch (e) {
      if (e instanceof StaleBuildError) {
        io.err(`paved: ${e.message}\n`);
        done(EXIT.FINDINGS);
        return;
      }
      if (e instanceof PavedValidationError) {
        io.err(`paved: ${e.problems.length} problem(s):\n${e.problems.map((p) => `  - ${formatProblem(p)}\n`).join('')}`);
        done(EXIT.FINDINGS);
        return;
      }
      io.err(`paved: ${describeFailure(e)}\n`);
      done(EXIT.ERROR);
    }
  };
}

/** Whatever a command prints, no escape sequence or control character reaches the terminal or the log raw. */
function escapedIo(given: Io): Io {
  const ask = given.ask;
  return { ...given, out: (t) => given.out(terminalText(t)), err: (t) => given.err(terminalText(t)), ...(ask ? { ask: (q: string) => ask(terminalText(q)) } : {}) };
}

/**
 * Builds the `paved` program, writing through `given` (every control
 * character but line feeds and tabs shown as an escape, `\x1b`); `done`
 * receives the exit code.
 */
export function program(given: Io, done: (code: number) => void): Command {
  const io = escapedIo(given);
  const cmd = new Command('paved')
    .description('paved: the platform as code. Synthesize, validate, render and diff the GitOps tree.')
    .version(pavedVersion(), '-V, --version', 'the version of paved')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride((e) => {
      done(e.exitCode === 0 ? EXIT.OK : EXIT.ERROR);
      throw e;
    });
  const context = { io, run: runner(io, done) };
  for (const command of COMMANDS) command.register(cmd, context);

  // a command that does not exist is an error even with --help (commander would print the top-level help and exit 0)
  const parse = cmd.parseAsync.bind(cmd);
  cmd.parseAsync = (argv, options) => {
    const name = [...(argv ?? [])].find((a) => !a.startsWith('-'));
    const known = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (name !== undefined && name !== 'help' && !known.includes(name)) {
      io.err(`error: unknown command '${name}' (the commands: ${known.join(', ')})\n`);
      done(EXIT.ERROR);
      return Promise.resolve(cmd);
    }
    return parse(argv, options);
  };
  return cmd;
}

/** Asks one question on the terminal and returns the answer. */
async function askOnTerminal(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Runs the `paved` command line. */
export async function main(argv: readonly string[], options: Pick<Io, 'cloudSynthFollows' | 'whileBuilding'> = {}): Promise<number> {
  let code: number = EXIT.OK;
  const io: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
    ...options,
  };
  const finished = new Promise<void>((resolve) => {
    const cmd = program(io, (c) => {
      code = c;
      resolve();
    });
    cmd
      .parseAsync([...argv], { from: 'user' })
      .then(() => {
        if (argv.length === 0) {
          cmd.outputHelp();
          resolve();
        }
      })
      .catch(() => resolve());
  });
  await finished;
  return code;
}

if (require.main === module) {
  // a closed pipe (`paved render | head`) ends the output, not the process with a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // main never rejects: every failure is an exit code
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
