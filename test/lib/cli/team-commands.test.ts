import * as fs from 'fs';
import * as path from 'path';
import { ROOT, cleanTmpDirs, paved, pavedInProcess, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

describe('commands a team repository relies on', () => {
  test("paved --version prints the package's version", () => {
    const r = paved(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  test("paved validate --org with a missing file fails clearly (exit 1), and a package's missing paved.org too", async () => {
    const dir = tmpDir();
    writeFiles(dir, { 'out/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n' });
    const r = await pavedInProcess(['validate', 'out', '--org', 'gitops-checkout/gitops/org.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('paved: org = "gitops-checkout/gitops/org.json" is not allowed: an org file that exists: the org the platform publishes as gitops/org.json');
    writeFiles(dir, { 'package.json': JSON.stringify({ name: 't', paved: { org: 'nope/org.json' } }) });
    const fromPackage = await pavedInProcess(['validate', 'out'], dir);
    expect(fromPackage.code).toBe(1);
    expect(fromPackage.stderr).toContain('org = "nope/org.json" is not allowed');
  });

  test("paved validate --org checks a team's tree as that org's: the team's apps folder holds only its kinds", async () => {
    const dir = tmpDir();
    writeFiles(dir, {
      'out/prod/teams/mobile/apps/x/role-x.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: x\n  namespace: mobile\nrules: []\n',
    });
    const r = await pavedInProcess(['validate', 'out', '--org', path.join(ROOT, 'gitops', 'org.json')], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error [tenant] prod/teams/mobile/apps/x/role-x.yaml: Role mobile/x: kind: Role (rbac.authorization.k8s.io) is not allowed in prod/teams/mobile/apps/');
  });

  test('paved validate out reads a proposal as its Application will read it: an alias bomb, a link and a .json file are errors naming the file (exit 1), within a time budget', async () => {
    const dir = tmpDir();
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: mobile}\ndata:\n  l0: &l0 "lol"\n';
    for (let i = 1; i <= 9; i++)
      bomb += `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]\n`;
    writeFiles(dir, {
      'out/prod/teams/mobile/apps/x/bomb.yaml': bomb,
      'out/prod/teams/mobile/apps/x/extra.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j","namespace":"payments"}}',
    });
    fs.symlinkSync('/etc/hostname', path.join(dir, 'out/prod/teams/mobile/apps/x/link.yaml'));
    const started = process.hrtime.bigint();
    const r = await pavedInProcess(['validate', 'out', '--org', path.join(ROOT, 'gitops', 'org.json')], dir);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error [read] prod/teams/mobile/apps/x/bomb.yaml: document 1: holds more than 64 YAML aliases (81 so far in the file)');
    expect(r.stdout).toContain("error [read] prod/teams/mobile/apps/x/extra.json: file: no Argo CD Application applies it: team mobile's apps folder holds only what its Application applies");
    expect(r.stdout).toContain("error [read] prod/teams/mobile/apps/x/link.yaml: link to /etc/hostname: team mobile's apps folder holds no links");
  }, 60_000);
});
