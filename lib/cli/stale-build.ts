import * as fs from 'fs';
import * as path from 'path';

/**
 * A definition is compiled JavaScript (`dist/`): run after an edit without a
 * rebuild, paved would synthesize the old code and say all is well. Before a
 * command uses a definition, every module it loaded from the project's output
 * folder is held against its TypeScript source: a source newer than its
 * JavaScript, whose compiled form differs from it, means the build is stale.
 * @internal
 */
export class StaleBuildError extends Error {
  /**
   * @param stale modules whose source is newer (and compiles to other code)
   * @param cwd the project, to show paths from
   * @param unbuilt sources with no compiled module at all (a new app merged or pulled, not yet compiled)
   */
  constructor(stale: readonly { source: string; compiled: string }[], cwd: string, unbuilt: readonly { source: string; compiled: string }[] = []) {
    const all = [
      ...unbuilt.map((s) => `${path.relative(cwd, s.source)} has no compiled module (${path.relative(cwd, s.compiled)})`),
      ...stale.map((s) => `${path.relative(cwd, s.compiled)} is older than ${path.relative(cwd, s.source)}`),
    ];
    const list = all.slice(0, 5).join('; ');
    super(
      `the compiled code is out of date (${list}${all.length > 5 ? `; and ${all.length - 5} more` : ''}): run \`npm run synth\` (it compiles first), or compile with \`npm run build\` and run again`,
    );
    this.name = 'StaleBuildError';
  }
}

interface TsConfig {
  readonly compilerOptions?: { readonly outDir?: string; readonly rootDir?: string };
  readonly extends?: string;
}

/** outDir and rootDir of the project's tsconfig.json (following `extends` within the project). @internal */
export function outputLayout(cwd: string): { outDir: string; rootDir: string } | undefined {
  let file = path.join(cwd, 'tsconfig.json');
  for (let depth = 0; depth < 5 && fs.existsSync(file); depth++) {
    let config: TsConfig;
    try {
      // tsconfig allows comments and trailing commas
      config = JSON.parse(
        fs
          .readFileSync(file, 'utf8')
          .replace(/^\s*\/\/.*$/gm, '')
          .replace(/,(\s*[}\]])/g, '$1'),
      ) as TsConfig;
    } catch {
      return undefined;
    }
    const { outDir, rootDir } = config.compilerOptions ?? {};
    if (outDir) return { outDir: path.resolve(path.dirname(file), outDir), rootDir: path.resolve(path.dirname(file), rootDir ?? '.') };
    if (!config.extends || !config.extends.startsWith('.')) return undefined;
    file = path.resolve(path.dirname(file), config.extends);
  }
  return undefined;
}

/** The TypeScript compiler, when the project has one (it compiles its definition). */
function typescriptOf(cwd: string): typeof import('typescript') | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve('typescript', { paths: [cwd] })) as typeof import('typescript');
  } catch {
    return undefined;
  }
}

/**
 * Throws {@link StaleBuildError} when a module of the project's output folder
 * that this process loaded is stale: its source is newer and compiles to other
 * JavaScript (a source touched but unchanged is not stale). Modules outside the
 * project (node_modules) are not checked.
 */
export function assertFreshBuild(cwd: string, loaded: readonly string[] = Object.keys(require.cache)): void {
  const layout = outputLayout(cwd);
  if (!layout) return;
  const inOutput = loaded.filter((f) => f.startsWith(layout.outDir + path.sep) && f.endsWith('.js') && !f.includes(`${path.sep}node_modules${path.sep}`));
  const candidates: { source: string; compiled: string }[] = [];
  for (const compiled of inOutput) {
    const source = path.join(layout.rootDir, path.relative(layout.outDir, compiled)).replace(/\.js$/, '.ts');
    if (!fs.existsSync(source)) continue;
    if (fs.statSync(source).mtimeMs > fs.statSync(compiled).mtimeMs) candidates.push({ source, compiled });
  }
  if (candidates.length === 0) return;
  const ts = typescriptOf(cwd);
  const parsed = ts?.getParsedCommandLineOfConfigFile(path.join(cwd, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const stale =
    ts === undefined
      ? candidates
      : candidates.filter(({ source, compiled }) => {
          const out = ts.transpileModule(fs.readFileSync(source, 'utf8'), { compilerOptions: parsed?.options ?? {}, fileName: source }).outputText;
          if (out !== fs.readFileSync(compiled, 'utf8')) return true;
          // the same code (the source was touched, not changed; the compiler left its output alone): record that it is
          // current, so that the next run does not transpile it again
          const now = new Date();
          fs.utimesSync(compiled, now, now);
          return false;
        });
  if (stale.length > 0) throw new StaleBuildError(stale, cwd);
}
