/**
 * `paved synth` runs a team's definitions with nothing they should not have:
 * hostile app definitions, as a team could write them, run as a platform CI
 * would run them (a process with a token in its environment), each checked
 * for what reached the tree, what was written or started, and the exit code.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, ROOT, cleanTmpDirs, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

/** Each process test's budget: a synth of the small org takes a few seconds, on a loaded machine ten. */
const BUDGET = 120_000;

const dist = (...p: string[]) => JSON.stringify(path.join(ROOT, 'dist', ...p));

/** A platform repository: the definition (org, platform, `loadTeamApps`) and two teams' apps, compiled, in dist/; a CI checkout's .git with a token. */
const PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'platform', private: true, paved: { definition: 'dist/definition.js', out: 'gitops' } }),
  'dist/definition.js': `const path = require('path');
const { Org, loadTeamApps } = require(${dist('lib')});
const { ORG_PROPS, minimalPlatform } = require(${dist('test', 'util.js')});
exports.org = new Org({ ...ORG_PROPS, definitionEnvironment: ['IMAGE_TAG'] });
exports.platform = minimalPlatform;
exports.apps = loadTeamApps(path.join(__dirname, 'apps'));
`,
  'dist/apps/payments/web.js': `const { AppConstruct } = require(${dist('lib')});
exports.web = (scope) => { new AppConstruct(scope, 'web', { team: scope.team, image: 'web:' + (process.env.IMAGE_TAG || '1.0.0'), port: 8080 }); };
`,
  'dist/apps/search/api.js': `const { AppConstruct } = require('@acme/paved');
exports.api = (scope) => { new AppConstruct(scope, 'api', { team: scope.team, image: 'api:2.0.0', port: 8080 }); };
`,
  '.git/config': '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic git-token-in-the-checkout\n',
};

/** What a platform CI's environment holds besides what the org allows. */
const CI_SECRETS = { CI_TOKEN: 'ci-token-0123456789', GITHUB_TOKEN: 'ghs_githubtoken0123456789', AWS_SECRET_ACCESS_KEY: 'aws-secret-0123456789' };

/** The project's tree after a first synth, byte for byte, and the project itself: each test starts from a copy. */
let base: string;
let baseTree: Record<string, string>;

function snapshot(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort()
      .map((f) => [path.relative(dir, f), fs.readFileSync(f, 'latin1')]),
  );
}

