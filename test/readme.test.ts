/**
 * The TypeScript examples of the README and the examples' READMEs run: each
 * is type-checked against paved's public API (lib/index.ts), and each app
 * definition or fragment of one is synthesized with the example org, as a
 * team's app beside the example's apps, without any problem. A team entry is
 * checked as the org checks it. A block that is none of these fails the test:
 * every TypeScript block of the docs is run.
 */
import { exampleReleases } from './util';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as pavedApi from '../lib';
import { type AppDefinition, Org, type OrgProps, type TeamProps, buildGitOps } from '../lib';
import { definition } from '../platform/k8s';
import { cleanTmpDirs, paved, tmpDir } from './cli-util';

afterAll(cleanTmpDirs);

const ROOT = path.join(__dirname, '..');
const DOCS = ['README.md', 'examples/team-repo/README.md'];

interface Block {
  readonly doc: string;
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of a Markdown file (indented ones inside lists too), with the line each starts on. */
function tsBlocks(doc: string): Block[] {
  const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ts\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    blocks.push({
      doc,
      line: start + 1,
      code: lines
        .slice(start, end)
        .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
        .join('\n'),
    });
    i = end;
  }
  return blocks;
}

type Kind = 'module' | 'fragment' | 'team';
/** What a block is: a module with its imports, a statement of an app definition's body, or a team entry of the org. */
function kindOf(block: Block): Kind | undefined {
  if (/^import /m.test(block.code)) return 'module';
  if (/^new AppConstruct\(scope,/.test(block.code.trim())) return 'fragment';
  if (/^\{\s*\n\s*name: '/.test(block.code.trim())) return 'team';
  return undefined;
}

// the declarations npm test compiled (dist/lib/index.d.ts): what a team's compiler reads of the package
const API = path.join(ROOT, 'dist', 'lib', 'index.ts');

/** The block as a module of its own, importing paved's API by path. */
function asModule(block: Block, kind: Kind): string {
  const header = `// ${block.doc}:${block.line}\n`;
  if (kind === 'module')
    return header + block.code.replace(/from '(\.\.\/)+lib'/g, `from ${JSON.stringify(API.replace(/\.ts$/, ''))}`).replace(/from '@acme\/paved'/g, `from ${JSON.stringify(API.replace(/\.ts$/, ''))}`);
  if (kind === 'fragment')
    return `${header}import { AppConstruct, type AppDefinition } from ${JSON.stringify(API.replace(/\.ts$/, ''))};\nexport const example: AppDefinition = (scope) => {\n${block.code}\n};\n`;
  return `${header}import type { TeamProps } from ${JSON.stringify(API.replace(/\.ts$/, ''))};\nexport const team: TeamProps = ${block.code.trim().replace(/;$/, '')};\n`;
}

const blocks = DOCS.flatMap(tsBlocks);

test('every TypeScript block of the docs is an app definition, a fragment of one or a team entry', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  expect(blocks.filter((b) => kindOf(b) === undefined).map((b) => `${b.doc}:${b.line}`)).toEqual([]);
});

test('every TypeScript block of the docs type-checks against the public API', () => {
  const dir = tmpDir('paved-readme-');
  const files = blocks.map((b, i) => {
    const file = path.join(dir, `block-${i}.ts`);
    fs.writeFileSync(file, asModule(b, kindOf(b) as Kind));
    return file;
  });
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true, types: [] });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.includes(d.file.fileName))
    .map((d) => `${fs.readFileSync(d.file?.fileName ?? '', 'utf8').split('\n')[0]}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  expect(problems).toEqual([]);
}, 120_000);

describe('the examples synthesize with the example org', () => {
  const org = definition.org as Org;
  const transpile = (code: string): Record<string, unknown> => {
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const module = { exports: {} as Record<string, unknown> };
    // the block's own imports resolve to the compiled public API, as the tests load it
    const load = (id: string) => {
      if (id.endsWith(path.join('lib', 'index'))) return pavedApi;
      throw new Error(`an example imports ${id}: the docs' examples import paved's public API only`);
    };
    new Function('require', 'module', 'exports', js)(load, module, module.exports);
    return module.exports;
  };

  test.each(blocks.filter((b) => kindOf(b) === 'module' || kindOf(b) === 'fragment').map((b) => [`${b.doc}:${b.line}`, b] as const))(
    '%s: an app of team payments, built with the example apps without a problem',
    (_where, block) => {
      const exported = Object.values(transpile(asModule(block, kindOf(block) as Kind))).filter((v): v is AppDefinition => typeof v === 'function');
      expect(exported).toHaveLength(1);
      const apps = definition.apps.map((t) => (t.team === 'payments' ? { ...t, apps: [...t.apps, exported[0]] } : t));
      const build = buildGitOps({ org, apps, platform: definition.platform, portal: definition.portal, releases: exampleReleases() });
      expect(build.errors).toEqual([]);
      expect([...build.files.keys()].some((f) => f.startsWith('prod/teams/payments/apps/orders/'))).toBe(true);
    },
    120_000,
  );

  test.each(blocks.filter((b) => kindOf(b) === 'team').map((b) => [`${b.doc}:${b.line}`, b] as const))('%s: a team entry the org accepts', (_where, block) => {
    const { team } = transpile(asModule(block, 'team')) as { team: TeamProps };
    const props = org.toJSON() as OrgProps;
    expect(() => new Org({ ...props, teams: props.teams.map((t) => (t.name === team.name ? team : t)) })).not.toThrow();
  });
});

describe('the commands the README shows with their output print that output', () => {
  /** The README's blocks that start with `$ npx paved …`: the command and the lines it prints. */
  const shown = (() => {
    const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
    const out: { line: number; args: string[]; printed: string[] }[] = [];
    lines.forEach((l, i) => {
      const m = /^\s*\$ npx paved (.*)$/.exec(l);
      if (!m) return;
      const printed: string[] = [];
      for (let j = i + 1; j < lines.length && !/^\s*```/.test(lines[j]); j++) printed.push(lines[j].trim());
      // the shell's words: double-quoted strings keep their spaces
      const args = [...m[1].matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]);
      out.push({ line: i + 1, args, printed });
    });
    return out;
  })();

  test('the README shows at least one command with its output', () => {
    expect(shown.length).toBeGreaterThanOrEqual(1);
  });

  /**
   * Commands whose shown output is not compared, and why. Every other command is
   * run, in this repository (synth into a scratch tree), and each line the README
   * shows must appear in what it prints, in order (figures may differ: digits
   * are compared as numbers, not values; the README may leave lines out).
   */
  const EXEMPT: Record<string, string> = {
    diff: 'needs a Git base with a change: the README shows a made-up change; its format is tested in test/lib/diff/format.test.ts',
    'new app': 'without flags it asks on a terminal: the README shows a session with a person',
    publish: "commits to a Git repository's branch: test/lib/cli/publish-command.test.ts and test/platform/many-pull-requests.test.ts run it in scratch repositories",
  };
  // `new app` with flags runs (in a scratch repository); without them it asks a person
  const exemption = (args: readonly string[]) => (args[0] === 'new' ? (args.length === 2 ? EXEMPT['new app'] : undefined) : EXEMPT[args[0]]);
  const normalize = (line: string) =>
    line
      .replace(/\d+(\.\d+)?/g, 'N')
      .replace(/\s+/g, ' ')
      .trim();

  test('the exempt commands are few, each with its reason', () => {
    expect(shown.filter((s) => exemption(s.args)).map((s) => `${s.args.join(' ')}: ${exemption(s.args)}`).length).toBeLessThanOrEqual(3);
  });

  test.each(shown.filter((s) => !exemption(s.args)).map((s) => [`README.md:${s.line} (paved ${s.args.join(' ')})`, s] as const))(
    '%s prints what the README shows',
    async (_where, s) => {
      const scratch = path.join(tmpDir('paved-readme-cmd-'), 'gitops');
      // synth writes into a copy of the tree (with one generated file gone, so that it has something to write)
      if (s.args[0] === 'synth') {
        fs.cpSync(path.join(ROOT, 'gitops'), scratch, { recursive: true });
        fs.rmSync(path.join(scratch, 'ACCESS.md'));
      }
      // new app writes the app's file: in a scratch repository, with this repository's definition
      const repo = path.dirname(scratch);
      if (s.args[0] === 'new') fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(repo, 'package.json'));
      const args = s.args[0] === 'synth' ? [...s.args, '--out', scratch] : s.args[0] === 'new' ? [...s.args, '--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js')] : [...s.args];
      // as a process, as a person runs it (render loads CUE as an ES module, which needs a process of its own)
      const r = paved(args, s.args[0] === 'new' ? repo : ROOT);
      const printed = `${r.stdout}${r.stderr}`.split(path.relative(ROOT, scratch)).join('gitops').split(scratch).join('gitops').split('\n').map(normalize);
      // a line of the README matches a printed line, "..." standing for anything; a line that is only "..." leaves lines out
      const matcher = (line: string) =>
        new RegExp(
          `^${line
            .split('...')
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        );
      let at = 0;
      const missing: string[] = [];
      for (const line of s.printed.map(normalize).filter((l) => l !== '' && l !== '...')) {
        const re = matcher(line);
        const found = printed.findIndex((p, i) => i >= at && re.test(p));
        if (found < 0) missing.push(line);
        else at = found + 1;
      }
      expect(missing).toEqual([]);
    },
    120_000,
  );
});
