/**
 * What every `paved` command is: a {@link CommandSpec} in a file of its own
 * under `lib/cli/commands/`, registered by the one list in
 * `lib/cli/commands/index.ts`. A spec declares the command's name, arguments,
 * options and help; its action requires the modules that do the work only when
 * the command runs, so `paved --help` and a light command load none of them.
 */
import type { Command } from 'commander';

/** Where a command writes: standard output (results) and standard error (progress, problems). */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** Asks a question on the terminal; absent when there is none (CI, pipes). */
  readonly ask?: (question: string) => Promise<string>;
  /** Whether the program that runs paved synthesizes the cloud stacks right after (`npm run synth`): then nobody needs telling. */
  readonly cloudSynthFollows?: boolean;
  /**
   * Work of the program that runs paved, done while the definitions build the
   * tree in their own process (npm run synth synthesizes the cloud stacks
   * there, on the other core): `paved synth` calls it at most once, after it
   * has asked that process to build, and before it waits for the result. It
   * must not throw.
   * @default - nothing
   */
  readonly whileBuilding?: () => void;
}

/** Exit codes, as diff(1): 0 nothing to report, 1 findings or changes, 2 the command itself failed. */
export const EXIT = { OK: 0, FINDINGS: 1, ERROR: 2 } as const;

/** Runs a command's work: its exit code, or the exit code of what it threw (problems 1, a failure 2). */
export type Run = (action: () => number | Promise<number>) => () => Promise<void>;

/** What a command's registration is given: the program's output (escaped for the terminal) and how to run its work. */
export interface CommandContext {
  readonly io: Io;
  readonly run: Run;
}

/** One top-level command of `paved`. */
export interface CommandSpec {
  /** The command's name, as typed (`paved <name>`). */
  readonly name: string;
  /** Adds the command (its arguments, options, help and action) to the program. */
  readonly register: (program: Command, context: CommandContext) => void;
}

/** An option given several times, or comma-separated: every value, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').filter(Boolean)];

/** The options of a command that loads the definition: `--definition` and `--org`. */
export function definitionOptions(c: Command): Command {
  return c
    .option('--definition <module>', 'compiled module exporting the definition { org?, apps } (default: package.json "paved.definition")')
    .option('--org <file>', 'org published by the platform as JSON (default: the module\'s org, or package.json "paved.org")');
}

/** A duration as the commands print it. */
export const ms = (n: number): string => `${n.toFixed(0)} ms`;
