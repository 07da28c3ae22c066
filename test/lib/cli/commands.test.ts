import { spawnSync } from 'child_process';
import { Command } from 'commander';
import type { CommandContext } from '../../../lib/cli/command';
import { COMMANDS } from '../../../lib/cli/commands';
import { CLI, PROCESS_LIMITS, ROOT, paved } from '../../cli-util';

/** The files of lib/ (and the packages) a `paved` process has loaded after running `args`. */
function loadedBy(args: readonly string[]): string[] {
  const script = `const { main } = require(${JSON.stringify(CLI)});
main(${JSON.stringify(args)}).then(() => process.stderr.write('\\nloaded: ' + JSON.stringify(Object.keys(require.cache))));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', ...PROCESS_LIMITS });
  return (JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('\nloaded: ') + 9)) as string[]).map((f) =>
    f
      .slice(ROOT.length + 1)
      .split('\\')
      .join('/'),
  );
}

describe('the commands of paved', () => {
  test('each file of lib/cli/commands registers the one command it names, once, in the order paved --help lists them', () => {
    // GIVEN a program and the list
    const program = new Command('paved');
    const context: CommandContext = { io: { out: () => undefined, err: () => undefined, cwd: ROOT }, run: () => async () => undefined };
    // WHEN each spec registers itself
    for (const spec of COMMANDS) {
      const before = program.commands.length;
      spec.register(program, context);
      // THEN it adds exactly its own command
      expect(program.commands.length).toBe(before + 1);
      expect(program.commands[before].name()).toBe(spec.name);
    }
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    // and paved --help lists them in that order (commander adds help last)
    const listed = [...paved(['--help']).stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(listed).toEqual([...names, 'help']);
  });

  test("paved --help, and a command's --help, load none of the work: no validator, CEL, CUE, cdk8s, synth or Git", () => {
    for (const args of [['--help'], ['validate', '--help'], ['synth', '--help'], ['new', 'app', '--help'], []]) {
      const loaded = loadedBy(args);
      // only the command line's own declarations (and the terminal escaping) are loaded from lib/
      const ours = loaded.filter((f) => f.startsWith('dist/lib/'));
      expect(ours).toContain('dist/lib/cli/commands/validate.js');
      expect(ours.filter((f) => !/^dist\/lib\/(cli\/(main|command|stale-build|commands\/[a-z-]+)|private\/(escape|problems|os-errors))\.js$/.test(f))).toEqual([]);
      expect(loaded.filter((f) => /node_modules\/(cdk8s|constructs|ajv|yaml|js-yaml)\//.test(f))).toEqual([]);
    }
  });
});
