/**
 * `npm run synth`'s program (platform/synth.ts): the GitOps tree and the cloud
 * stacks, the stacks synthesized while the definitions build and written only
 * once the GitOps tree is.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROCESS_LIMITS, ROOT, cleanTmpDirs, tmpDir } from '../cli-util';

afterAll(cleanTmpDirs);

const PROGRAM = path.join(ROOT, 'dist', 'platform', 'synth.js');

function run(dir: string, args: readonly string[], cdktfOut = path.join(dir, 'cdktf.out')) {
  return spawnSync(process.execPath, [PROGRAM, '--out', path.join(dir, 'gitops'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PAVED_CDKTF_OUT: cdktfOut },
    ...PROCESS_LIMITS,
  });
}

describe('npm run synth', () => {
  test('writes the GitOps tree and the cloud stacks, and prints the cloud side after the GitOps side', () => {
    const dir = tmpDir('paved-npm-synth-');
    const r = run(dir, []);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'gitops', 'org.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
    const lines = r.stdout.split('\n');
    const validated = lines.findIndex((l) => l.startsWith('validated '));
    expect(validated).toBeGreaterThan(0);
    expect(lines.slice(validated + 1, validated + 5)).toEqual([
      `paved infra: 2 stack(s) → ${path.join(dir, 'cdktf.out')}`,
      expect.stringMatching(/^ {2}staging: \d+ resources/),
      expect.stringMatching(/^ {2}prod: \d+ resources/),
      expect.stringMatching(/^synthesized 2 stack\(s\) in \d+ ms$/),
    ]);
  });

  test('fails with the GitOps synth exit code and leaves cdktf.out as it was when the GitOps synth fails', () => {
    const dir = tmpDir('paved-npm-synth-');
    const lib = JSON.stringify(path.join(ROOT, 'dist', 'lib'));
    const util = JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'));
    fs.writeFileSync(
      path.join(dir, 'definition.js'),
      `const lib = require(${lib});
const util = require(${util});
exports.org = new lib.Org(util.ORG_PROPS);
exports.platform = util.minimalPlatform;
exports.apps = [{ team: 'payments', apps: [(scope) => new lib.AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080, replicaz: 2 })] }];
`,
    );
    fs.mkdirSync(path.join(dir, 'cdktf.out'));
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), 'as an earlier synth left it\n');
    const r = run(dir, ['--definition', path.join(dir, 'definition.js')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('replicaz = 2 is not allowed');
    expect(r.stdout).not.toContain('paved infra');
    expect(fs.readdirSync(path.join(dir, 'cdktf.out'))).toEqual(['manifest.json']);
    expect(fs.readFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), 'utf8')).toBe('as an earlier synth left it\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdktf.out', 'definition.js']);
  });

  test('exits 2, saying why, when the cloud stacks cannot be written; the GitOps tree is written', () => {
    const dir = tmpDir('paved-npm-synth-');
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const r = run(dir, [], path.join(dir, 'not-a-folder', 'cdktf.out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^paved infra: could not \w+ .*not-a-folder/);
    expect(fs.existsSync(path.join(dir, 'gitops', 'org.json'))).toBe(true);
  });
});
