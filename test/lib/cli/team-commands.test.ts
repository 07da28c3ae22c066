import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
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

  describe("a team's proposal is priced and counted with the org the platform publishes", () => {
    const MOBILE = 'prod/teams/mobile/apps/mobile-bff';
    const DB = `${MOBILE}/postgresqlinstance-mobile-bff-db.yaml`;
    const database = (annotations: Record<string, string>) =>
      stringify({
        apiVersion: 'db.example.com/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: 'mobile-bff-db', namespace: 'mobile', annotations },
        spec: { parameters: { size: 'large', storageGB: 1000 }, writeConnectionSecretToRef: { name: 'mobile-bff-db-conn' } },
      });
    /** A team repository: its out/ as the platform's tree holds it, and the org it reads (a copy of gitops/org.json). */
    function teamRepository(files: Record<string, string>): string {
      const dir = tmpDir();
      fs.cpSync(path.join(ROOT, 'gitops', 'prod', 'teams', 'mobile', 'apps'), path.join(dir, 'out', 'prod', 'teams', 'mobile', 'apps'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'platform'));
      fs.copyFileSync(path.join(ROOT, 'gitops', 'org.json'), path.join(dir, 'platform', 'org.json'));
      writeFiles(dir, { 'package.json': JSON.stringify({ name: 'mobile-apps', paved: { out: 'out', org: 'platform/org.json' } }), ...files });
      return dir;
    }

    test('paved validate: a production database declared free is refused, its annotation and the budget naming the file, the value and what is allowed (exit 1)', async () => {
      const dir = teamRepository({ [`out/${DB}`]: database({ 'paved.dev/monthly-cost-usd': '0.00' }) });
      const r = await pavedInProcess(['validate', 'out'], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        `error [tenant] ${DB}: PostgreSQLInstance mobile/mobile-bff-db: metadata.annotations.paved.dev/monthly-cost-usd: "0.00" is not allowed: the claim's price from its parameters, "525.56" (USD a month: db.m7g.large, Multi-AZ, 1000 GB)`,
      );
      expect(r.stdout).toContain(
        `error [tenant] platform/org.json: Team mobile: monthlyBudgetUsd: 400 is not allowed: at least the estimated monthly cost of what team mobile asks for across its environments, 525.56 USD (prod 525.56; costliest: prod mobile/mobile-bff-db (PostgreSQLInstance, ${DB}) 525.56), or fewer or smaller resources`,
      );
      // the apps as the platform's tree holds them keep to the team's budget and quotas
      expect((await pavedInProcess(['validate', 'out'], teamRepository({}))).stdout).not.toContain('[tenant]');
    });

    test('paved validate: an Application whose replicas take the team over its pods quota is refused, naming the file', async () => {
      const file = `out/${MOBILE}/application-mobile-bff.yaml`;
      const dir = teamRepository({});
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(text).toContain('replicas: 2');
      fs.writeFileSync(path.join(dir, file), text.replace('replicas: 2', 'replicas: 60'));
      const r = await pavedInProcess(['validate', 'out'], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /error \[tenant\] platform\/org\.json: Team mobile: quotas\.prod\.pods: 50 is not allowed: at least what the apps in namespace mobile ask for, 6\d \(mobile-bff \(prod\/teams\/mobile\/apps\/mobile-bff\/application-mobile-bff\.yaml\) 6\d, push-worker \(prod\/teams\/mobile\/apps\/push-worker\/application-push-worker\.yaml\) 2\)/,
      );
    });

    test("paved diff: an image given up for a tag in production is reviewed, with what the org's policy allows; a missing org file is an error", async () => {
      const file = `out/${MOBILE}/application-mobile-bff.yaml`;
      const dir = teamRepository({});
      const base = path.join(dir, 'base');
      fs.cpSync(path.join(ROOT, 'gitops'), base, { recursive: true });
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const image = /image: (registry\.example\.com\/mobile\/bff:[^@\s]+@sha256:[0-9a-f]{64})/.exec(text)?.[1] ?? '';
      expect(image).not.toBe('');
      fs.writeFileSync(path.join(dir, file), text.replaceAll(image, 'registry.example.com/mobile/bff:3.2.1'));
      const r = await pavedInProcess(['diff', '--base-dir', 'base'], dir);
      expect(r.code).toBe(1);
      const at = `"${image}" → "registry.example.com/mobile/bff:3.2.1" at spec.components[name=mobile-bff].properties.image`;
      expect(r.stdout).toContain(`! [prod] Application mobile/mobile-bff: image no longer pinned by digest: ${at}: a tag can be moved to other content, a digest cannot`);
      expect(r.stdout).toContain(
        `! [prod] Application mobile/mobile-bff: image the environment's policy refuses: ${at}: an image from registry.example.com/ pinned by digest (name@sha256:<64 hex digits>) (environment prod)`,
      );
      const missing = await pavedInProcess(['diff', '--base-dir', 'base', '--org', 'nope/org.json'], dir);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('org = "nope/org.json" is not allowed: an org file that exists');
    });
  });
});
