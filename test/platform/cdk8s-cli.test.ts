import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from '../../lib';
import { cleanTmpDirs, PROCESS_LIMITS, ROOT, tmpDir } from '../cli-util';

afterAll(cleanTmpDirs);

/** Every file of a folder with its bytes. */
const snapshot = (dir: string) => new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));

describe("the cdk8s CLI, run on this repository's cdk8s.yaml", () => {
  // a copy of the project's cdk8s.yaml and committed tree: were the guard to fail, cdk8s would delete the copy, not gitops/
  const project = tmpDir('paved-cdk8s-');
  fs.copyFileSync(path.join(ROOT, 'cdk8s.yaml'), path.join(project, 'cdk8s.yaml'));
  fs.cpSync(path.join(ROOT, 'gitops'), path.join(project, 'gitops'), { recursive: true });
  const cdk8s = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), ...args, '--no-check-upgrade'], { cwd: project, encoding: 'utf8', ...PROCESS_LIMITS });

  test.each([[['synth']], [['synth', '--stdout']]])('cdk8s %j refuses, names npm run synth, and leaves every file of gitops/ as it was', (args) => {
    const before = snapshot(path.join(project, 'gitops'));
    expect(before.size).toBeGreaterThan(200);
    const r = cdk8s(args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('cdk8s synth does not write the paved GitOps tree. Run npm run synth instead');
    expect(snapshot(path.join(project, 'gitops'))).toEqual(before);
  });
});
