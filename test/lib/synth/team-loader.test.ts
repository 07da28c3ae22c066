import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAppDefinitions } from '../../../lib';
import { TeamModuleLoader } from '../../../lib/synth/team-loader';
import { errorOf } from '../../util';

const ROOT = path.join(__dirname, '..', '..', '..');
const API = path.join(ROOT, 'dist', 'lib');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A scratch folder of team modules (path → content); `cwd`-relative names in messages are relative to process.cwd(). */
function team(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-loader-'));
  dirs.push(dir);
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}

const shown = (file: string) => path.relative(process.cwd(), file);
const APP = 'exports.app = (scope) => undefined;\n';

describe("paved's loader for a team's app modules", () => {
  test("loads paved's public API (as 'paved' and by its path) and the modules and JSON of the team's own folder", () => {
    const dir = team({
      'web.js': `const a = require('@acme/paved'); const b = require(${JSON.stringify(API)}); const h = require('./lib/helper'); const d = require('./data.json');
exports.web = () => [a === b, typeof a.AppConstruct, h.name, d.port];\n`,
      'lib/helper.js': "exports.name = 'helper';\n",
      'data.json': '{"port": 8080}',
    });
    const [web] = loadAppDefinitions(dir);
    expect((web as unknown as () => unknown[])()).toEqual([true, 'function', 'helper', 8080]);
  });

  test.each([
    ['fs', 'a Node.js module'],
    ['node:fs', 'a Node.js module'],
    ['child_process', 'a Node.js module'],
    ['net', 'a Node.js module'],
    ['vm', 'a Node.js module'],
    ['worker_threads', 'a Node.js module'],
    ['module', 'a Node.js module'],
    ['inspector', 'a Node.js module'],
    ['cdk8s', 'a package'],
    ['../search/api', 'lies outside'],
    [path.join(API, 'app', 'app-construct'), 'lies outside'],
    [path.join(API, 'private', 'problems.js'), 'lies outside'],
    ['/etc/passwd', 'lies outside'],
    ['./missing', 'is no regular file'],
  ])('refuses require(%j), naming the module file, the module asked for and what is allowed', (request, why) => {
    const dir = team({ 'evil.js': `require(${JSON.stringify(request)});\n${APP}` });
    const message = errorOf(() => loadAppDefinitions(dir));
    expect(message).toContain(
      `${shown(path.join(dir, 'evil.js'))}: require = ${JSON.stringify(request)} is not allowed: paved's public API ('@acme/paved', or its path such as '../../lib' in the platform repository) or a module inside ${shown(dir)}/ (`,
    );
    expect(message).toContain(why);
  });

  test('refuses a module that catches the refusal all the same, with every refusal of every module at once', () => {
    const dir = team({
      'a.js': `try { require('fs'); } catch (e) {}\n${APP}`,
      'b.js': `let cp; try { cp = require('child_process'); } catch (e) {}\ntry { require('net'); } catch (e) {}\n${APP}`,
    });
    const message = errorOf(() => loadAppDefinitions(dir));
    expect(message.split('\n')).toHaveLength(3);
    expect(message).toContain('a.js: require = "fs" is not allowed');
    expect(message).toContain('b.js: require = "child_process" is not allowed');
    expect(message).toContain('b.js: require = "net" is not allowed');
  });

  test("refuses a link in the team's folder (to a file, a folder, below a sub-folder), naming it, without reading what it points at", () => {
    const outside = team({ 'leak.js': "throw new Error('read through the link');\n" });
    for (const [link, target] of [
      ['leak.js', path.join(outside, 'leak.js')],
      ['shared', outside],
      ['lib/inner.js', path.join(outside, 'leak.js')],
    ]) {
      const dir = team({ 'web.js': APP, 'lib/x.js': '' });
      fs.symlinkSync(target, path.join(dir, link));
      const message = errorOf(() => loadAppDefinitions(dir));
      expect(message).toBe(
        `${shown(path.join(dir, link))}: symbolic link = ${JSON.stringify(target)} is not allowed: a regular file or folder: paved follows no link in a team's folder (what it points at can lie outside the repository, and would be read and written into the tree)`,
      );
    }
  });

  test('refuses a link asked for directly, even where the folder was not listed first', () => {
    const outside = team({ 'leak.js': "throw new Error('read through the link');\n" });
    const dir = team({});
    fs.symlinkSync(path.join(outside, 'leak.js'), path.join(dir, 'leak.js'));
    const loader = new TeamModuleLoader(dir, { publicApi: () => ({}), publicApiFile: path.join(API, 'index.js'), base: process.cwd(), env: {} });
    expect(errorOf(() => loader.load(path.join(dir, 'leak.js')))).toContain(`require = ${JSON.stringify(path.join(dir, 'leak.js'))} is not allowed`);
    expect(loader.loaded).toEqual([]);
  });

  test('gives a module process.env alone, frozen: any other part of process is an error naming it', () => {
    const env = { IMAGE_TAG: '1.2.3' };
    const dir = team({
      'tag.js': "exports.tag = () => process.env.IMAGE_TAG + ' ' + Object.isFrozen(process.env);\n",
      'cwd.js': 'process.cwd();\n' + APP,
      'exit.js': 'process.exit(1);\n' + APP,
      'binding.js': "process.binding('fs');\n" + APP,
      'write.js': "process.env.X = 'y';\n" + APP,
    });
    const loader = new TeamModuleLoader(dir, { publicApi: () => ({}), publicApiFile: path.join(API, 'index.js'), base: process.cwd(), env });
    expect((loader.load(path.join(dir, 'tag.js')) as { tag: () => string }).tag()).toBe('1.2.3 true');
    expect(errorOf(() => loader.load(path.join(dir, 'cwd.js')))).toBe(
      `${shown(path.join(dir, 'cwd.js'))}: process.cwd = "cwd" is not allowed: process.env alone (an app definition reads its environment and nothing else of Node.js; it holds IMAGE_TAG: the org's definitionEnvironment)`,
    );
    expect(errorOf(() => loader.load(path.join(dir, 'exit.js')))).toContain('process.exit = "exit" is not allowed');
    expect(errorOf(() => loader.load(path.join(dir, 'binding.js')))).toContain('process.binding = "binding" is not allowed');
    expect(errorOf(() => loader.load(path.join(dir, 'write.js')))).toMatch(/Cannot add property X, object is not extensible/);
  });

  test('runs a module in strict mode, so a change of frozen data throws instead of doing nothing', () => {
    const dir = team({ 'frozen.js': "const o = Object.freeze({ kinds: ['a'] }); o.kinds = ['b'];\n" + APP });
    expect(errorOf(() => loadAppDefinitions(dir))).toMatch(/frozen\.js: module = "frozen\.js" is not allowed: a module that loads \(it threw TypeError: Cannot assign to read only property 'kinds'/);
  });

  test('gives a module no dynamic import()', async () => {
    const dir = team({ 'dyn.js': "exports.p = import('fs');\n" });
    const loader = new TeamModuleLoader(dir, { publicApi: () => ({}), publicApiFile: path.join(API, 'index.js'), base: process.cwd(), env: {} });
    const { p } = loader.load(path.join(dir, 'dyn.js')) as { p: Promise<unknown> };
    await expect(p).rejects.toThrow();
  });
});
