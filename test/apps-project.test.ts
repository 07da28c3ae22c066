/**
 * The apps' own TypeScript project (tsconfig.apps.json), which `npm run synth`
 * rebuilds alone after an app edit: app files compile against paved's
 * declarations and the ES library, without Node's types, and the compiler
 * still sees every typo in them.
 */
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const APP = path.join(ROOT, 'apps', 'payments', 'checkout.ts');

const config = ts.getParsedCommandLineOfConfigFile(
  path.join(ROOT, 'tsconfig.apps.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
if (!config) throw new Error('tsconfig.apps.json cannot be read');

/** The project compiled with checkout.ts edited: its files and its error messages. */
function compile(edit: (text: string) => string = (t) => t): { files: string[]; errors: string[] } {
  const host = ts.createCompilerHost(config!.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    return path.resolve(file) === APP && text !== undefined ? edit(text) : text;
  };
  const program = ts.createProgram({ rootNames: config!.fileNames, options: config!.options, projectReferences: config!.projectReferences, host });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return { files: program.getSourceFiles().map((f) => path.relative(ROOT, f.fileName)), errors };
}

describe('the apps project', () => {
  test("holds every team's app files and compiles clean, without Node's types", () => {
    const { files, errors } = compile();
    expect(errors).toEqual([]);
    expect(config.fileNames.map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(['apps/payments/checkout.ts', 'apps/search/indexer.ts', 'apps/env.d.ts']));
    expect(files.filter((f) => f.includes('@types/node'))).toEqual([]);
  });

  test("a misspelled prop is the compiler's error, naming it", () => {
    const { errors } = compile((t) => t.replace('runAsUser: 10001,', 'runAsUsr: 10001,'));
    expect(errors).toEqual([expect.stringContaining("'runAsUsr' does not exist in type 'AppConstructProps'")]);
  });

  test('an app may read the environment (a tag from CI), and nothing else of Node', () => {
    const tagged = compile((t) => t.replace("'registry.example.com/payments/checkout:2.3.1'", "`registry.example.com/payments/checkout:${process.env.CHECKOUT_TAG ?? '2.3.1'}`"));
    expect(tagged.errors).toEqual([]);
    const io = compile((t) => `${t}\nexport const notes = require('fs').readFileSync(__dirname + '/notes.txt', 'utf8');\n`);
    expect(io.errors).toEqual([expect.stringContaining("Cannot find name 'require'"), expect.stringContaining("Cannot find name '__dirname'")]);
  });
});
