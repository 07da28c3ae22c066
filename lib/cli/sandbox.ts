import { type ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Org } from '../org/org';
import { cacheRoot } from '../private/cache';
import { type Problem, PavedValidationError } from '../private/problems';
import type { DeferredFolder } from '../synth/app-modules';
import type { PortalProps } from '../portal/catalog';
import { type DefinitionSource, definitionSource } from './definition';
import type { BuildMessage, BuiltMessage, ChildMessage, EvaluateMessage, EvaluatedMessage, LoadedMessage, ParentMessage } from './sandbox-protocol';
import { outputLayout } from './stale-build';

/**
 * The process a definition runs in. `paved` never loads a definition module
 * (nor a team's app module) itself: it starts this child, which
 *
 * - starts with an empty environment, and is given the variables the org
 *   allows (`definitionEnvironment`) only once the definition module has been
 *   loaded and before any team module runs: the CI job's tokens are never in it;
 * - runs under Node.js's permission model: it reads only paved, the project's
 *   dependencies and compiled code, the definition's folder and the org file;
 *   it writes only its own cache folder; it cannot start a process or a
 *   worker, load a native addon, open the inspector or use WASI;
 * - hands back the files it built: `paved` checks their paths and writes the
 *   tree itself.
 *
 * Node.js 20 does not restrict the network under the permission model, and
 * Node.js does not promise the permission model stops malicious code: the
 * secrets are kept out by the environment; the CI job must still hold no
 * credential in the step that runs team code (docs/ci.md).
 * @internal
 */
export class DefinitionSandbox {
  private readonly child: ChildProcess;
  private readonly received: ChildMessage[] = [];
  private waiting: ((m: ChildMessage | undefined) => void) | undefined;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exit: Promise<void>;
  /** The folders the child may read (the same the parent lists team modules in). */
  public readonly readable: readonly string[];

  private constructor(
    cwd: string,
    public readonly source: DefinitionSource,
    output: { readonly out: (text: string) => void; readonly err: (text: string) => void },
  ) {
    const cache = sandboxCache();
    this.readable = readablePaths(cwd, source, cache.read);
    const writable = cache.write ? [cache.write] : [];
    if (cache.write) fs.mkdirSync(cache.write, { recursive: true });
    this.child = fork(path.join(__dirname, 'sandbox-child.js'), [], {
      cwd,
      // nothing of this process's environment: the allowed variables are sent once the definition module is loaded
      env: {},
      execArgv: permissionFlags(this.readable, writable),
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // what the definitions print goes where it went when they ran in paved's own process
    this.child.stdout?.setEncoding('utf8').on('data', (t: string) => output.out(t));
    this.child.stderr?.setEncoding('utf8').on('data', (t: string) => output.err(t));
    this.child.on('message', (m: ChildMessage) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(m);
      } else this.received.push(m);
    });
    this.exit = new Promise((resolve) => {
      // ended when the process has exited and its channel is closed (every message it sent has been read)
      let status: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let disconnected = false;
      const finish = () => {
        if (!status || !disconnected || this.exited) return;
        this.exited = status;
        this.waiting?.(undefined);
        this.waiting = undefined;
        resolve();
      };
      this.child.on('exit', (code, signal) => {
        status = { code, signal };
        finish();
      });
      this.child.on('disconnect', () => {
        disconnected = true;
        finish();
      });
      this.child.on('error', () => {
        status = status ?? { code: null, signal: null };
        disconnected = true;
        finish();
      });
    });
    this.child.send({ type: 'load', ...(source.file ? { definition: source.file } : {}), ...(source.orgGiven && source.orgFile ? { org: source.orgFile } : {}), cache } satisfies ParentMessage);
  }

  /** Starts the process for the definition of `options` (checked to exist first). */
  public static start(cwd: string, options: { definition?: string; org?: string }, output: { readonly out: (text: string) => void; readonly err: (text: string) => void }): DefinitionSandbox {
    return new DefinitionSandbox(cwd, definitionSource(cwd, options), output);
  }

