import { spawnSync } from 'child_process';
import { Construct } from 'constructs';
import * as fs from 'fs';
import * as path from 'path';
import { AppConstruct, type AppDefinition, Org, type OrgProps, PlatformDefinitions, type PlatformEnvironment, buildGitOps } from '../../../lib';
import { ORG_PROPS, errorOf, minimalPlatform, teamScopes } from '../../util';
import { cleanTmpDirs, CLI, PROCESS_LIMITS, ROOT, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

const web = (name: string, props: Partial<ConstructorParameters<typeof AppConstruct>[2]> = {}): AppDefinition =>
  function define(scope) {
    new AppConstruct(scope, name, { team: scope.team, image: `${name}:1.0`, port: 8080, ...props });
  };

describe('all errors of a run at once, in one shape', () => {
  test('org problems come with the problems of the apps that do not depend on them (a broken environment or team is left out)', () => {
    const props: OrgProps = {
      ...ORG_PROPS,
      environments: [ORG_PROPS.environments[0], { ...ORG_PROPS.environments[1], awsRegion: 'eu-fake-9' }],
      teams: [ORG_PROPS.teams[0], { ...ORG_PROPS.teams[1], zone: 'Search' }],
    };
    const org = Org.deferProblems(() => new Org(props));
    const result = buildGitOps({
      org,
      apps: [
        { team: 'payments', apps: [web('web', { port: 70000 })] },
        { team: 'search', apps: [web('api')] },
      ],
      platform: minimalPlatform,
    });
    expect(result.files.size).toBe(0);
    expect(result.errors).toEqual([
      'org: environments[1].awsRegion = "eu-fake-9" is not allowed: an AWS Region of the commercial partition such as "eu-west-1" (lib/org/aws-regions.ts lists them)',
      'org: teams[1].zone = "Search" is not allowed: a DNS zone of lower-case RFC 1123 labels, e.g. "payments.example.com"',
      'staging/payments/web: port = 70000 is not allowed: an integer from 1 to 65535',
    ]);
  });

  test('an org created outside deferProblems still throws', () => {
    expect(() => new Org({ ...ORG_PROPS, name: 'Bad Name' })).toThrow('org: name = "Bad Name" is not allowed');
  });

  test('a construct error does not hide the validation of the parts that built', () => {
    // no IngressClass and no external-dns: the route of "shop" is checked by the validator; "broken" fails to construct
    const bare = (env: PlatformEnvironment) => {
      new PlatformDefinitions(env, 'Definitions');
    };
    const result = buildGitOps({
      org: new Org(ORG_PROPS),
      apps: [{ team: 'payments', apps: [web('broken', { port: 0 }), web('shop', { domain: 'shop.payments.example.com' })] }],
      platform: bare,
      environments: ['prod'],
    });
    expect(result.errors[0]).toBe('prod/payments/broken: port = 0 is not allowed: an integer from 1 to 65535');
    expect(result.errors[1]).toMatch(/^the parts that built fail validation:\n/);
    expect(result.errors[1]).toContain('application-shop.yaml');
    expect(result.errors[1]).not.toContain('broken');
  });

  test("the construct library's messages are said in paved's terms", () => {
    const twice: AppDefinition = function twice(scope) {
      new Construct(scope, 'db');
      new Construct(scope, 'db');
    };
    const result = buildGitOps({ org: new Org(ORG_PROPS), apps: [{ team: 'payments', apps: [twice] }], platform: minimalPlatform, environments: ['staging'] });
    expect(result.errors).toEqual([
      'staging/payments (app definition twice): id = "db" is not allowed: an id no other construct in TeamScope "payments" has (two constructs, e.g. two apps or an app\'s database and another construct, were given the same id)',
    ]);
    const { scope } = teamScopes();
    expect(errorOf(() => new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image: 'web:1', port: Number.NaN }))).toBe(
      'staging/payments/web: port = NaN is not allowed: an integer from 1 to 65535',
    );
  });

  test("paved synth exits 1 on a bad org, listing its problems and the apps' together; the tree is untouched", () => {
    const work = tmpDir('paved-errors-');
    fs.writeFileSync(
      path.join(work, 'definition.js'),
      `
const { AppConstruct, Org } = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib'))});
const { ORG_PROPS, minimalPlatform } = require(${JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'))});
exports.org = new Org({ ...ORG_PROPS, terraformState: { ...ORG_PROPS.terraformState, region: 'mars-1' } });
exports.platform = minimalPlatform;
exports.apps = [{ team: 'payments', apps: [(scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:latest', port: 8080 })] }];
`,
    );
    const r = spawnSync(process.execPath, [CLI, 'synth', '--definition', 'definition.js', '--out', 'gitops'], { cwd: work, encoding: 'utf8', ...PROCESS_LIMITS });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('- org: terraformState.region = "mars-1" is not allowed');
    expect(r.stderr).toContain('- staging/payments/web: image = "web:latest" is not allowed');
    expect(r.stderr).toContain('- prod/payments/web: image = "web:latest" is not allowed');
    expect(fs.existsSync(path.join(work, 'gitops'))).toBe(false);
  });
});
