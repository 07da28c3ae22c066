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

describe('paved check after a merge or a pull without a rebuild', () => {
  /** A project whose team apps are TypeScript modules (apps/<team>/*.ts), compiled to dist/ with the definition. */
  function teamProject(): { dir: string; compile: () => void; check: () => { code: number | null; stdout: string; stderr: string } } {
    const dir = tmpDir('paved-unbuilt-');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const app = (name: string) =>
      `const { AppConstruct } = require('@acme/paved');\nexport const ${name} = (scope: any) => new AppConstruct(scope, '${name}', { team: scope.team, image: 'r.example.com/${name}:1.0.0', port: 8080 });\n`;
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', outDir: 'dist', rootDir: '.', strict: true, skipLibCheck: true, types: ['node'] },
        include: ['paved.ts', 'apps/**/*.ts'],
      }),
      'package.json': JSON.stringify({ name: 'unbuilt', private: true, paved: { definition: 'dist/paved.js', out: 'gitops' } }),
      'paved.ts': [
        "import * as path from 'path';",
        `const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib'))});`,
        `const util = require(${JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'))});`,
        'export const org = new lib.Org(util.ORG_PROPS);',
        'export const platform = util.minimalPlatform;',
        "export const apps = lib.loadTeamApps(path.join(__dirname, 'apps'));",
        '',
      ].join('\n'),
      'apps/payments/web.ts': app('web'),
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const compile = () => {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', ...PROCESS_LIMITS });
      expect(r.stdout + r.stderr).toBe('');
    };
    const check = () => {
      const r = spawnSync(process.execPath, [CLI, 'check'], { cwd: dir, encoding: 'utf8', ...PROCESS_LIMITS });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    compile();
    const synth = spawnSync(process.execPath, [CLI, 'synth'], { cwd: dir, encoding: 'utf8', ...PROCESS_LIMITS });
    expect(synth.stderr).toBe('');
    return Object.assign({ dir, compile, check }, { app });
  }

  test('a merged app definition without its compiled module (and a team folder never compiled) is named, not reported as its objects removed', () => {
    const p = teamProject() as ReturnType<typeof teamProject> & { app: (n: string) => string };
    expect(p.check().code).toBe(0);
    fs.writeFileSync(path.join(p.dir, 'apps', 'payments', 'orders.ts'), p.app('orders'));
    fs.mkdirSync(path.join(p.dir, 'apps', 'search'));
    fs.writeFileSync(path.join(p.dir, 'apps', 'search', 'indexer.ts'), p.app('indexer'));
    const stale = p.check();
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toBe(
      'paved: the compiled code is out of date (apps/payments/orders.ts has no compiled module (dist/apps/payments/orders.js); apps/search/indexer.ts has no compiled module (dist/apps/search/indexer.js)): run `npm run synth` (it compiles first), or compile with `npm run build` and run again\n',
    );
    // compiled, the check sees the new apps for what they are: added, not yet synthesized
    p.compile();
    const built = p.check();
    expect(built.code).toBe(1);
    expect(built.stdout).toContain('+ prod/teams/payments/apps/orders/application-orders.yaml');
    expect(built.stdout).toContain('+ prod/teams/search/apps/indexer/application-indexer.yaml');
    expect(built.stdout).not.toMatch(/^\s+- /m);
  });
});
