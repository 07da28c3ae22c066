#!/usr/bin/env node
/**
 * The `paved` command: synth, validate, render, diff, check, publish, support, new app.
 */
import { Command, Option } from 'commander';
import * as readline from 'readline/promises';
import { EXIT, type Io, checkCommand, renderCommand, synthCommand, validateCommand } from './commands';
import { diffCommand } from './diff-command';
import type { NewAppCliOptions } from './new-app-command';
import { PavedValidationError, formatProblem } from '../private/problems';
import { describeFailure } from '../private/os-errors';
import { StaleBuildError } from './stale-build';
import { addProposalCommand } from './proposal-command';
import { addReleaseCommands, validateReleaseGates } from './release-command';
import { terminalText } from '../private/escape';

/** paved's own version, from its package.json. */
function pavedVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}
import type { SupportCliOptions } from './support-command';
import type { PublishCliOptions } from './publish-command';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

/**
 * Builds the `paved` program, writing through `given` (every control
 * character but line feeds and tabs shown as an escape, `\x1b`); `done`
 * receives the exit code.
 */
export function program(given: Io, done: (code: number) => void): Command {
  // whatever a command prints, no escape sequence or control character reaches the terminal or the log raw
  const ask = given.ask;
  const io: Io = { ...given, out: (t) => given.out(terminalText(t)), err: (t) => given.err(terminalText(t)), ...(ask ? { ask: (q: string) => ask(terminalText(q)) } : {}) };
  const run = (action: () => number | Promise<number>) => async () => {
    try {
      done(await action());
    } catch (e) {
      // bad input (a definition's problems) exits 1 with every problem; paved failing to run exits 2
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
  const cmd = new Command('paved')
    .description('paved: the platform as code. Synthesize, validate, render and diff the GitOps tree.')
    .version(pavedVersion(), '-V, --version', 'the version of paved')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride((e) => {
      done(e.exitCode === 0 ? EXIT.OK : EXIT.ERROR);
      throw e;
    });

  const definitionOptions = (c: Command) =>
    c
      .option('--definition <module>', 'compiled module exporting the definition { org?, apps } (default: package.json "paved.definition")')
      .option('--org <file>', 'org published by the platform as JSON (default: the module\'s org, or package.json "paved.org")');

  definitionOptions(
    cmd
      .command('synth')
      .description('synthesize the GitOps tree: build, validate, write atomically (nothing is written on any problem)')
      .option('--env <names>', 'only these environments (repeat or comma-separate)', collect)
      .option('--team <names>', "only these teams' parts (repeat or comma-separate)", collect)
      .option('--out <dir>', 'the tree\'s folder (default: package.json "paved.out", or gitops)'),
  ).action((opts: { env?: string[]; team?: string[]; out?: string; definition?: string; org?: string }) => run(() => synthCommand(io, opts))());

  cmd
    .command('validate')
    .description('validate a tree of YAML: schemas (strict), references and policies; counts per kind, unchecked kinds')
    .argument('[dir]', 'the tree (default: gitops)')
    .option('--schemas <paths>', 'extra CRD files or folders to check custom resources against', collect)
    .option('--namespace <names>', 'namespaces that exist without a Namespace object in the tree', collect)
    .option('--render', 'also render KubeVela Applications and check the rendered pod specs')
    .option('--org <file>', 'the org the platform publishes (gitops/org.json): the tree is checked as that org\'s (default: package.json "paved.org", or org.json in the tree)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-releases', "leave out the release gates (checked where the definition's project keeps release records in Git, as paved releases --check)")
    .action((dir: string | undefined, opts: { schemas?: string[]; namespace?: string[]; render?: boolean; format?: string; org?: string; releases?: boolean }) =>
      run(() => validateCommand(io, dir, opts, { releaseGates: validateReleaseGates }))(),
    );

  cmd
    .command('render')
    .description('render KubeVela Applications offline into the objects KubeVela would create')
    .argument('[dir]', 'the tree (default: gitops)')
    .option('--app <name>', 'only the Applications of this name')
    .option('--out <dir>', 'write the objects as files below this folder instead of printing them')
    .action((dir: string | undefined, opts: { app?: string; out?: string }) => run(() => renderCommand(io, dir, opts))());

  cmd
    .command('diff')
    .description('compare the tree with a Git revision or a folder, object by object (exit 0: no change, 1: changes, 2: error)')
    .argument('[dir]', 'the tree (default: gitops)')
    .option('--base <ref>', 'Git revision to compare with', 'HEAD')
    .option('--base-dir <dir>', 'folder to compare with, instead of a Git revision')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--rendered', 'also compare the objects KubeVela renders from the Applications')
    .option('--team <names>', "only these teams' apps folders, on both sides (repeat or comma-separate; default: the teams of a team repository's tree)", collect)
    .option(
      '--org <file>',
      'the org the platform publishes (gitops/org.json): new images its environments refuse and what claims cost go under "needs review" (default: package.json "paved.org", or org.json in the tree)',
    )
    .option('--full-diff-url <url>', 'where CI keeps the full diff (an artifact): the Markdown links to it, and names it where it summarizes')
    .action((dir: string | undefined, opts: { base?: string; baseDir?: string; format?: string; rendered?: boolean; team?: string[]; org?: string; fullDiffUrl?: string }) =>
      run(() => diffCommand(io, dir, opts))(),
    );

  definitionOptions(
    cmd
      .command('check')
      .description('fail if the committed tree differs from what synth writes (the drift gate)')
      .option('--out <dir>', 'the committed tree (default: package.json "paved.out", or gitops)')
      .option('--env <names>', 'only these environments', collect)
      .option('--team <names>', 'only these teams', collect),
  ).action((opts: { out?: string; env?: string[]; team?: string[]; definition?: string; org?: string }) => run(() => checkCommand(io, opts))());

  definitionOptions(
    cmd
      .command('support')
      .description('which environments run a Kubernetes version or an add-on near or past its end of support (a report: exit 0 unless --strict)')
      .argument('[dir]', 'the tree whose add-on charts and packages are read (default: gitops)')
      .option('--on <day>', 'the day to report for, YYYY-MM-DD (default: today, UTC)')
      .option('--within <days>', 'an end of support this many days ahead counts as near', '90')
      .option('--strict', 'exit 1 when anything is past its end of support')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  )
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .action((dir: string | undefined, opts: SupportCliOptions) => run(() => (require('./support-command') as typeof import('./support-command')).supportCommand(io, dir, opts))());

  addProposalCommand(cmd, io, run);
  addReleaseCommands(cmd, io, run);
  definitionOptions(
    cmd
      .command('publish')
      .description(
        'check the source commit the checkout is at (synth, the committed tree is exactly what synth writes, validate --render) and commit its tree to the branch Argo CD follows; nothing moves on any problem',
      )
      .option('--repo <url or path>', "the repository to publish to (default: the org's gitops.publish.repoURL, or gitops.repoURL)")
      .option('--branch <name>', 'the branch Argo CD follows (default: the org\'s gitops.publish.branch, "published")')
      .option('--into <dir>', 'check everything and write the tree it would publish into this new folder; nothing is committed or pushed')
      .option('--out <dir>', 'the committed tree (default: package.json "paved.out", or gitops)'),
  )
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .action((opts: PublishCliOptions) => run(() => (require('./publish-command') as typeof import('./publish-command')).publishCommand(io, opts))());

  const create = cmd.command('new').description('start something new on the paved road');
  definitionOptions(
    create
      .command('app')
      .description("write a new app definition (asks the new-service template's questions, or takes them as flags)")
      .option('--team <team>', 'the owning team')
      .option('--name <name>', "the app's name")
      .option('--description <text>', 'what it does, in a sentence')
      .option('--port <port>', 'the port it listens on (default 8080)')
      .option('--domain <host>', "its public host name in production, inside the team's zone")
      .option('--database', 'give it a PostgreSQL database')
      .option('--no-database', 'no database (and do not ask)')
      .option('--import-from <module>', "the module the definition imports paved from (default: the platform's portal setting)")
      .option('--out <file>', "where to write the definition (default: apps/<team>/<name>.ts, or apps/<name>.ts in a team's own repository)")
      .option('--service-dir <dir>', 'also write the service repository the template would create'),
  )
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .action((opts: NewAppCliOptions) => run(() => (require('./new-app-command') as typeof import('./new-app-command')).newAppCommand(io, opts))());

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
export async function main(argv: readonly string[], options: Pick<Io, 'cloudSynthFollows'> = {}): Promise<number> {
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
