import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DecodeBudget } from '../../../lib/private/secret-encodings';
import { MAX_DEPTH, type SecretHit, describeSecret, scanText, scanValue } from '../../../lib/private/secret-scan';
import {
  AWS_KEY_ID,
  GITHUB_TOKEN,
  GITLAB_TOKEN,
  GOOGLE_KEY,
  JWT,
  NPM_TOKEN,
  PASSWORD,
  PRIVATE_KEY,
  RANDOM_SECRET,
  SLACK_TOKEN,
  STRIPE_KEY,
  base64,
  base64url,
  expectNoEcho,
  hex,
  percentAll,
} from './secret-samples';

const ROOT = path.join(__dirname, '..', '..', '..');
const kinds = (hits: readonly SecretHit[]) => hits.map((h) => `${h.kind} (${h.length})${h.encodings.length ? ` [${h.encodings.join(' of ')}]` : ''}`);

describe('a secret in plain text is found by what it is, with its length', () => {
  test.each([
    ['a GitHub token', GITHUB_TOKEN, 'a GitHub token (40)'],
    ['an AWS access key id', `aws_access_key_id = ${AWS_KEY_ID}`, 'an AWS access key id (20)'],
    ['a JSON Web Token', `session=${JWT}`, `a JSON Web Token (${JWT.length})`],
    ['a private key, to its END line', `tls.key: |\n  ${PRIVATE_KEY}\n`, `a private key (${PRIVATE_KEY.length})`],
    ['a Stripe key', STRIPE_KEY, `a Stripe secret key (${STRIPE_KEY.length})`],
    ['a Slack token', `token ${SLACK_TOKEN}`, `a Slack token (${SLACK_TOKEN.length})`],
    ['a Google API key', GOOGLE_KEY, 'a Google API key (39)'],
    ['a GitLab token', GITLAB_TOKEN, `a GitLab token (${GITLAB_TOKEN.length})`],
    ['an npm token', `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`, 'an npm token (40)'],
  ])('%s', (_, text, expected) => {
    expect(kinds(scanValue(text))).toContain(expected);
  });
});

