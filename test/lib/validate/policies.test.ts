import { validateObjects } from '../../../lib';
import { secretAdvice } from '../../../lib/private/secret-values';
import { checkSecretValues } from '../../../lib/validate/policies';
import { cleanTmpDirs, pavedInProcess, tmpDir, writeFiles } from '../../cli-util';
import { AWS_KEY_ID, GITHUB_TOKEN, JWT, PASSWORD, base64, base64url, expectNoEcho, hex, percentAll } from '../private/secret-samples';

afterAll(cleanTmpDirs);

const NEVER = `a secret value never goes into Git: ${secretAdvice()}`;
const DATABASE_URL = `postgresql://orders:${PASSWORD}@db.payments.internal/orders`;

/** A KubeVela Application with these plain environment variables and annotations. */
const application = (env: Record<string, string>, annotations: Record<string, string> = {}) => ({
  apiVersion: 'core.oam.dev/v1beta1',
  kind: 'Application',
  metadata: { name: 'web', namespace: 'payments', annotations },
  spec: { components: [{ name: 'web', type: 'webservice', properties: { image: 'web:1', env: Object.entries(env).map(([name, value]) => ({ name, value })) } }] },
});

describe('checkSecretValues: no secret value in any object, plain or encoded', () => {
  test('plain environment variables: what the value holds, or what the name says', () => {
    const problems = checkSecretValues(application({ LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2', SESSION: JWT, DATABASE_URL, BLOB: base64url(`k=${GITHUB_TOKEN}`) }));
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      `spec.components[0].properties.env[1].value: environment variable DB_PASSWORD is written in plain text, and its name says it holds a secret: ${NEVER}`,
      `spec.components[0].properties.env[2].value: environment variable SESSION is written in plain text, and holds a JSON Web Token (${JWT.length} characters): ${NEVER}`,
      `spec.components[0].properties.env[3].value: environment variable DATABASE_URL is written in plain text, and holds a password in a postgresql:// URL (${PASSWORD.length} characters): ${NEVER}`,
      `spec.components[0].properties.env[4].value: environment variable BLOB is written in plain text, and holds a GitHub token (40 characters, encoded as base64): ${NEVER}`,
    ]);
    expectNoEcho(problems.map((p) => p.message).join('\n'), 'hunter2', JWT, DATABASE_URL, PASSWORD, GITHUB_TOKEN);
  });

  test.each([
    ['an annotation', application({}, { 'example.com/key': hex(AWS_KEY_ID) }), 'metadata.annotations.example.com/key', 'an AWS access key id (20 characters, encoded as hex)'],
    [
      "a ConfigMap's data",
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'payments' }, data: { 'db.properties': `db.url=jdbc:mysql://db/app?user=app&password=${PASSWORD}\n` } },
      'data.db.properties',
      `a password in a connection string or setting (${PASSWORD.length} characters)`,
    ],
    [
      "a claim's parameter",
      {
        apiVersion: 'db.example.com/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: 'orders', namespace: 'payments' },
        spec: { parameters: { storageGB: 20, restoreFrom: percentAll(DATABASE_URL) } },
      },
      'spec.parameters.restoreFrom',
      `a password in a postgresql:// URL (${PASSWORD.length} characters, encoded as percent-encoding)`,
    ],
    [
      'a container argument of a Deployment',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'payments' },
        spec: { template: { spec: { containers: [{ name: 'web', args: [`--redis=redis://:${PASSWORD}@cache:6379`] }] } } },
      },
      'spec.template.spec.containers[0].args[0]',
      `a password in a redis:// URL (${PASSWORD.length} characters)`,
    ],
    [
      "a Backstage entity's link",
      { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'web', links: [{ url: `https://ci:${PASSWORD}@ci.example.com/job/web` }] }, spec: {} },
      'metadata.links[0].url',
      `a password in a https:// URL (${PASSWORD.length} characters)`,
    ],
  ])('%s', (_, object, field, what) => {
    const problems = checkSecretValues(object);
    expect(problems).toEqual([{ field, message: `holds ${what}: ${NEVER}` }]);
    expectNoEcho(problems[0].message, PASSWORD, AWS_KEY_ID, DATABASE_URL);
  });

  test("a Secret's data is left to the Secret policy (it must not be in Git at all)", () => {
    expect(checkSecretValues({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, stringData: { url: DATABASE_URL } })).toEqual([]);
  });

  test('what paved writes passes: references to secrets, templates, digests, ARNs, certificates', () => {
    const objects = [
      application({ DATABASE_URL: 'postgresql://orders:$(DB_PASSWORD)@db.payments.internal/orders', IMAGE: `web@sha256:${'0123456789abcdef'.repeat(4)}` }),
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'repo', namespace: 'argocd' },
        spec: {
          target: { template: { data: { url: 'https://github.com/acme/platform.git', username: '{{ .username }}', password: '{{ .password }}' } } },
          data: [{ secretKey: 'password', remoteRef: { key: 'platform/gitops-repository', property: 'password' } }],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'eso', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/test-prod-eso-payments' } },
        automountServiceAccountToken: false,
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ca', namespace: 'payments' },
        data: { 'ca.crt': `-----BEGIN CERTIFICATE-----\n${base64('x'.repeat(600)).replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`, checksum: hex('a'.repeat(32)) },
      },
    ];
    expect(objects.flatMap((o) => checkSecretValues(o))).toEqual([]);
  });
});

