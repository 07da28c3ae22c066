import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { AppConstruct, type AppDefinition, Org, type PlatformEnvironment, synthGitOps, validateObjects } from '../../../lib';
import { plainEnvProblem, scanText } from '../../../lib/private/secret-values';
import { ORG_PROPS, errorOf, minimalPlatform, teamScopes } from '../../util';

// built at run time so that this file itself holds no secret-shaped value
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const PRIVATE_KEY = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----'].join(' ');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const snapshot = (d: string): Record<string, string> =>
  Object.fromEntries(
    fs
      .readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        return [path.relative(d, full), fs.readFileSync(full, 'utf8')];
      }),
  );

describe('what a secret looks like', () => {
  test.each([
    ['DB_PASSWORD', 'hunter2', 'its name says it holds a secret'],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'its value looks like a generated credential (a long random token)'],
    ['AWS_ACCESS_KEY_ID', AWS_KEY_ID, 'its value is an AWS access key id'],
    ['SESSION', JWT, 'its value is a JSON Web Token'],
    ['TLS', PRIVATE_KEY, 'its value is a private key'],
    ['STRIPE_API_KEY', 'x', 'its name says it holds a secret'],
  ])('%s is refused: %s', (name, value, why) => {
    expect(plainEnvProblem(name, value)).toBe(why);
  });

  test.each([
    ['LOG_LEVEL', 'debug'],
    ['PUBLIC_URL', 'https://checkout.payments.example.com/a/b/c'],
    ['IMAGE_DIGEST', 'sha256:' + 'a'.repeat(64)],
    ['TOKEN_TTL_SECONDS', ''],
    ['FEATURE_FLAGS', 'new-checkout,fast-search,beta-ui'],
  ])('%s=%s is a plain value', (name, value) => {
    // a name that mentions a secret only matters with a value; a value only when it looks like one
    expect(plainEnvProblem(name, value)).toBeUndefined();
  });

  test('finds a secret on its line in any text', () => {
    expect(scanText(`a: 1\nkey: ${AWS_KEY_ID}\n`)).toEqual([{ line: 2, kind: 'an AWS access key id' }]);
  });
});

describe('no secret value reaches Git', () => {
  test('an app with a plain secret is refused, naming the variable but never its value, and told to use secrets', () => {
    const { scope } = teamScopes();
    const message = errorOf(
      () =>
        new AppConstruct(scope('payments'), 'web', {
          team: scope('payments').team,
          image: 'web:1.0',
          port: 8080,
          env: { LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2', AWS_ACCESS_KEY_ID: AWS_KEY_ID },
        }),
    );
    expect(message).toContain(
      'staging/payments/web: env.DB_PASSWORD = "<redacted: 7 characters>" is not allowed: a value that is not a secret (its name says it holds a secret): keep secrets in AWS Secrets Manager and list them in `secrets`',
    );
    expect(message).toContain('env.AWS_ACCESS_KEY_ID = "<redacted: 20 characters>" is not allowed: a value that is not a secret (its value is an AWS access key id)');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(AWS_KEY_ID);
    expect(message).not.toContain('LOG_LEVEL');
  });

  test('a platform construct that writes a secret is refused by the scan of the whole output, and the tree stays byte-identical', () => {
    const out = path.join(dir, 'gitops');
    const good: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 });
    expect(synthGitOps({ org: new Org(ORG_PROPS), apps: [{ team: 'payments', apps: [good] }], platform: minimalPlatform, outDir: out }).written).toBe(true);
    const before = snapshot(out);
    const leaky = (env: PlatformEnvironment) => {
      minimalPlatform(env);
      new KubeConfigMap(env, 'Leak', { metadata: { name: 'settings', namespace: 'kube-system' }, data: { 'config.ini': `[aws]\nid = ${AWS_KEY_ID}\n` } });
    };
    const result = synthGitOps({ org: new Org(ORG_PROPS), apps: [{ team: 'payments', apps: [good] }], platform: leaky, outDir: out });
    expect(result.written).toBe(false);
    const leaks = result.errors.filter((e) => e.includes('AWS access key id'));
    expect(leaks.length).toBeGreaterThan(0);
    expect(result.errors.join('\n')).not.toContain(AWS_KEY_ID);
    expect(snapshot(out)).toEqual(before);
  });

  test('paved validate finds secret values in a tree written by hand or by another tool', () => {
    const report = validateObjects([
      {
        file: 'app.yaml',
        object: {
          apiVersion: 'core.oam.dev/v1beta1',
          kind: 'Application',
          metadata: { name: 'web', namespace: 'payments' },
          spec: {
            components: [
              {
                name: 'web',
                type: 'webservice',
                properties: {
                  image: 'web:1',
                  env: [
                    { name: 'DB_PASSWORD', value: 'hunter2' },
                    { name: 'SESSION', value: JWT },
                  ],
                },
              },
            ],
          },
        },
      },
    ]);
    const policy = report.findings.filter((f) => f.rule === 'policy').map((f) => `${f.field}: ${f.message}`);
    expect(policy).toContain(
      'spec.components[0].properties.env[0].value: environment variable DB_PASSWORD is written in plain text, and its name says it holds a secret: keep secrets in AWS Secrets Manager and reference them (an app lists them in `secrets`)',
    );
    expect(policy).toContain(
      'spec.components[0].properties.env[1].value: holds a JSON Web Token: secret values never go into Git; keep it in AWS Secrets Manager and reference it (an app lists it in `secrets`)',
    );
  });
});