describe('a password in a URL or a connection string is found, for every common form', () => {
  test.each([
    ['postgres', `postgres://app:${PASSWORD}@db.internal:5432/orders`, 'a password in a postgres:// URL'],
    ['postgresql with options', `postgresql://app:${PASSWORD}@db/orders?sslmode=require`, 'a password in a postgresql:// URL'],
    ['mysql', `mysql://root:${PASSWORD}@mysql:3306/app`, 'a password in a mysql:// URL'],
    ['mariadb', `mariadb://app:${PASSWORD}@maria/app`, 'a password in a mariadb:// URL'],
    ['mongodb+srv', `mongodb+srv://admin:${PASSWORD}@cluster0.abcde.mongodb.net/test?retryWrites=true`, 'a password in a mongodb+srv:// URL'],
    ['mongodb with several hosts', `mongodb://admin:${PASSWORD}@m1:27017,m2:27017/app?replicaSet=rs0`, 'a password in a mongodb:// URL'],
    ['redis without a user', `redis://:${PASSWORD}@redis:6379/0`, 'a password in a redis:// URL'],
    ['rediss', `rediss://default:${PASSWORD}@cache.example.com:6380`, 'a password in a rediss:// URL'],
    ['amqp', `amqp://guest:${PASSWORD}@rabbit:5672/`, 'a password in an amqp:// URL'],
    ['https with a token as the password', `https://x-access-token:${PASSWORD}@github.com/acme/app.git`, 'a password in a https:// URL'],
    ['a URL with a scheme of its own', `kv+tcp://svc:${PASSWORD}@kv:9000`, 'a password in a URL'],
    ['a password with an @ in it', `postgres://app:${PASSWORD}@x@db/orders`, 'a password in a postgres:// URL'],
    ['libpq key/value', `host=db port=5432 dbname=orders user=app password=${PASSWORD} sslmode=require`, 'a password in a connection string or setting'],
    ['libpq key/value, quoted', `host=db password='${PASSWORD} x' user=app`, 'a password in a connection string or setting'],
    ['ADO.NET', `Server=tcp:db.example.com,1433;Database=app;User ID=app;Password=${PASSWORD};Encrypt=true;`, 'a password in a connection string or setting'],
    ['ODBC with Pwd in braces', `Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd={${PASSWORD};x};`, 'a password in a connection string or setting'],
    ['JDBC postgresql query', `jdbc:postgresql://db:5432/app?user=app&password=${PASSWORD}&ssl=true`, 'a password in a connection string or setting'],
    ['JDBC sqlserver', `jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${PASSWORD};`, 'a password in a connection string or setting'],
    ['Oracle thin', `jdbc:oracle:thin:scott/${PASSWORD}@db:1521:orcl`, 'a password in an Oracle JDBC URL'],
    ['a properties file', `spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password=${PASSWORD}\n`, 'a password in a connection string or setting'],
    ['an env file', `LOG_LEVEL=info\nDB_PASSWORD=${PASSWORD}\n`, 'a password in a connection string or setting'],
    ['YAML', `database:\n  user: app\n  password: ${PASSWORD}\n`, 'a password in a setting'],
    ['JSON', `{"database":{"user":"app","password":"${PASSWORD}"}}`, 'a password in a setting'],
    ['a YAML flow mapping', `db: {user: app, passwd: ${PASSWORD}}`, 'a password in a setting'],
    ['a client secret that looks generated', `oauth:\n  client_secret: ${RANDOM_SECRET.replace(/\//g, 'x')}`, 'a credential in a setting named like one'],
    ['a bearer token', 'Authorization: Bearer 8f3a9c2e71b04d5f9e6a1c3b7d2e4f60', 'a bearer token'],
    ['a Basic header', `authorization: Basic ${base64(`admin:${PASSWORD}`)}`, 'a user and password in a Basic Authorization header'],
    ['a registry config', `{"auths":{"registry.example.com":{"auth":"${base64(`ci:${PASSWORD}`)}"}}}`, 'a registry password (a registry config\'s "auth")'],
  ])('%s', (_, text, kind) => {
    const hits = scanValue(text);
    expect(hits.map((h) => h.kind)).toContain(kind);
    for (const h of hits) expectNoEcho(describeSecret(h), PASSWORD);
  });

  test('a token used as the user of a URL is found; a plain user name is not', () => {
    expect(kinds(scanValue(`https://${hex('0123456789abcdefghij')}@github.com/acme/app.git`))).toEqual(['a token as the user of a https:// URL (40)']);
    expect(scanValue('https://deploy@github.com/acme/app.git')).toEqual([]);
  });

  test('the length found is the password alone', () => {
    expect(scanValue(`postgres://app:${PASSWORD}@db/orders`).map((h) => h.length)).toEqual([PASSWORD.length]);
    expect(scanValue(`host=db password=${PASSWORD}`).map((h) => h.length)).toEqual([PASSWORD.length]);
  });
});

