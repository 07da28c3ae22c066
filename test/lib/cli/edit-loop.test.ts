import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanTmpDirs, CLI, PROCESS_LIMITS, ROOT, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

const lib = JSON.stringify(path.join(ROOT, 'dist', 'lib'));
const util = JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'));
const definition = (props: string) => `
const lib = require(${lib});
const util = require(${util});
export const org = new lib.Org(util.ORG_PROPS);
export const platform = util.minimalPlatform;
export const apps = [{ team: 'payments', apps: [(scope: any) => new lib.AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080, ${props} })] }];
`;

describe('the edit loop never loses an edit or a typo', () => {
  test('a misspelled prop in a JavaScript definition fails the synth, naming the prop and the one meant', () => {
    const dir = tmpDir('paved-typo-');
    fs.writeFileSync(
      path.join(dir, 'definition.js'),
      definition('replicaz: 2')
        .replace(/export const (\w+)/g, 'exports.$1')
        .replace('(scope: any)', '(scope)'),
    );
    const r = spawnSync(process.execPath, [CLI, 'synth', '--definition', 'definition.js', '--out', 'gitops'], { cwd: dir, encoding: 'utf8', ...PROCESS_LIMITS });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('staging/payments/web: replicaz = 2 is not allowed: a prop of AppConstruct (did you mean replicas? it has team, image, port');
    expect(fs.existsSync(path.join(dir, 'gitops'))).toBe(false);
  });

  test("npm run synth with a misspelled prop in TypeScript fails with the compiler's message naming it; fixed, it synthesizes the edit", () => {
    const dir = tmpDir('paved-loop-');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', outDir: 'dist', rootDir: '.', strict: true, skipLibCheck: true, types: ['node'], incremental: true, noImplicitAny: false },
        include: ['paved.ts'],
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'loop',
        private: true,
        scripts: { synth: `tsc -b && node ${JSON.stringify(CLI)} synth --definition dist/paved.js --out gitops` },
      }),
    );
    // typed as the library's props, so that the compiler sees the typo
    const typed = (props: string) =>
      `import type { AppConstructProps } from ${JSON.stringify(path.join(ROOT, 'dist', 'lib', 'app', 'app-construct'))};\n` +
      definition(props)
        .replace("{ team: scope.team, image: 'web:1.0', port: 8080,", "<AppConstructProps>{ team: scope.team, image: 'web:1.0', port: 8080,")
        .replace('<AppConstructProps>{', '{')
        .replace(`(scope: any) => new lib.AppConstruct(scope, 'web', {`, `(scope: any) => new lib.AppConstruct(scope, 'web', ((p: AppConstructProps) => p)({`)
        .replace(/ \}\)\] \}\];/, ' }))] }];');
    const synth = () => spawnSync('npm', ['run', '-s', 'synth'], { cwd: dir, encoding: 'utf8', ...PROCESS_LIMITS });
    fs.writeFileSync(path.join(dir, 'paved.ts'), typed('replicaz: 2'));
    const typo = synth();
    expect(typo.status).not.toBe(0);
    expect(typo.stdout + typo.stderr).toMatch(/'replicaz' does not exist in type 'AppConstructProps'/);
    fs.writeFileSync(path.join(dir, 'paved.ts'), typed('replicas: 2'));
    const fixed = synth();
    expect(fixed.stderr).toBe('');
    expect(fixed.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'gitops', 'staging', 'teams', 'payments', 'apps', 'web', 'application-web.yaml'), 'utf8')).toContain('replicas: 2');
    // nothing changed: nothing to do; a tree edited by hand or another environment: a real synth
    const again = synth();
    expect(again.stdout).toContain('paved synth: gitops is up to date (the compiled definitions, the dependencies and the tree are unchanged since the last synth)');
    const file = path.join(dir, 'gitops', 'staging', 'teams', 'payments', 'apps', 'web', 'application-web.yaml');
    const synthesized = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, 'edited by hand\n');
    expect(synth().stdout).toContain('validated ');
    expect(fs.readFileSync(file, 'utf8')).toBe(synthesized);
    const withTag = spawnSync('npm', ['run', '-s', 'synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, IMAGE_TAG: '2.0' }, ...PROCESS_LIMITS });
    expect(withTag.stdout).toContain('validated ');
    // one more edit, compiled incrementally: it lands
    fs.writeFileSync(path.join(dir, 'paved.ts'), typed('replicas: 3'));
    expect(synth().status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'gitops', 'staging', 'teams', 'payments', 'apps', 'web', 'application-web.yaml'), 'utf8')).toContain('replicas: 3');
  });
});
