import * as fs from 'fs';
import { isBuiltin } from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { type Problem, PavedValidationError } from '../private/problems';
import { PAVED_PACKAGE } from '../private/package';

/**
 * paved's own loader for a team's app modules (`apps/<team>/*.js`, or a team
 * repository's `apps/*.js`): CommonJS as Node runs it, with nothing of Node.
 * A module's `require` gives paved's public API (`'@acme/paved'`, the package's name, or in the platform
 * repository its path, `'../../lib'`) and the modules of the team's own
 * folder, loaded the same way; anything else (a Node.js module, a package,
 * another team's file, a part of paved but its API, a link) is refused with an
 * error naming the module and what it asked for, and the refusal is kept, so a
 * definition that catches it still fails the synth. Its `process` holds
 * `env` alone (a frozen copy of the environment: in `paved synth`, only the
 * variables the org allows), and it runs in strict mode, so a change of
 * frozen data throws.
 *
 * This is the first fence, not the boundary: code in the same process can
 * reach Node through any object it is handed (`scope.constructor.constructor`).
 * `paved synth` runs the definitions in a process of their own that holds no
 * secret and may not write, spawn or read outside the project (see
 * lib/cli/sandbox.ts).
 * @internal
 */
export class TeamModuleLoader {
  /** The modules it refused, one problem each (kept even when the module caught the error). */
  public readonly refusals: Problem[] = [];
  /** The files it loaded, in order. */
  public readonly loaded: string[] = [];
  private readonly cache = new Map<string, { exports: unknown }>();
  private readonly realFolder: string;

  /**
   * @param folder the team's folder: the modules it may load lie inside it
   * @param options `publicApi`: paved's public API, as a team gets it; `publicApiFile`: the file of that API
   *   (a request that resolves to it gets the API); `base`: files are named relative to it in messages;
   *   `env`: the environment the modules see as `process.env`
   */
  constructor(
    private readonly folder: string,
    private readonly options: { readonly publicApi: () => unknown; readonly publicApiFile: string; readonly base: string; readonly env: Readonly<Record<string, string | undefined>> },
  ) {
    this.realFolder = fs.realpathSync(folder);
  }

  /** Loads a module of the folder (its exports), as a team's `require` of it would. */
  public load(file: string): unknown {
    const cached = this.cache.get(file);
    if (cached) return cached.exports;
    if (!this.isOwnFile(file)) throw this.refuse(this.shown(file), file, `${this.shown(file)} is not a regular file inside ${this.shown(this.folder)}/ (a link is never followed)`);
    const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
    this.cache.set(file, module);
    this.loaded.push(file);
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      return module.exports;
    }
    const params = ['exports', 'require', 'module', '__filename', '__dirname', 'process'];
    // strict mode: an assignment to frozen data throws instead of doing nothing
    const run = vm.compileFunction(`"use strict";${this.source(file)}`, params, { filename: file }) as (...args: unknown[]) => void;
    const require = (request: unknown) => this.require(request, file);
    run.call(module.exports, module.exports, require, module, file, path.dirname(file), this.processFor(file));
    module.loaded = true;
    return module.exports;
  }

  /** A file's JavaScript: as it is, or a TypeScript source transpiled (a folder with no compiled modules). */
  private source(file: string): string {
    const text = fs.readFileSync(file, 'utf8');
    if (!file.endsWith('.ts')) return text;
    const ts = typescriptFrom(this.options.base);
    if (!ts)
      throw new PavedValidationError([{ path: this.shown(file), prop: 'module', value: path.basename(file), allowed: 'a compiled module (.js): compile the app definitions first (npm run build)' }]);
    return ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: file }).outputText;
  }

  /** What `require(request)` gives the module `from`. */
  private require(request: unknown, from: string): unknown {
    if (typeof request !== 'string') throw this.refuse(this.shown(from), request, 'a module is named by a string');
    if (request === PAVED_PACKAGE) return this.options.publicApi();
    const relative = request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..' || path.isAbsolute(request);
    if (!relative) throw this.refuse(this.shown(from), request, `${request} is ${isBuiltin(request) ? 'a Node.js module' : 'a package'}`);
    const base = path.resolve(path.dirname(from), request);
    const apiFile = this.options.publicApiFile;
    if ([base, `${base}.js`, `${base}.ts`, path.join(base, 'index.js'), path.join(base, 'index.ts')].includes(apiFile)) return this.options.publicApi();
    // outside the folder: not even looked at
    if (!isInside(base, this.folder)) throw this.refuse(this.shown(from), request, `${request} lies outside ${this.shown(this.folder)}/`);
    const found = [base, `${base}.js`, `${base}.json`, `${base}.ts`, path.join(base, 'index.js')].find((f) => isInside(f, this.folder) && isRegularFile(f));
    if (!found) throw this.refuse(this.shown(from), request, `${request} is no regular file inside ${this.shown(this.folder)}/ (a link is never followed)`);
    return this.load(found);
  }

  /** Whether a file lies in the folder with no link on the way to it. */
  private isOwnFile(file: string): boolean {
    if (!isInside(file, this.folder) || !isRegularFile(file)) return false;
    return fs.realpathSync(file) === path.join(this.realFolder, path.relative(this.folder, file));
  }

  /** The `process` a module sees: `env` and nothing else, each other property an error that says so. */
  private processFor(file: string): unknown {
    const env = Object.isFrozen(this.options.env) ? this.options.env : Object.freeze({ ...this.options.env });
    const shown = this.shown(file);
    const names = Object.keys(env).sort();
    return new Proxy(Object.freeze({ env }), {
      get(target, key) {
        if (key === 'env') return target.env;
        if (typeof key === 'symbol') return undefined;
        throw new PavedValidationError([
          {
            path: shown,
            prop: `process.${key}`,
            value: key,
            allowed: `process.env alone (an app definition reads its environment and nothing else of Node.js; it holds ${names.length ? names.join(', ') : 'no variable'}: the org's definitionEnvironment)`,
          },
        ]);
      },
    });
  }

  private refuse(at: string, request: unknown, why: string): PavedValidationError {
    const problem: Problem = {
      path: at,
      prop: 'require',
      value: request,
      allowed: `paved's public API ('${PAVED_PACKAGE}', or its path such as '../../lib' in the platform repository) or a module inside ${this.shown(this.folder)}/ (${why}; an app definition loads nothing else: no Node.js module, no package, no other team's file, no part of paved but its API)`,
    };
    this.refusals.push(problem);
    return new PavedValidationError([problem]);
  }

  private shown(file: string): string {
    return path.relative(this.options.base, file).split(path.sep).join('/') || '.';
  }
}

/** Whether `file` is `folder` or lies below it (by path; links are checked separately). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The project's TypeScript compiler, if it has one. */
function typescriptFrom(base: string): typeof import('typescript') | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve('typescript', { paths: [base] })) as typeof import('typescript');
  } catch {
    return undefined;
  }
}