  /** The definition module, loaded: its org (validated again here), where it came from, the app folders it asked for. */
  public async loaded(): Promise<{ readonly org: Org; readonly message: LoadedMessage }> {
    const m = await this.expect('loaded');
    // the org's modules load while the child loads the definition (not before the child starts)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Org } = require('../org/org') as typeof import('../org/org');
    let org: Org;
    try {
      org = Org.deferProblems(() => new Org(m.org));
    } catch (e) {
      throw new SandboxError(`the definition's org could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
    const folders = (Array.isArray(m.folders) ? m.folders : []).filter(
      (f): f is DeferredFolder => typeof f === 'object' && f !== null && (f.kind === 'apps' || f.kind === 'teams') && typeof f.dir === 'string' && path.isAbsolute(f.dir),
    );
    const portal = portalOf(m.portal);
    return {
      org,
      message: {
        type: 'loaded',
        org: m.org,
        folders,
        appTeams: (Array.isArray(m.appTeams) ? m.appTeams : []).map(String),
        source: String(m.source),
        orgFromFile: m.orgFromFile === true,
        ...(portal ? { portal } : {}),
      },
    };
  }

  /** Sends the environment and the team modules to load; the definitions are counted. */
  public async evaluate(message: Omit<EvaluateMessage, 'type'>): Promise<EvaluatedMessage> {
    this.child.send({ type: 'evaluate', ...message } satisfies ParentMessage);
    const m = await this.expect('evaluated');
    return { type: 'evaluated', definitions: Number(m.definitions) || 0, loaded: (Array.isArray(m.loaded) ? m.loaded : []).filter((f): f is string => typeof f === 'string') };
  }

  /** Builds the tree in the child. */
  public async build(message: Omit<BuildMessage, 'type'>): Promise<BuiltMessage> {
    this.child.send({ type: 'build', ...message } satisfies ParentMessage);
    return this.expect('built');
  }

  /** Ends the child (it ends itself after the last message; one that does not is killed). */
  public async close(): Promise<void> {
    if (this.exited) return;
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exit;
    clearTimeout(timer);
  }

  private next(): Promise<ChildMessage | undefined> {
    const m = this.received.shift();
    if (m) return Promise.resolve(m);
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private async expect<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    const m = await this.next();
    if (m === undefined || typeof m !== 'object' || m === null) {
      await this.exit;
      const how = this.exited?.signal ? `was killed (${this.exited.signal})` : `exited with code ${String(this.exited?.code)}`;
      throw new SandboxError(`the process that runs the definitions ${how} before it finished (its output is above)`);
    }
    if (m.type === 'failed') {
      await this.close();
      const problems = Array.isArray(m.problems) ? m.problems.filter(isProblem) : [];
      if (problems.length > 0) throw new PavedValidationError(problems);
      throw new SandboxError(`the process that runs the definitions failed: ${String(m.message)}`);
    }
    if (m.type !== type) throw new SandboxError(`the process that runs the definitions sent ${JSON.stringify(String(m.type))} where paved expected ${JSON.stringify(type)}`);
    return m as Extract<ChildMessage, { type: T }>;
  }
}

/** paved failed to run the definitions (exit 2). */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

/** The portal settings the child sent, as strings only. */
function portalOf(p: unknown): PortalProps | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const given = p as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const team = typeof given.platformTeam === 'object' && given.platformTeam !== null ? (given.platformTeam as Record<string, unknown>) : undefined;
  const name = text(team?.name);
  const ownerGroup = text(team?.ownerGroup);
  return {
    ...(text(given.appsFolder) !== undefined ? { appsFolder: text(given.appsFolder) } : {}),
    ...(text(given.appImport) !== undefined ? { appImport: text(given.appImport) } : {}),
    ...(text(given.imageRegistry) !== undefined ? { imageRegistry: text(given.imageRegistry) } : {}),
    ...(name !== undefined && ownerGroup !== undefined ? { platformTeam: { name, ownerGroup, ...(text(team?.description) !== undefined ? { description: text(team?.description) } : {}) } } : {}),
  };
}

function isProblem(p: unknown): p is Problem {
  const q = p as Partial<Problem> | null;
  return typeof q === 'object' && q !== null && typeof q.path === 'string' && typeof q.prop === 'string' && typeof q.allowed === 'string';
}

/** The folder of paved's package (where its package.json is), found from here (dist/lib/cli or lib/cli). */
export function pavedRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return fs.realpathSync(dir);
    if (path.dirname(dir) === dir) return fs.realpathSync(path.resolve(__dirname, '..', '..', '..'));
  }
}

/** The cache folders of the child: it reads paved's cache, and keeps its own entries in a folder of their own beside it. */
function sandboxCache(): { read: string | null; write: string | null } {
  const root = cacheRoot();
  return { read: root, write: root ? path.join(root, 'sandbox') : null };
}

/**
 * What the child may read: paved (its compiled code, schema catalog, template
 * and dependencies), the project's package.json, dependencies and compiled
 * code, the definition module's folder (only the module, when that folder is
 * the project's own), the org file, and paved's cache. Not the project's
 * sources or its `.git` (a CI checkout keeps its token there), nor the tree.
 */
export function readablePaths(cwd: string, source: DefinitionSource, cache: string | null): string[] {
  const root = pavedRoot();
  const project = path.resolve(cwd);
  const layout = outputLayout(project);
  const definitionFolder = path.dirname(source.resolved);
  const definition = isInsideOrEqual(project, definitionFolder) ? source.resolved : definitionFolder;
  const paths = [
    path.join(root, 'dist'),
    path.join(root, 'imports'),
    path.join(root, 'lib', 'portal', 'new-service'),
    path.join(root, 'package.json'),
    path.join(root, 'node_modules'),
    path.join(project, 'package.json'),
    path.join(project, 'node_modules'),
    // the compiled project (never a build folder that is the project itself)
    ...(layout && !isInsideOrEqual(project, layout.outDir) ? [layout.outDir] : []),
    definition,
    ...(source.orgFile ? [path.resolve(project, source.orgFile)] : []),
    ...(cache ? [cache] : []),
  ].map((p) => (fs.existsSync(p) ? fs.realpathSync(p) : p));
  // each once, and none inside another
  const unique = [...new Set(paths)].sort();
  return unique.filter((p) => !unique.some((q) => q !== p && isInsideOrEqual(p, q)));
}

/** Whether `folder` is `inner` or lies above it (`inner` is inside `folder`). */
function isInsideOrEqual(inner: string, folder: string): boolean {
  const relative = path.relative(folder, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Node.js's permission flags for these paths (`--permission` from Node.js 22.13 and 23.5, `--experimental-permission` before). */
function permissionFlags(read: readonly string[], write: readonly string[]): string[] {
  const flags = process.allowedNodeEnvironmentFlags;
  const quiet = flags.has('--disable-warning') ? ['--disable-warning=ExperimentalWarning'] : ['--no-warnings'];
  return [flags.has('--permission') ? '--permission' : '--experimental-permission', ...read.map((p) => `--allow-fs-read=${p}`), ...write.map((p) => `--allow-fs-write=${p}`), ...quiet];
}
