import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAppDefinitions, loadTeamApps } from '../../../lib';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function scratch(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-discover-'));
  dirs.push(dir);
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}
const APP = 'exports.default = function (scope) { scope.seen = (scope.seen || []).concat(__filename); };\n';

describe('app discovery', () => {
  test('finds the example apps, one folder per team and one file per app (as npm test compiled them)', () => {
    const teams = loadTeamApps(path.join(__dirname, '..', '..', '..', 'dist', 'apps'));
    expect(teams.map((t) => [t.team, t.apps.map((a) => a.name)])).toEqual([
      ['payments', ['payments/checkout.js#checkout', 'payments/my-app.js#myApp']],
      ['search', ['search/indexer.js#indexer', 'search/search-api.js#searchApi']],
    ]);
  });

  test('loads every exported function, skips indexes, declarations and tests, and names each after its file', () => {
    const dir = scratch({ 'a.js': APP, 'b.js': 'exports.one = () => 1; exports.two = () => 2; exports.notAnApp = 3;\n', 'index.js': APP, 'a.d.ts': '', 'a.test.js': APP });
    expect(loadAppDefinitions(dir).map((d) => d.name)).toEqual([`${path.basename(dir)}/a.js`, `${path.basename(dir)}/b.js#one`, `${path.basename(dir)}/b.js#two`]);
  });

  test('skips compiled apps whose source was deleted, and teams whose folder was', () => {
    const root = scratch({
      'apps/payments/kept.ts': '',
      'dist/apps/payments/kept.js': APP,
      'dist/apps/payments/deleted.js': APP,
      'dist/apps/gone/old.js': APP,
    });
    const teams = loadTeamApps(path.join(root, 'dist', 'apps'));
    expect(teams.map((t) => [t.team, t.apps.map((a) => a.name)])).toEqual([['payments', ['payments/kept.js']]]);
  });

  test('fails on a module that exports no app definition, and on one that throws, naming each at once', () => {
    const dir = scratch({ 'a.js': 'exports.x = 1;\n', 'b.js': "throw new Error('broken');\n", 'c.js': APP });
    const rel = (f: string) => path.relative(process.cwd(), path.join(dir, f));
    expect(() => loadAppDefinitions(dir)).toThrow(
      `${rel('a.js')}: exports = ["x"] is not allowed: an app definition: export a function (scope) => { new AppConstruct(scope, ...) }\n` +
        `${rel('b.js')}: module = "b.js" is not allowed: a module that loads (it threw Error: broken)`,
    );
  });

  test('fails on a team folder that is a link, and on a folder that does not exist', () => {
    const root = scratch({ 'elsewhere/web.js': APP, 'apps/payments/web.js': APP });
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'apps', 'search'));
    expect(() => loadTeamApps(path.join(root, 'apps'))).toThrow(
      `${path.relative(process.cwd(), path.join(root, 'apps', 'search'))}: symbolic link = ${JSON.stringify(path.join(root, 'elsewhere'))} is not allowed`,
    );
    expect(() => loadAppDefinitions(path.join(root, 'nope'))).toThrow('folder = ');
  });
});
