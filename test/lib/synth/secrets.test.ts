import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { AppConstruct, type AppDefinition, Org, type OrgProps, type PlatformEnvironment, synthGitOps } from '../../../lib';
import { plainEnvProblem } from '../../../lib/private/secret-values';
import { ORG_PROPS, errorOf, minimalPlatform, teamScopes } from '../../util';
import { AWS_KEY_ID, GITHUB_TOKEN, JWT, PASSWORD, PRIVATE_KEY, RANDOM_SECRET, base64, base64url, expectNoEcho, hex, percentAll } from '../private/secret-samples';

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

const DATABASE_URL = `postgres://orders:${PASSWORD}@db.payments.internal:5432/orders`;
const ADVICE = 'keep the value in AWS Secrets Manager under the team\'s prefix "teams/payments/" and list its key in the app\'s `secrets`';

describe('what a plain environment variable may hold', () => {
  test.each([
    ['DB_PASSWORD', 'hunter2', 'its name says it holds a secret'],
    ['AWS_SECRET_ACCESS_KEY', RANDOM_SECRET, 'its value looks like a generated credential (a long random token)'],
    ['SECRET_ACCESS', 'not-random-at-all', 'its name says it holds a secret'],
    ['SIGNING', RANDOM_SECRET.replace(/\//g, 'q'), 'its value looks like a generated credential (a long random token)'],
    ['AWS_ACCESS_KEY_ID', AWS_KEY_ID, 'its value holds an AWS access key id (20 characters)'],
    ['SESSION', JWT, `its value holds a JSON Web Token (${JWT.length} characters)`],
    ['TLS', PRIVATE_KEY, `its value holds a private key (${PRIVATE_KEY.length} characters)`],
    ['DATABASE_URL', DATABASE_URL, `its value holds a password in a postgres:// URL (${PASSWORD.length} characters)`],
    ['DSN', `host=db user=orders password=${PASSWORD}`, `its value holds a password in a connection string or setting (${PASSWORD.length} characters)`],
    ['REGISTRY', base64(`{"token":"${GITHUB_TOKEN}"}`), 'its value holds a GitHub token (40 characters, encoded as base64)'],
    ['HOOK', hex(GITHUB_TOKEN), 'its value holds a GitHub token (40 characters, encoded as hex)'],
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
    ['DATABASE_URL', 'postgres://orders:$(DB_PASSWORD)@db.payments.internal:5432/orders'],
    ['DB_PASSWORD', '$(ORDERS_DB_PASSWORD)'],
    ['UPSTREAM', 'https://deploy@git.example.com/acme/app.git'],
  ])('%s=%s is a plain value', (name, value) => {
    // a name that mentions a secret only matters with a value; a value only when it holds or looks like one; a placeholder never
    expect(plainEnvProblem(name, value)).toBeUndefined();
  });
});

describe("an app's plain environment holds no secret", () => {
  test('an app with a plain secret is refused, naming the variable but never its value, and told where secrets go', () => {
    const { scope } = teamScopes();
    const message = errorOf(
      () =>
        new AppConstruct(scope('payments'), 'web', {
          team: scope('payments').team,
          image: 'web:1.0',
          port: 8080,
          env: { LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2', AWS_ACCESS_KEY_ID: AWS_KEY_ID, DATABASE_URL, CONFIG: base64url(`token=${GITHUB_TOKEN}`) },
        }),
    );
    expect(message).toContain(`staging/payments/web: env.DB_PASSWORD = "<redacted: 7 characters>" is not allowed: a value that is not a secret (its name says it holds a secret): ${ADVICE}`);
    expect(message).toContain('env.AWS_ACCESS_KEY_ID = "<redacted: 20 characters>" is not allowed: a value that is not a secret (its value holds an AWS access key id (20 characters))');
    expect(message).toContain(
      `env.DATABASE_URL = "<redacted: ${DATABASE_URL.length} characters>" is not allowed: a value that is not a secret (its value holds a password in a postgres:// URL (${PASSWORD.length} characters))`,
    );
    expect(message).toContain('env.CONFIG = "<redacted: 62 characters>" is not allowed: a value that is not a secret (its value holds a GitHub token (40 characters, encoded as base64))');
    expectNoEcho(message, 'hunter2', AWS_KEY_ID, DATABASE_URL, PASSWORD, GITHUB_TOKEN, `token=${GITHUB_TOKEN}`);
    expect(message).not.toContain('LOG_LEVEL');
  });

  test('refuses a variable whose name is a secret, without repeating the name', () => {
    const { scope } = teamScopes();
    const message = errorOf(() => new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image: 'web:1.0', port: 8080, env: { [GITHUB_TOKEN]: '1' } }));
    expect(message).toBe('staging/payments/web: env = "<redacted: 40 characters>" is not allowed: variable names that are not secrets (one holds a GitHub token (40 characters))');
  });
});

describe("a team's definition cannot write a secret into the tree", () => {
  /** The payments team may write ConfigMaps (an extra kind), as an org can allow. */
  const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => (t.name === 'payments' ? { ...t, extraKinds: [{ group: '', kind: 'ConfigMap' }] } : t)) };
  const web: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 });
  const objectOf = (app: AppConstruct, kind: string) => app.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === kind) as ApiObject;

  test.each<[string, AppDefinition, string, string, string[]]>([
    [
      'a label (the token in URL-safe base64, which label values allow)',
      (scope) => objectOf(new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 }), 'Application').metadata.addLabel('build', base64url(GITHUB_TOKEN)),
      'staging/payments/web/Application',
      'metadata.labels.build = "<redacted: 54 characters>" is not allowed: a value that is not a secret (it holds a GitHub token (40 characters, encoded as base64))',
      [GITHUB_TOKEN],
    ],
    [
      'an annotation (a database URL with its password)',
      (scope) => objectOf(new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 }), 'Application').metadata.addAnnotation('example.com/dsn', DATABASE_URL),
      'staging/payments/web/Application',
      `metadata.annotations.example.com/dsn = "<redacted: ${DATABASE_URL.length} characters>" is not allowed: a value that is not a secret (it holds a password in a postgres:// URL (${PASSWORD.length} characters))`,
      [DATABASE_URL, PASSWORD],
    ],
    [
      "a ConfigMap's data (a connection string, hex-encoded)",
      (scope) => {
        web(scope);
        new KubeConfigMap(scope, 'Settings', { metadata: { name: 'settings', namespace: 'payments' }, data: { dsn: hex(`Server=db;User ID=orders;Password=${PASSWORD};`) } });
      },
      'staging/payments/Settings',
      `data.dsn = "<redacted: ${hex(`Server=db;User ID=orders;Password=${PASSWORD};`).length} characters>" is not allowed: a value that is not a secret (it holds a password in a connection string or setting (${PASSWORD.length} characters, encoded as hex))`,
      [PASSWORD],
    ],
    [
      "a ConfigMap's data (an application.yaml with a password)",
      (scope) => {
        web(scope);
        new KubeConfigMap(scope, 'Settings', { metadata: { name: 'settings', namespace: 'payments' }, data: { 'application.yaml': `spring:\n  datasource:\n    password: ${PASSWORD}\n` } });
      },
      'staging/payments/Settings',
      `data.application.yaml = "<redacted: ${`spring:\n  datasource:\n    password: ${PASSWORD}\n`.length} characters>" is not allowed: a value that is not a secret (it holds a password in a setting (${PASSWORD.length} characters))`,
      [PASSWORD],
    ],
    [
      "a claim's parameter (a percent-encoded URL)",
      (scope) => {
        web(scope);
        new ApiObject(scope, 'Db', {
          apiVersion: 'db.example.com/v1alpha1',
          kind: 'PostgreSQLInstance',
          metadata: { name: 'orders', namespace: 'payments' },
          spec: { parameters: { size: 'small', storageGB: 20, source: encodeURIComponent(DATABASE_URL) }, writeConnectionSecretToRef: { name: 'orders-db' } },
        });
      },
      'staging/payments/Db',
      `spec.parameters.source = "<redacted: ${encodeURIComponent(DATABASE_URL).length} characters>" is not allowed: a value that is not a secret (it holds a password in a postgres:// URL (${PASSWORD.length} characters, encoded as percent-encoding))`,
      [DATABASE_URL, PASSWORD],
    ],
    [
      'a key of a ConfigMap (the token itself, percent-encoded)',
      (scope) => {
        web(scope);
        new KubeConfigMap(scope, 'Settings', {
          metadata: { name: 'settings', namespace: 'payments' },
          data: { [percentAll(AWS_KEY_ID)]: '1' },
        });
      },
      'staging/payments/Settings',
      'data.<a key that holds a secret> = "<redacted: 60 characters>" is not allowed: a value that is not a secret (it holds an AWS access key id (20 characters, encoded as percent-encoding))',
      [AWS_KEY_ID],
    ],
  ])('%s is refused, naming the construct and the prop; nothing is written', (_, define, construct, problem, secrets) => {
    const out = path.join(dir, 'gitops');
    const org = () => new Org(props);
    expect(synthGitOps({ org: org(), apps: [{ team: 'payments', apps: [web] }], platform: minimalPlatform, outDir: out }).written).toBe(true);
    const before = snapshot(out);
    const result = synthGitOps({ org: org(), apps: [{ team: 'payments', apps: [define] }], platform: minimalPlatform, outDir: out });
    expect(result.written).toBe(false);
    expect(result.errors).toContain(`${construct}: ${problem}: ${ADVICE} (it reaches the app as an environment variable)`);
    expectNoEcho(result.errors.join('\n'), ...secrets);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('the synth scans every file it writes', () => {
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
    expect(result.errors).toContain(
      'staging/Leak: data.config.ini = "<redacted: 32 characters>" is not allowed: a value that is not a secret (it holds an AWS access key id (20 characters)): keep the value in AWS Secrets Manager under the team\'s prefix and list its key in the app\'s `secrets` (it reaches the app as an environment variable)',
    );
    expectNoEcho(result.errors.join('\n'), AWS_KEY_ID);
    expect(snapshot(out)).toEqual(before);
  });

  test("a team repository's proposal with a secret in a comment is refused naming the file and line, and nothing is written", () => {
    const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => (t.name === 'search' ? { ...t, appsRepository: 'https://github.com/example/search.git' } : t)) };
    const out = path.join(dir, 'gitops');
    const good: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 });
    expect(synthGitOps({ org: new Org(props), apps: [{ team: 'payments', apps: [good] }], platform: minimalPlatform, outDir: out }).written).toBe(true);
    // what the catalog refresh job would copy from the team's repository
    const proposed = path.join(out, 'staging', 'teams', 'search', 'apps', 'api', 'notes.yaml');
    fs.mkdirSync(path.dirname(proposed), { recursive: true });
    fs.writeFileSync(proposed, `# deploy with ${base64(`registry login -p ${GITHUB_TOKEN}`)}\n`);
    const before = snapshot(out);
    const result = synthGitOps({ org: new Org(props), apps: [{ team: 'payments', apps: [good] }], platform: minimalPlatform, outDir: out });
    expect(result.written).toBe(false);
    expect(result.errors).toContain(
      'gitops/staging/teams/search/apps/api/notes.yaml:1: content = "<redacted>" is not allowed: a value that is not a secret (it holds a GitHub token (40 characters, encoded as base64)): keep the value in AWS Secrets Manager under the team\'s prefix and list its key in the app\'s `secrets` (it reaches the app as an environment variable)',
    );
    expectNoEcho(result.errors.join('\n'), GITHUB_TOKEN);
    expect(snapshot(out)).toEqual(before);
  });

  test("a proposal's manifest is named once, by the validator (file and field); a JSON file beside it by its field", () => {
    const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => (t.name === 'search' ? { ...t, appsRepository: 'https://github.com/example/search.git' } : t)) };
    const out = path.join(dir, 'gitops');
    const good: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:1.0', port: 8080 });
    expect(synthGitOps({ org: new Org(props), apps: [{ team: 'payments', apps: [good] }], platform: minimalPlatform, outDir: out }).written).toBe(true);
    const folder = path.join(out, 'prod', 'teams', 'search', 'apps', 'api');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'application-api.yaml'),
      `apiVersion: core.oam.dev/v1beta1\nkind: Application\nmetadata:\n  name: api\n  namespace: search\n  annotations:\n    example.com/dsn: ${DATABASE_URL}\nspec:\n  components: []\n`,
    );
    fs.writeFileSync(path.join(folder, 'settings.json'), JSON.stringify({ registry: { auth: hex(GITHUB_TOKEN) } }));
    const before = snapshot(out);
    const result = synthGitOps({ org: new Org(props), apps: [{ team: 'payments', apps: [good] }], platform: minimalPlatform, outDir: out });
    expect(result.written).toBe(false);
    const all = result.errors.join('\n');
    expect(all).toContain(
      `error [policy] prod/teams/search/apps/api/application-api.yaml: Application search/api: metadata.annotations.example.com/dsn: holds a password in a postgres:// URL (${PASSWORD.length} characters)`,
    );
    expect(all).not.toMatch(/application-api\.yaml:\d/);
    expect(result.errors).toContain(
      'gitops/prod/teams/search/apps/api/settings.json: registry.auth = "<redacted: 80 characters>" is not allowed: a value that is not a secret (it holds a GitHub token (40 characters, encoded as hex)): keep the value in AWS Secrets Manager under the team\'s prefix and list its key in the app\'s `secrets` (it reaches the app as an environment variable)',
    );
    expectNoEcho(all, PASSWORD, GITHUB_TOKEN, DATABASE_URL);
    expect(snapshot(out)).toEqual(before);
  });
});