describe('paved validate refuses a secret in any file of a tree or a proposal', () => {
  test('validateObjects reports it as a policy finding on the file and the field', () => {
    const report = validateObjects([{ file: 'prod/teams/payments/apps/web/application-web.yaml', object: application({ DATABASE_URL }) }]);
    const policy = report.findings.filter((f) => f.rule === 'policy' && f.field.endsWith('.env[0].value'));
    expect(policy.map((f) => `${f.file}: ${f.object}: ${f.field}`)).toEqual([
      'prod/teams/payments/apps/web/application-web.yaml: Application payments/web: spec.components[0].properties.env[0].value',
    ]);
  });

  test('a Backstage entity (a catalog-info.yaml a team proposes) is held to the same rule', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'web', namespace: 'default', annotations: { 'example.com/ci': `https://ci:${PASSWORD}@ci.example.com/job/web` } },
      spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
    };
    const report = validateObjects([{ file: 'catalog/teams/payments/apps/web/component-web.yaml', object: entity }]);
    expect(report.findings.filter((f) => f.rule === 'policy').map((f) => `${f.file}: ${f.object}: ${f.field}: ${f.message}`)).toEqual([
      `catalog/teams/payments/apps/web/component-web.yaml: Component default/web: metadata.annotations.example.com/ci: holds a password in a https:// URL (${PASSWORD.length} characters): ${NEVER}`,
    ]);
  });

  test('on a proposed folder: exit 1, naming the file and field, never the value; the same folder without it passes', async () => {
    const dir = tmpDir('paved-validate-secrets-');
    const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: payments\ndata:\n${data}`;
    writeFiles(dir, { 'proposal/web/configmap-settings.yaml': configMap('  LOG_LEVEL: info\n') });
    const clean = await pavedInProcess(['validate', 'proposal', '--namespace', 'payments'], dir);
    expect(clean.stdout).toContain('0 error(s)');
    expect(clean.code).toBe(0);

    writeFiles(dir, {
      'proposal/web/configmap-settings.yaml': configMap(`  LOG_LEVEL: info\n  DATABASE_URL: ${DATABASE_URL}\n  BUILD: ${base64(base64(GITHUB_TOKEN))}\n`),
    });
    const r = await pavedInProcess(['validate', 'proposal', '--namespace', 'payments'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `error [policy] web/configmap-settings.yaml: ConfigMap payments/settings: data.DATABASE_URL: holds a password in a postgresql:// URL (${PASSWORD.length} characters): ${NEVER}`,
    );
    expect(r.stdout).toContain(`error [policy] web/configmap-settings.yaml: ConfigMap payments/settings: data.BUILD: holds a GitHub token (40 characters, encoded as base64 of base64): ${NEVER}`);
    expectNoEcho(r.stdout + r.stderr, DATABASE_URL, PASSWORD, GITHUB_TOKEN, base64(GITHUB_TOKEN));
  });
});