describe('a secret under an encoding is found, whatever the alignment', () => {
  const url = `postgres://app:${PASSWORD}@db/orders`;
  test.each([
    ['base64, padded', base64(GITHUB_TOKEN), ['base64']],
    ['base64 without padding', base64(GITHUB_TOKEN).replace(/=+$/, ''), ['base64']],
    ['base64, URL-safe', base64url(`${GITHUB_TOKEN}??>>`), ['base64']],
    ['base64 of a blob that holds it at offset 0', base64(`tok=${GITHUB_TOKEN};rest of a config`), ['base64']],
    ['base64 of a blob that holds it at offset 1', base64(`t=${GITHUB_TOKEN};rest of a config`), ['base64']],
    ['base64 of a blob that holds it at offset 2', base64(`to=${GITHUB_TOKEN};rest of a config`), ['base64']],
    ['base64 of a JSON document', base64(JSON.stringify({ name: 'ci', registry: { token: GITHUB_TOKEN, insecure: false } })), ['base64']],
    ['base64 glued to one character', `x${base64(` ${GITHUB_TOKEN}`)}`, ['base64']],
    ['base64 glued to two characters', `xy${base64(` ${GITHUB_TOKEN}`)}`, ['base64']],
    ['base64 glued to three characters', `xyz${base64(` ${GITHUB_TOKEN}`)}`, ['base64']],
    ['base64 wrapped at 76 columns', base64(`config: ${'x'.repeat(50)} ${GITHUB_TOKEN} ${'y'.repeat(50)}`).replace(/(.{76})/g, '$1\n'), ['base64']],
    ['base64 in an indented YAML block', `data: |\n${base64(`a=1\nkey=${GITHUB_TOKEN}\n${'z'.repeat(60)}`).replace(/(.{20})/g, '    $1\n')}`, ['base64']],
    ['hex', hex(GITHUB_TOKEN), ['hex']],
    ['hex, upper case', hex(GITHUB_TOKEN).toUpperCase(), ['hex']],
    ['hex at an odd offset', `0${hex(` ${GITHUB_TOKEN}`)}`, ['hex']],
    ['percent-encoding of every byte', percentAll(GITHUB_TOKEN), ['percent-encoding']],
    ['base64 of hex', base64(hex(GITHUB_TOKEN)), ['base64', 'hex']],
    ['hex of base64', hex(base64(GITHUB_TOKEN)), ['hex', 'base64']],
    ['base64 of base64', base64(base64(GITHUB_TOKEN)), ['base64', 'base64']],
    ['percent-encoding of base64', percentAll(base64(GITHUB_TOKEN)), ['percent-encoding', 'base64']],
    ['base64 of base64 of hex (three deep)', base64(base64(hex(GITHUB_TOKEN))), ['base64', 'base64', 'hex']],
  ])('a GitHub token in %s', (_, text, encodings) => {
    const hits = scanValue(text).filter((h) => h.kind === 'a GitHub token');
    expect(hits.map((h) => [h.length, h.encodings])).toEqual([[40, encodings]]);
    expectNoEcho(describeSecret(hits[0]), GITHUB_TOKEN);
  });

  test.each([
    ['base64', base64(url), ['base64']],
    ['base64, URL-safe', base64url(`${url} `), ['base64']],
    ['percent-encoded (a URL in a query)', `https://proxy/?target=${encodeURIComponent(url)}`, ['percent-encoding']],
    ['base64 of the percent-encoded URL', base64(encodeURIComponent(url)), ['base64', 'percent-encoding']],
    ['hex', hex(url), ['hex']],
  ])('a password in a URL in %s', (_, text, encodings) => {
    expect(scanValue(text).map((h) => [h.kind, h.length, h.encodings])).toContainEqual(['a password in a postgres:// URL', PASSWORD.length, encodings]);
  });

  test.each([
    ['an AWS access key id', AWS_KEY_ID],
    ['a JSON Web Token', JWT],
    ['a private key', PRIVATE_KEY],
    ['a Slack token', SLACK_TOKEN],
    ['a password in a connection string or setting', `Server=db;Password=${PASSWORD};`],
  ])('%s in base64 and in hex', (kind, secret) => {
    expect(scanValue(base64(`k: ${secret}\n`)).map((h) => h.kind)).toContain(kind);
    expect(scanValue(hex(`k: ${secret}\n`)).map((h) => h.kind)).toContain(kind);
  });

  test(`encodings are followed ${MAX_DEPTH} deep and no deeper`, () => {
    let text = GITHUB_TOKEN;
    for (let i = 0; i < MAX_DEPTH; i++) text = base64(text);
    expect(scanValue(text).map((h) => h.encodings.length)).toEqual([MAX_DEPTH]);
    expect(scanValue(base64(text))).toEqual([]);
  });
});

