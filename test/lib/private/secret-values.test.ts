import { PavedValidationError, formatProblem } from '../../../lib/private/problems';
import { secretAdvice, secretsInObject, secretsInTree } from '../../../lib/private/secret-values';
import { AWS_KEY_ID, GITHUB_TOKEN, PASSWORD, base64, expectNoEcho, hex } from './secret-samples';

describe('the secrets in an object, by field', () => {
  test('any field that holds one, plain or encoded, in maps and lists', () => {
    const found = secretsInObject({
      metadata: { name: 'web', annotations: { 'example.com/dsn': `postgres://app:${PASSWORD}@db/orders`, 'example.com/owner': 'payments' } },
      spec: { args: ['--verbose', `--token=${base64(GITHUB_TOKEN)}`], nested: [{ deep: [{ value: hex(AWS_KEY_ID) }] }] },
    });
    expect(found).toEqual([
      { field: 'metadata.annotations.example.com/dsn', length: `postgres://app:${PASSWORD}@db/orders`.length, secret: `a password in a postgres:// URL (${PASSWORD.length} characters)` },
      { field: 'spec.args[1]', length: 8 + base64(GITHUB_TOKEN).length, secret: 'a GitHub token (40 characters, encoded as base64)' },
      { field: 'spec.nested[0].deep[0].value', length: 40, secret: 'an AWS access key id (20 characters, encoded as hex)' },
    ]);
  });

  test('a field named like a password, with a value that is no placeholder', () => {
    expect(secretsInObject({ spec: { parameters: { masterPassword: PASSWORD, adminPassword: '$(ADMIN_PASSWORD)', requirePassword: 'true' } } })).toEqual([
      { field: 'spec.parameters.masterPassword', length: PASSWORD.length, secret: `a password in a setting (${PASSWORD.length} characters)` },
    ]);
  });

  test('a key that is itself a secret is never repeated in the field', () => {
    const found = secretsInObject({ data: { [GITHUB_TOKEN]: 'x' } });
    expect(found).toEqual([{ field: 'data.<a key that holds a secret>', length: 40, secret: 'a GitHub token (40 characters)' }]);
  });

  test('plain environment variables: by what the value holds, or else by the name', () => {
    const found = secretsInObject({
      containers: [
        {
          env: [
            { name: 'LOG_LEVEL', value: 'info' },
            { name: 'DB_PASSWORD', value: 'hunter2' },
            { name: 'DATABASE_URL', value: `mysql://root:${PASSWORD}@mysql/app` },
            { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'web-secrets', key: 'token' } } },
            { name: 'DB_PASSWORD_REF', value: '$(DB_PASSWORD)' },
          ],
        },
      ],
    });
    expect(found).toEqual([
      { field: 'containers[0].env[1].value', length: 7, reason: 'its name says it holds a secret', variable: 'DB_PASSWORD' },
      { field: 'containers[0].env[2].value', length: `mysql://root:${PASSWORD}@mysql/app`.length, secret: `a password in a mysql:// URL (${PASSWORD.length} characters)`, variable: 'DATABASE_URL' },
    ]);
  });

  test('the same object is scanned once: the synth and the validator see the same findings', () => {
    const object = { data: { url: `redis://:${PASSWORD}@cache:6379` } };
    expect(secretsInObject(object)).toBe(secretsInObject(object));
  });
});

describe('the secrets in a tree about to be written', () => {
  const files = new Map<string, string | Buffer>([
    ['prod/teams/payments/apps/web/configmap-settings.yaml', 'data:\n  url: see the object\n'],
    ['CATALOG.md', `# Catalog\n\n- web\n- token ${base64(GITHUB_TOKEN)}\n`],
    ['charts/x/files/blob.bin', Buffer.from(GITHUB_TOKEN)],
    ['org.json', '{"name": "acme"}\n'],
  ]);
  const leaks = secretsInTree(files, 'gitops', (file) =>
    file.endsWith('.yaml') ? { construct: 'prod/payments/Settings', object: { data: { url: `amqp://app:${PASSWORD}@mq:5672` } }, secretPrefix: 'teams/payments/' } : undefined,
  );

  test("a file whose object is known: by the construct and the field, with the team's prefix", () => {
    expect(leaks.get('prod/teams/payments/apps/web/configmap-settings.yaml')?.map(formatProblem)).toEqual([
      `prod/payments/Settings: data.url = "<redacted: ${`amqp://app:${PASSWORD}@mq:5672`.length} characters>" is not allowed: a value that is not a secret (it holds a password in an amqp:// URL (${PASSWORD.length} characters)): ${secretAdvice('teams/payments/')}`,
    ]);
  });

  test('any other file: by the file and the line', () => {
    expect(leaks.get('CATALOG.md')?.map(formatProblem)).toEqual([
      `gitops/CATALOG.md:4: content = "<redacted>" is not allowed: a value that is not a secret (it holds a GitHub token (40 characters, encoded as base64)): ${secretAdvice()}`,
    ]);
  });

  test('binary files are not read, and files without a secret are not named', () => {
    expect([...leaks.keys()]).toEqual(['prod/teams/payments/apps/web/configmap-settings.yaml', 'CATALOG.md']);
    expectNoEcho(new PavedValidationError([...leaks.values()].flat()).message, PASSWORD, GITHUB_TOKEN);
  });

  test('what is allowed names AWS Secrets Manager, the team prefix and `secrets`', () => {
    expect(secretAdvice('teams/search/')).toBe(
      'keep the value in AWS Secrets Manager under the team\'s prefix "teams/search/" and list its key in the app\'s `secrets` (it reaches the app as an environment variable)',
    );
  });
});
