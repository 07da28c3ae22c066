import { withPreviews } from '../../lib/validate/preview-render';
import * as fs from 'fs';
import { exampleReleases } from '../util';
import * as path from 'path';
import { parse } from 'yaml';
import { buildGitOps, formatReport, loadManifests, validateDirectory } from '../../lib';
import { definition } from '../../platform/k8s';
import { ROOT, paved } from '../cli-util';

const { org } = definition;
/** The apps that teams with their own repository proposed into the committed tree. */
function proposedApps() {
  const external = definition.org.teams.filter((t) => t.appsRepository).map((t) => t.name);
  return loadManifests(path.join(__dirname, '..', '..', 'gitops')).objects.filter((m) => external.includes(m.file.split('/')[2]) && m.file.split('/')[3] === 'apps');
}

// built as `paved synth` builds it: with the apps teams propose from their own repositories
const build = buildGitOps({ ...definition, releases: exampleReleases(), existing: proposedApps() });
// the previews' folders as the sample pull request (number 1) makes them, in its namespaces
const objects = withPreviews(
  [...build.files].filter(([file]) => file.endsWith('.yaml') && !file.startsWith('charts/')).map(([file, content]) => ({ file, object: parse(content) as Record<string, any> })),
  [],
).objects as { file: string; object: Record<string, any> }[];
const find = (env: string, kind: string, namespace: string, name: string) =>
  objects.find((o) => o.file.startsWith(`${env}/`) && o.object.kind === kind && o.object.metadata.namespace === namespace && o.object.metadata.name === name)?.object;

describe('the example organisation', () => {
  test('synthesizes without problems, and the validator finds nothing in the result', () => {
    expect(build.errors).toEqual([]);
    expect(build.validation?.uncheckedByKind).toEqual({});
    // every kind and every composed base has its release's schema: not one warning
    expect(build.validation?.findings).toEqual([]);
  });

  test('has two environments, at least two teams and at least three apps, my-app among them', () => {
    expect(org.environments.map((e) => e.name)).toEqual(['staging', 'prod']);
    expect(org.teams.length).toBeGreaterThanOrEqual(2);
    const appNames = objects.filter((o) => o.object.kind === 'Application' && o.object.apiVersion === 'core.oam.dev/v1beta1' && o.file.startsWith('prod/')).map((o) => o.object.metadata.name);
    expect(appNames.length).toBeGreaterThanOrEqual(3);
    expect(appNames).toContain('my-app');
  });

  test.each(['staging', 'prod'])("in %s every app has its KubeVela Application, its ExternalSecret and its team's SecretStore", (env) => {
    const applications = objects.filter((o) => o.file.startsWith(`${env}/`) && o.object.kind === 'Application' && o.object.apiVersion === 'core.oam.dev/v1beta1');
    for (const { object: app } of applications) {
      const ns = app.metadata.namespace;
      const es = find(env, 'ExternalSecret', ns, `${app.metadata.name}-secrets`);
      const usesSecrets = (app.spec.components[0].properties.env ?? []).some((e: { valueFrom?: unknown }) => e.valueFrom);
      if (usesSecrets) expect(es?.spec.secretStoreRef).toEqual({ name: 'aws-secretsmanager', kind: 'SecretStore' });
      expect(find(env, 'SecretStore', ns, 'aws-secretsmanager')).toBeDefined();
      expect(objects.some((o) => o.file.startsWith(`${env}/`) && o.object.kind === 'Namespace' && o.object.metadata.name === ns)).toBe(true);
    }
  });

  test('my-app is the webservice with a gateway the platform started from, and its secrets come through External Secrets v1', () => {
    const app = find('prod', 'Application', 'payments', 'my-app');
    const component = app?.spec.components[0];
    expect(component).toMatchObject({
      name: 'my-app',
      type: 'webservice',
      properties: { image: expect.stringMatching(/^registry\.example\.com\/payments\/my-app:1\.0\.0@sha256:[0-9a-f]{64}$/), ports: [{ port: 8080 }] },
    });
    expect(component.traits.find((t: { type: string }) => t.type === 'gateway').properties).toMatchObject({ domain: 'my-app.payments.example.com', http: { '/': 8080 } });
    const es = find('prod', 'ExternalSecret', 'payments', 'my-app-secrets');
    expect(es?.apiVersion).toBe('external-secrets.io/v1');
    expect(es?.spec.data).toEqual([
      { secretKey: 'my_name', remoteRef: { key: 'teams/payments/friendslist', property: 'name.first' } },
      { secretKey: 'tags', remoteRef: { key: 'teams/payments/database-credentials', metadataPolicy: 'Fetch' } },
      { secretKey: 'developer', remoteRef: { key: 'teams/payments/database-credentials', property: 'dev', metadataPolicy: 'Fetch' } },
    ]);
    // the staging route differs, inside the same zone
    expect(find('staging', 'Application', 'payments', 'my-app')?.spec.components[0].traits.find((t: { type: string }) => t.type === 'gateway').properties.domain).toBe(
      'my-app.staging.payments.example.com',
    );
  });

  test('no object in the tree carries a secret value', () => {
    expect(objects.filter((o) => o.object.kind === 'Secret')).toEqual([]);
  });

  test('the committed gitops/ tree is what synthesis produces (run `npm run synth` after a change)', () => {
    const dir = path.join(__dirname, '..', '..', 'gitops');
    const committed: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : committed.push(path.relative(dir, path.join(d, e.name)))));
    walk(dir);
    // teams with their own apps repository propose their apps/ folders; the platform keeps them
    const external = org.teams.filter((t) => t.appsRepository).map((t) => t.name);
    const proposed = committed.filter((f) => external.some((t) => f.split('/').slice(1, 4).join('/') === `teams/${t}/apps`));
    expect(proposed.length).toBeGreaterThan(0);
    expect(committed.filter((f) => !proposed.includes(f)).sort()).toEqual([...build.files.keys()].sort());
    for (const [file, content] of build.files) expect(fs.readFileSync(path.join(dir, file), 'utf8')).toBe(content);
  });

  test('paved check finds the committed tree up to date on any day, in any locale and time zone', () => {
    // a locale that sorts "aa" after "z", and a zone 14 hours ahead of UTC (no day reaches the committed tree)
    const r = paved(['check', '--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js')], ROOT, {
      LANG: 'da_DK.UTF-8',
      LC_ALL: 'da_DK.UTF-8',
      TZ: 'Pacific/Kiritimati',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^paved check: gitops is up to date \(\d+ files\)$/m);
    expect(r.code).toBe(0);
  });

  test('the committed tree passes the validator read from disk, one cluster per environment folder', () => {
    const report = validateDirectory(path.join(__dirname, '..', '..', 'gitops'), { clusterPerTopLevelFolder: true });
    expect(formatReport(report)).toMatch(/0 error\(s\), 0 warning\(s\)$/);
    expect(report.objects).toBeGreaterThan([...build.files.keys()].filter((f) => f.endsWith('.yaml') && !f.startsWith('charts/')).length);
  });
});