describe('what paved legitimately writes passes', () => {
  const certificate = () => {
    const der = Buffer.from(Array.from({ length: 900 }, (_, i) => (i * 7919 + 13) % 256));
    const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  };
  test.each([
    ['a URL without a password', 'https://github.com/acme/platform.git'],
    ['a URL with a user only', 'ssh://git@github.com/acme/platform.git'],
    ['a database URL with a placeholder $(VAR)', 'postgres://app:$(DB_PASSWORD)@db/orders'],
    ['a database URL with a placeholder ${VAR}', 'postgres://app:${DB_PASSWORD}@db/orders'],
    ['a database URL with a template', 'postgres://{{ .username }}:{{ .password }}@db/orders'],
    ['a masked password', 'postgres://app:****@db/orders'],
    ['a libpq string without a password', 'host=db port=5432 dbname=orders user=app sslmode=require'],
    ['an ExternalSecret template', 'password: "{{ .password }}"'],
    ['a GitHub Actions expression', 'password: {% raw %}${{ secrets.GITHUB_TOKEN }}{% endraw %}'],
    ['a setting that is a flag', 'requirePassword: true\nusePassword: false\npasswordMinLength: 12'],
    ['a secretKeyRef', JSON.stringify({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-secrets', key: 'password' } } })],
    ['a Secret key name', 'secretKey: store-password\nproperty: password\nkey: teams/payments/orders/db'],
    ['an image by digest', `registry.example.com/payments/web@sha256:${'3b6f1ad0a5c0b7e4f9d2c8a1e5b7d3f0'.repeat(2)}`],
    ['a git commit', 'targetRevision: 9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
    ['a file of 2,000 checksums', Array.from({ length: 2000 }, (_, i) => `${createHash('sha256').update(String(i)).digest('hex')}  charts/app-${i}.tgz`).join('\n')],
    ['an integrity checksum', `integrity: sha512-${base64(Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256)).toString('latin1'))}`],
    ['a CA bundle', certificate() + certificate()],
    ['an ARN', 'eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/test-staging-eso-payments'],
    ['Kubernetes field names', 'terminationGracePeriodSeconds allowPrivilegeEscalation readOnlyRootFilesystem AssumeRoleWithWebIdentity'],
    ['long hyphenated names', 'aws-load-balancer-controller-staging-payments-orders-2024-ABC'],
    ['a working directory', 'PWD=/home/app'],
    ['prose about authentication', 'Basic authentication and Bearer tokens are configured by the platform'],
    ['a Terraform reference', 'password = "${random_password.orders.result}"'],
    ['a mail address', 'mailto:payments-oncall@example.com'],
  ])('%s', (_, text) => {
    expect(scanValue(text)).toEqual([]);
    expect(scanText(text)).toEqual([]);
  });

  test('the example org synthesizes with no finding: every file of gitops/ and cdktf.out/ as text', () => {
    const files: string[] = [];
    for (const tree of ['gitops', 'cdktf.out']) {
      for (const e of fs.readdirSync(path.join(ROOT, tree), { recursive: true, withFileTypes: true })) if (e.isFile()) files.push(path.join(e.parentPath, e.name));
    }
    expect(files.length).toBeGreaterThan(300);
    expect(files.flatMap((f) => scanText(fs.readFileSync(f, 'utf8')).map((s) => `${path.relative(ROOT, f)}:${s.line}: ${describeSecret(s)}`))).toEqual([]);
  });
});

describe('a file is scanned line by line', () => {
  test('each secret is named with its line, what it is and its length, never its value', () => {
    const text = ['# settings', `url: postgres://app:${PASSWORD}@db/orders`, 'replicas: 2', `# ${base64(GITHUB_TOKEN)}`, `key: |`, `  ${PRIVATE_KEY.replace(/\n/g, '\n  ')}`].join('\n');
    const found = scanText(text);
    expect(found.map((s) => `${s.line}: ${describeSecret(s)}`)).toEqual([
      `2: a password in a postgres:// URL (${PASSWORD.length} characters)`,
      '4: a GitHub token (40 characters, encoded as base64)',
      `6: a private key (${PRIVATE_KEY.replace(/\n/g, '\n  ').length} characters)`,
    ]);
    expectNoEcho(found.map(describeSecret).join('\n'), PASSWORD, GITHUB_TOKEN, PRIVATE_KEY);
  });
});

describe('a hostile text cannot make the scan slow or pass unread', () => {
  test('more encoded runs than a scan decodes: reported, not passed', () => {
    const runs = Array.from({ length: DecodeBudget.MAX_RUNS + 10 }, (_, i) => `k${i}: ${base64(`value number ${i} of many, padded out`)}`).join('\n');
    const found = scanText(runs);
    expect(found.map((s) => s.kind)).toEqual([expect.stringContaining('more encoded text than paved decodes')]);
    expect(scanValue(runs).map((s) => s.kind)).toEqual([expect.stringContaining('more encoded text than paved decodes')]);
  });

  test('a long line of separators, colons and percent signs is read to its end and holds nothing', () => {
    const line = '://@ %zz = : //x@ '.repeat(50_000);
    expect(scanText(line)).toEqual([]);
    expect(scanValue(line)).toEqual([]);
  });

  test.each([
    ['a run of JWT prefixes', 'eyJ-'.repeat(100_000)],
    ['settings without an end', `${'password: "'.repeat(20_000)}\n${'Password="'.repeat(20_000)}`],
    ['URL authorities without an end', `${'x://'.repeat(50_000)}${'a'.repeat(100_000)}`],
    ['a PEM header repeated', '-----BEGIN A B C D E F '.repeat(20_000)],
  ])('%s: read once, in bounded time', (_, text) => {
    // no time is asserted; a scan that read such a text quadratically would not end within the test's timeout
    expect(Array.isArray(scanText(text))).toBe(true);
    expect(Array.isArray(scanValue(text))).toBe(true);
  });

  test('an encoding nested far deeper than the bound is decoded only to the bound', () => {
    let text = `password=${PASSWORD}`;
    for (let i = 0; i < 12; i++) text = base64(text);
    expect(text.length).toBeGreaterThan(800);
    expect(scanValue(text)).toEqual([]);
  });
});
