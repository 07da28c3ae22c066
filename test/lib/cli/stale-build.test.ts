import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanTmpDirs, CLI, PROCESS_LIMITS, ROOT, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

/**
 * A team-sized project: a definition in TypeScript, compiled to dist/ with the
 * project's own compiler, then run with `paved synth` as a user would.
 */
function project(): { dir: string; compile: () => void; edit: (text: string) => void; synth: () => { code: number | null; stderr: string } } {
  const dir = tmpDir('paved-stale-');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', outDir: 'dist', rootDir: '.', strict: true, skipLibCheck: true, types: ['node'] }, include: ['paved.ts'] }),
  );
  const source = (replicas: number) => `
const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib'))});
const util = require(${JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'))});
export const org = new lib.Org(util.ORG_PROPS);
export const platform = util.minimalPlatform;
export const apps = [{ team: 'payments', apps: [(scope: any) => new lib.AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080, replicas: ${replicas} })] }];
`;
  fs.writeFileSync(path.join(dir, 'paved.ts'), source(2));
  const compile = () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', ...PROCESS_LIMITS });
    expect(r.stdout + r.stderr).toBe('');
  };
  const later = () => {
    const t = new Date(Date.now() + 5000);
    return t;
  };
  const edit = (text: string) => {
    fs.writeFileSync(path.join(dir, 'paved.ts'), text);
    fs.utimesSync(path.join(dir, 'paved.ts'), later(), later());
  };
  const synth = () => {
    const r = spawnSync(process.execPath, [CLI, 'synth', '--definition', 'dist/paved.js', '--out', 'gitops'], { cwd: dir, encoding: 'utf8', ...PROCESS_LIMITS });
    return { code: r.status, stderr: r.stderr };
  };
  return { dir, compile, edit, synth, source } as ReturnType<typeof project> & { source: typeof source };
}

describe('paved never runs a stale build', () => {
  test('a definition edited without a rebuild (prod replicas 2 -> 1) is refused, naming npm run synth; nothing written', () => {
    const p = project() as ReturnType<typeof project> & { source: (n: number) => string };
    p.compile();
    expect(p.synth().code).toBe(0);
    const before = fs.readFileSync(path.join(p.dir, 'gitops', 'prod', 'teams', 'payments', 'apps', 'web', 'application-web.yaml'), 'utf8');
    p.edit(p.source(1));
    const r = p.synth();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('paved: the compiled code is out of date (dist/paved.js is older than paved.ts): run `npm run synth` (it compiles first), or compile with `npm run build` and run again\n');
    expect(fs.readFileSync(path.join(p.dir, 'gitops', 'prod', 'teams', 'payments', 'apps', 'web', 'application-web.yaml'), 'utf8')).toBe(before);
    // rebuilt, it runs (and the edit is refused on its merits: production needs 2 replicas or a reason)
    p.compile();
    const rebuilt = p.synth();
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stderr).toContain('prod/payments/web: replicas = 1 is not allowed: at least 2 in production');
  });

  test('a source touched but not changed (a checkout, an editor saving) is not stale', () => {
    const p = project() as ReturnType<typeof project> & { source: (n: number) => string };
    p.compile();
    p.edit(p.source(2));
    expect(p.synth().code).toBe(0);
  });
});