/** `paved synth` in a project, as CI runs it: its environment with the CI's secrets, `env` added; within the budget. */
function synth(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, 'synth'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: BUDGET - 10_000,
    env: { ...process.env, ...CI_SECRETS, IMAGE_TAG: '3.1.4', SOURCE_DATE_EPOCH: '1796083200', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** A copy of the synthesized project with these files added (a team's proposal). */
function proposal(files: Record<string, string>): string {
  const dir = path.join(tmpDir('paved-sandbox-'), 'platform');
  fs.cpSync(base, dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

const treeOf = (dir: string) => snapshot(path.join(dir, 'gitops'));

/** Every file of a tree as one text, to search for a secret in any form. */
const allText = (tree: Record<string, string>) => Object.values(tree).join('\n');

function forms(secret: string): string[] {
  const b = Buffer.from(secret);
  return [secret, b.toString('base64'), b.toString('base64url'), b.toString('hex'), encodeURIComponent(secret), [...secret].reverse().join('')];
}

beforeAll(() => {
  base = path.join(tmpDir('paved-sandbox-base-'), 'platform');
  writeFiles(base, PROJECT);
  const r = synth(base);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  baseTree = treeOf(base);
  expect(baseTree['staging/teams/payments/apps/web/application-web.yaml']).toContain('image: web:3.1.4');
}, BUDGET);

describe('a team definition runs with nothing it should not have', () => {
  test(
    'sees the variables the org allows and no other: a token in the CI environment reaches no file, in any encoding, however it is read',
    () => {
      const dir = proposal({
        'dist/apps/payments/leak.js': `const { AppConstruct } = require('@acme/paved');
const atLoad = JSON.stringify(process.env);
exports.leak = (scope) => {
  const real = scope.constructor.constructor('return process')();
  const read = { atLoad, own: JSON.stringify(process.env), global: JSON.stringify(globalThis.process.env), real: JSON.stringify(real.env), token: String(process.env.CI_TOKEN) };
  new AppConstruct(scope, 'leak', { team: scope.team, image: 'leak:' + process.env.IMAGE_TAG, port: 8080, env: {
    AT_LOAD: read.atLoad, OWN: read.own, GLOBAL: read.global, REAL: read.real,
    READ_B64: Buffer.from(read.token).toString('base64'), READ_HEX: Buffer.from(read.token).toString('hex'),
  } });
};
`,
      });
      const first = synth(dir);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const tree = treeOf(dir);
      const app = tree['prod/teams/payments/apps/leak/application-leak.yaml'];
      // the allowed variable is there, read at load and in the definition, however read; the token is not
      expect(app).toContain('image: leak:3.1.4');
      const value = (name: string) => new RegExp(`name: ${name}\\n\\s+value: (.*)`).exec(app)?.[1];
      for (const name of ['AT_LOAD', 'OWN', 'GLOBAL', 'REAL']) expect(value(name)).toBe(`'{"IMAGE_TAG":"3.1.4"}'`);
      expect(Buffer.from(value('READ_B64') ?? '', 'base64').toString()).toBe('undefined');
      expect(Buffer.from(value('READ_HEX') ?? '', 'hex').toString()).toBe('undefined');
      for (const secret of Object.values(CI_SECRETS)) for (const form of forms(secret)) expect(allText(tree)).not.toContain(form);
      // another token, another run: the same bytes
      const second = synth(dir, { CI_TOKEN: 'another-token-9876543210', GITHUB_TOKEN: 'ghs_another' });
      expect(second.code).toBe(0);
      expect(treeOf(dir)).toEqual(tree);
    },
    BUDGET,
  );

  test(
    "refuses a require of Node's modules, packages, another team's file and paved's internals, naming each file and module; exit 1, gitops/ byte for byte",
    () => {
      const internals = path.join(ROOT, 'dist', 'lib', 'private', 'problems.js');
      const dir = proposal({
        'dist/apps/payments/fs.js': "const fs = require('fs');\nexports.a = () => fs.writeFileSync('/tmp/x', 'y');\n",
        'dist/apps/payments/spawn.js': "let cp; try { cp = require('node:child_process'); } catch (e) { /* caught: still refused */ }\nexports.b = () => undefined;\n",
        'dist/apps/payments/net.js': "require('net');\nexports.c = () => undefined;\n",
        'dist/apps/payments/sibling.js': "require('../search/api');\nexports.d = () => undefined;\n",
        'dist/apps/payments/internal.js': `require(${JSON.stringify(internals)});\nexports.e = () => undefined;\n`,
        'dist/apps/payments/worker.js': "require('worker_threads');\nexports.f = () => undefined;\n",
        'dist/apps/payments/package.js': "require('yaml');\nexports.g = () => undefined;\n",
      });
      const r = synth(dir);
      expect(r.code).toBe(1);
      const allowed = "is not allowed: paved's public API ('@acme/paved', or its path such as '../../lib' in the platform repository) or a module inside dist/apps/payments/";
      for (const [file, request] of [
        ['fs.js', 'fs'],
        ['spawn.js', 'node:child_process'],
        ['net.js', 'net'],
        ['sibling.js', '../search/api'],
        ['internal.js', internals],
        ['worker.js', 'worker_threads'],
        ['package.js', 'yaml'],
      ]) {
        expect(r.stderr).toContain(`dist/apps/payments/${file}: require = ${JSON.stringify(request)} ${allowed}`);
      }
      expect(treeOf(dir)).toEqual(baseTree);
    },
    BUDGET,
  );

  test(
    'an escape through the constructor chain finds no secret, reads and writes nothing outside, starts no process: what it gets is the same whatever the CI holds',
    () => {
      const outside = tmpDir('paved-sandbox-outside-');
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside-secret-0123456789');
      const markers = ['written', 'spawned', 'execd', 'worker'].map((m) => path.join(outside, m));
      const dir = proposal({
        'dist/apps/payments/escape.js': `const { AppConstruct } = require('@acme/paved');
exports.escape = (scope) => {
  const proc = scope.constructor.constructor('return process')();
  const req = proc.mainModule.require.bind(proc.mainModule);
  const tries = {
    env: () => Object.keys(proc.env).join(','),
    readOutside: () => req('fs').readFileSync(${JSON.stringify(path.join(outside, 'secret.txt'))}, 'utf8'),
    readGit: () => req('fs').readFileSync(proc.cwd() + '/.git/config', 'utf8'),
    readParentEnv: () => req('fs').readFileSync('/proc/' + proc.ppid + '/environ', 'latin1'),
    readOwnEnv: () => req('fs').readFileSync('/proc/self/environ', 'latin1'),
    writeOutside: () => req('fs').writeFileSync(${JSON.stringify(markers[0])}, 'x'),
    writeTree: () => req('fs').writeFileSync(proc.cwd() + '/gitops/planted.yaml', 'x'),
    spawn: () => req('child_process').spawnSync('touch', [${JSON.stringify(markers[1])}]).error.code,
    exec: () => req('child_process').execFileSync('touch', [${JSON.stringify(markers[2])}]),
    binding: () => proc.binding('spawn_sync'),
    worker: () => new (req('worker_threads').Worker)("require('fs').writeFileSync(${JSON.stringify(markers[3]).replace(/"/g, "'")}, 'x')", { eval: true }),
    inspector: () => req('inspector').open(0),
    addon: () => proc.dlopen({ exports: {} }, ${JSON.stringify(path.join(outside, 'addon.node'))}),
  };
  const got = Object.entries(tries).map(([name, attempt]) => {
    try { return name + '=ok:' + String(attempt()); } catch (e) { return name + '=' + (e.code || e.message); }
  });
  new AppConstruct(scope, 'escape', { team: scope.team, image: 'escape:1.0.0', port: 8080, env: { GOT: got.join(' ') } });
};
`,
      });
      const first = synth(dir);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const tree = treeOf(dir);
      const got = /name: GOT\n\s+value: (.*)/.exec(tree['staging/teams/payments/apps/escape/application-escape.yaml'])?.[1] ?? '';
      expect(got).toBe(
        'env=ok:IMAGE_TAG readOutside=ERR_ACCESS_DENIED readGit=ERR_ACCESS_DENIED readParentEnv=ERR_ACCESS_DENIED readOwnEnv=ERR_ACCESS_DENIED writeOutside=ERR_ACCESS_DENIED writeTree=ERR_ACCESS_DENIED spawn=ERR_ACCESS_DENIED exec=ERR_ACCESS_DENIED binding=ERR_ACCESS_DENIED worker=ERR_ACCESS_DENIED inspector=ERR_ACCESS_DENIED addon=ERR_DLOPEN_DISABLED',
      );
      for (const marker of markers) expect(fs.existsSync(marker)).toBe(false);
      for (const secret of [...Object.values(CI_SECRETS), 'outside-secret-0123456789', 'git-token-in-the-checkout']) for (const form of forms(secret)) expect(allText(tree)).not.toContain(form);
      expect(Object.keys(tree).filter((f) => !(f in baseTree))).not.toContain('planted.yaml');
      const second = synth(dir, { CI_TOKEN: 'another-token-9876543210' });
      expect(second.code).toBe(0);
      expect(treeOf(dir)).toEqual(tree);
    },
    BUDGET,
  );

  test(
    'refuses a change of the org, a team, an environment or a constant of paved, naming the definition; exit 1, gitops/ byte for byte',
    () => {
      const dir = proposal({
        'dist/apps/payments/widen.js': `const paved = require('@acme/paved');
exports.kinds = (scope) => { scope.team.allowedKinds.push({ group: '', kind: 'Secret' }); };
exports.zone = (scope) => { scope.team.zone = 'search.example.com'; };
exports.production = (scope) => { scope.environment.production = false; };
exports.otherTeam = (scope) => { scope.node.scope.org.team('search').namespaces[0] = 'payments'; };
exports.constant = () => { paved.TEAM_APP_KINDS[0].kind = 'Secret'; };
exports.method = () => { paved.Team.prototype.ownsDomain = () => true; };
exports.define = (scope) => { Object.defineProperty(scope.team, 'secretPrefix', { value: 'teams/' }); };
`,
      });
      const r = synth(dir);
      expect(r.code).toBe(1);
      const tail = "which it does not own (the platform's: ";
      const rule = "a team's definitions change only the objects they create";
      for (const env of ['staging', 'prod']) {
        expect(r.stderr).toContain(
          `${env}/payments (app definition payments/widen.js#kinds): changed data the platform shares with every definition (the org, an environment or team of it, or a constant of paved), ${tail}Cannot add property`,
        );
        expect(r.stderr).toContain(`${env}/payments (app definition payments/widen.js#zone): changed the org's team, ${tail}Cannot assign to read only property 'zone' of object '#<Team>'): ${rule}`);
        expect(r.stderr).toContain(`${env}/payments (app definition payments/widen.js#production): changed the org's environment, ${tail}Cannot assign to read only property 'production'`);
        expect(r.stderr).toContain(`${env}/payments (app definition payments/widen.js#otherTeam): changed data the platform shares`);
        expect(r.stderr).toContain(`${env}/payments (app definition payments/widen.js#constant): changed data the platform shares`);
        expect(r.stderr).toContain(`${env}/payments (app definition payments/widen.js#method): changed the org's team, ${tail}Cannot assign to read only property 'ownsDomain'`);
        expect(r.stderr).toContain(
          `${env}/payments (app definition payments/widen.js#define): changed data the platform shares with every definition (the org, an environment or team of it, or a constant of paved), ${tail}Cannot redefine property: secretPrefix): ${rule}`,
        );
      }
      expect(treeOf(dir)).toEqual(baseTree);
    },
    BUDGET,
  );

  test(
    "refuses a link in a team's folder pointing outside the repository (a module, the team's folder, a source file), reading nothing through it; exit 1, gitops/ byte for byte",
    () => {
      const outside = tmpDir('paved-sandbox-outside-');
      // a FIFO: a read of it would block, and the synth would never end
      execFileSync('mkfifo', [path.join(outside, 'fifo.js')]);
      fs.mkdirSync(path.join(outside, 'team'));
      const dir = proposal({ 'apps/payments/web.ts': '', 'apps/search/api.ts': '' });
      fs.symlinkSync(path.join(outside, 'fifo.js'), path.join(dir, 'dist', 'apps', 'payments', 'leak.js'));
      fs.symlinkSync(path.join(outside, 'team'), path.join(dir, 'dist', 'apps', 'evil'));
      fs.symlinkSync(path.join(outside, 'fifo.js'), path.join(dir, 'apps', 'search', 'leak.ts'));
      const r = synth(dir);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      const rule = "is not allowed: a regular file or folder: paved follows no link in a team's folder (what it points at can lie outside the repository, and would be read and written into the tree)";
      expect(r.stderr).toContain(`dist/apps/payments/leak.js: symbolic link = ${JSON.stringify(path.join(outside, 'fifo.js'))} ${rule}`);
      expect(r.stderr).toContain(`dist/apps/evil: symbolic link = ${JSON.stringify(path.join(outside, 'team'))} ${rule}`);
      expect(r.stderr).toContain(`apps/search/leak.ts: symbolic link = ${JSON.stringify(path.join(outside, 'fifo.js'))} ${rule}`);
      expect(treeOf(dir)).toEqual(baseTree);
    },
    BUDGET,
  );

  test(
    "refuses a link in the tree (a team's proposed apps folder) pointing outside, reading nothing through it; exit 1, the tree as it was",
    () => {
      const outside = tmpDir('paved-sandbox-outside-');
      execFileSync('mkfifo', [path.join(outside, 'fifo.yaml')]);
      const dir = proposal({});
      const link = path.join(dir, 'gitops', 'prod', 'teams', 'search', 'apps', 'api', 'configmap-leak.yaml');
      fs.symlinkSync(path.join(outside, 'fifo.yaml'), link);
      const before = treeOf(dir);
      const r = synth(dir);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`prod/teams/search/apps/api/configmap-leak.yaml: link to ${path.join(outside, 'fifo.yaml')}: team search's apps folder holds no links`);
      expect(treeOf(dir)).toEqual(before);
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    },
    BUDGET,
  );

  test(
    'an escaped definition that forges the build it hands back cannot place a file outside the tree; exit 1, nothing written anywhere',
    () => {
      const outside = tmpDir('paved-sandbox-outside-');
      const target = path.join(outside, 'planted.yaml');
      const dir = proposal({
        'dist/apps/payments/forge.js': `exports.forge = (scope) => {
  const proc = scope.constructor.constructor('return process')();
  proc.send({ type: 'built', errors: [], objectsByKind: {}, checks: {}, files: [
    ['../planted.yaml', 'x'], [${JSON.stringify(target)}, 'x'], ['prod/../../planted.yaml', 'x'], ['prod//x.yaml', 'x'], ['prod/./x.yaml', 'x'], ['prod\\\\x.yaml', 'x'], ['prod/x.yaml', { not: 'text' }],
  ] });
};
`,
      });
      const r = synth(dir);
      expect(r.code).toBe(1);
      for (const file of ['../planted.yaml', target, 'prod/../../planted.yaml', 'prod//x.yaml', 'prod/./x.yaml', 'prod\\x.yaml', 'prod/x.yaml']) {
        expect(r.stderr).toContain(`synth: file = ${JSON.stringify(file)} is not allowed: a path inside the tree (relative, "/"-separated, no "." or ".." segment) with text content`);
      }
      expect(fs.existsSync(target)).toBe(false);
      expect(fs.existsSync(path.join(dir, 'planted.yaml'))).toBe(false);
      expect(treeOf(dir)).toEqual(baseTree);
    },
    BUDGET,
  );

  test(
    'a definition that ends the process that runs it fails the synth as paved failing (exit 2), and nothing is written',
    () => {
      const dir = proposal({ 'dist/apps/payments/quit.js': "exports.quit = (scope) => { scope.constructor.constructor('return process')().exit(0); };\n" });
      const r = synth(dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('paved: the process that runs the definitions exited with code 0 before it finished (its output is above)');
      expect(treeOf(dir)).toEqual(baseTree);
    },
    BUDGET,
  );

  test(
    'the tree is read while the definition loads: a definition that fails to load, or that a team broke, leaves the tree as it was and no lock, and the next synth writes',
    () => {
      const project = (broken: Record<string, string>) => {
        const dir = proposal(broken);
        const r = synth(dir);
        expect([r.code, r.stdout.includes('wrote')]).toEqual([1, false]);
        expect(treeOf(dir)).toEqual(baseTree);
        // the lock taken before the definition loaded is released, and no temporary folder is left beside the tree
        expect(fs.readdirSync(dir).filter((e) => e.startsWith('.gitops'))).toEqual([]);
        return dir;
      };
      project({ 'dist/definition.js': "throw new Error('the definition does not load');\n" });
      const dir = project({ 'dist/apps/payments/web.js': "exports.web = () => { throw new Error('a team broke its app'); };\n" });
      // mended, the next run takes the lock and writes
      fs.writeFileSync(path.join(dir, 'dist', 'apps', 'payments', 'web.js'), PROJECT['dist/apps/payments/web.js']);
      const next = synth(dir);
      expect([next.code, next.stderr]).toEqual([0, '']);
      expect(treeOf(dir)).toEqual(baseTree);
    },
    2 * BUDGET,
  );

  test(
    "a team repository's definitions see what the org it reads allows, and an org its module exports cannot allow more",
    () => {
      const dir = tmpDir('paved-sandbox-team-');
      const published = JSON.parse(fs.readFileSync(path.join(base, 'gitops', 'org.json'), 'utf8')) as { teams: { name: string; appsRepository?: string }[] };
      published.teams = published.teams.map((t) => (t.name === 'search' ? { ...t, appsRepository: 'https://github.com/example/search-apps.git' } : t));
      writeFiles(dir, {
        'package.json': JSON.stringify({ name: 'search-apps', private: true, paved: { definition: 'dist/paved.js', org: 'gitops-checkout/org.json', out: 'out' } }),
        'gitops-checkout/org.json': JSON.stringify(published),
        'dist/paved.js': `const path = require('path');
const { Org, loadAppDefinitions } = require(${dist('lib')});
const published = require('../gitops-checkout/org.json');
exports.apps = [{ team: 'search', apps: loadAppDefinitions(path.join(__dirname, 'apps')) }];
// a wider list of its own, ignored: the org file decides
exports.org = Org.deferProblems(() => new Org({ ...published, definitionEnvironment: ['IMAGE_TAG', 'EXTRA_VARIABLE'] }));
`,
        'dist/apps/api.js': `const { AppConstruct } = require('@acme/paved');
exports.api = (scope) => { new AppConstruct(scope, 'api', { team: scope.team, image: 'api:' + process.env.IMAGE_TAG, port: 8080, env: { SEEN: Object.keys(process.env).join(',') } }); };
`,
      });
      const run = spawnSync(process.execPath, [CLI, 'synth', '--team', 'search'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: BUDGET - 10_000,
        env: { ...process.env, ...CI_SECRETS, IMAGE_TAG: '4.2.0', EXTRA_VARIABLE: 'extra-0123456789' },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const app = fs.readFileSync(path.join(dir, 'out', 'prod', 'teams', 'search', 'apps', 'api', 'application-api.yaml'), 'utf8');
      expect(app).toContain('image: api:4.2.0');
      expect(app).toMatch(/name: SEEN\n\s+value: IMAGE_TAG\n/);
      expect(allText(snapshot(path.join(dir, 'out')))).not.toContain('extra-0123456789');
    },
    BUDGET,
  );
});
