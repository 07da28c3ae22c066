import * as fs from 'fs';
import * as path from 'path';
import { Org, buildGitOps } from '../../../lib';
import { formatProblem } from '../../../lib/private/problems';
import { checkReleaseRecords, formatReleaseRecord, parseReleaseRecord, readReleaseFolder } from '../../../lib/org/release-records';
import { AppConstruct, type TeamScope } from '../../../lib';
import { cleanTmpDirs, tmpDir, writeFiles } from '../../cli-util';
import { ORG_PROPS, minimalPlatform } from '../../util';

afterAll(cleanTmpDirs);

const GOOD = `registry.example.com/payments/web:1.4.0@sha256:${'a'.repeat(64)}`;
const org = new Org({ ...ORG_PROPS, images: { registries: ['registry.example.com'] } });
const FILE = 'releases/payments/web/staging.yaml';

describe('a release record file', () => {
  test('reads what the commands write, and writes it back the same', () => {
    const text = formatReleaseRecord({ team: 'payments', app: 'web', environment: 'prod', image: GOOD, promotedFrom: 'staging' });
    const parsed = parseReleaseRecord('releases/payments/web/prod.yaml', text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.record).toEqual({ team: 'payments', app: 'web', environment: 'prod', image: GOOD, promotedFrom: 'staging', file: 'releases/payments/web/prod.yaml' });
    expect(formatReleaseRecord(parsed.record!)).toBe(text);
  });

  test.each([
    ['an image by tag only', 'image: registry.example.com/payments/web:1.4.0\n', 'image = "registry.example.com/payments/web:1.4.0" is not allowed: an image by digest with the tag it was built as'],
    ['an image by digest only', `image: registry.example.com/payments/web@sha256:${'a'.repeat(64)}\n`, 'is not allowed: an image by digest with the tag it was built as'],
    ['the tag latest', `image: registry.example.com/payments/web:latest@sha256:${'a'.repeat(64)}\n`, 'an image by digest with the tag it was built as'],
    ['a short digest', 'image: registry.example.com/payments/web:1.0@sha256:abc\n', 'an image by digest with the tag it was built as'],
    ['an upper-case digest', `image: registry.example.com/payments/web:1.0@sha256:${'A'.repeat(64)}\n`, 'an image by digest with the tag it was built as'],
    ['no image', 'promotedFrom: staging\n', 'image = undefined is not allowed'],
    ['a list', '- image: x\n', 'file = [{"image":"x"}] is not allowed: a YAML mapping with image'],
    ['an unknown field', `image: ${GOOD}\nreplicas: 9\n`, 'replicas = 9 is not allowed: only image and promotedFrom'],
    ['a duplicate key', `image: ${GOOD}\nimage: ${GOOD}\n`, 'is not allowed: a YAML mapping with image (and promotedFrom), as paved release writes it'],
    ['an alias', `a: &x ${GOOD}\nimage: *x\n`, 'is not allowed'],
    ['a number for promotedFrom', `image: ${GOOD}\npromotedFrom: 3\n`, 'promotedFrom = 3 is not allowed: the name of an environment'],
    ['a file over 4 KiB', `image: ${GOOD}\n# ${'x'.repeat(5000)}\n`, 'is not allowed: a record of at most 4096 bytes'],
  ])('refuses %s, naming the file and the field', (_, text, message) => {
    const parsed = parseReleaseRecord(FILE, text);
    expect(parsed.problems.map(formatProblem).join('\n')).toContain(message);
    expect(parsed.problems.map(formatProblem).join('\n')).toContain(`${FILE}: `);
  });
});

describe('a folder of release records', () => {
  test('reads releases/<team>/<app>/<env>.yaml and refuses any other shape and every link, all at once', () => {
    const dir = tmpDir('paved-records-');
    writeFiles(dir, {
      'releases/payments/web/staging.yaml': `image: ${GOOD}\n`,
      'releases/payments/web/notes.txt': 'hello\n',
      'releases/payments/stray.yaml': `image: ${GOOD}\n`,
      'releases/payments/api/Prod.yaml': `image: ${GOOD}\n`,
      'releases/payments/api/deep/prod.yaml': `image: ${GOOD}\n`,
    });
    fs.symlinkSync('/etc/hostname', path.join(dir, 'releases/payments/web/prod.yaml'));
    fs.symlinkSync(path.join(dir, 'releases/payments/web'), path.join(dir, 'releases/payments/linked'));
    const read = readReleaseFolder(dir);
    expect(read.records.map((r) => r.file)).toEqual(['releases/payments/web/staging.yaml']);
    expect(read.problems.map(formatProblem)).toEqual([
      'releases/payments/api/Prod.yaml: file = "Prod.yaml" is not allowed: a file per environment, <env>.yaml (releases/<team>/<app>/<env>.yaml), no links',
      'releases/payments/api/deep: file = "deep" is not allowed: a file per environment, <env>.yaml (releases/<team>/<app>/<env>.yaml), no links',
      'releases/payments/linked: file = "a symbolic link" is not allowed: a folder per app (releases/<team>/<app>/<env>.yaml), no links',
      'releases/payments/stray.yaml: file = "stray.yaml" is not allowed: a folder per app (releases/<team>/<app>/<env>.yaml), no links',
      'releases/payments/web/notes.txt: file = "notes.txt" is not allowed: a file per environment, <env>.yaml (releases/<team>/<app>/<env>.yaml), no links',
      'releases/payments/web/prod.yaml: file = "a symbolic link" is not allowed: a file per environment, <env>.yaml (releases/<team>/<app>/<env>.yaml), no links',
    ]);
  });

  test('no folder: no records, no problem; a link in its place: a problem', () => {
    const dir = tmpDir('paved-records-');
    expect(readReleaseFolder(dir)).toEqual({ records: [], problems: [] });
    fs.symlinkSync('/tmp', path.join(dir, 'releases'));
    expect(readReleaseFolder(dir).problems.map(formatProblem)).toEqual(['releases: file = "a symbolic link" is not allowed: a folder of release records']);
  });
});

describe('records against the org', () => {
  const record = (over: Partial<{ team: string; app: string; environment: string; image: string; promotedFrom: string }>) => {
    const r = { team: 'payments', app: 'web', environment: 'staging', image: GOOD, ...over };
    return { ...r, file: `releases/${r.team}/${r.app}/${r.environment}.yaml` };
  };

  test.each([
    ['a team the org does not have', { team: 'sales' }, 'releases/sales/web/staging.yaml: team = "sales" is not allowed: a team of org test (payments, search)'],
    ['an environment it does not have', { environment: 'qa' }, 'releases/payments/web/qa.yaml: environment = "qa" is not allowed: an environment of org test (staging, prod)'],
    [
      'a registry the environment does not allow',
      { image: GOOD.replace('registry.example.com', 'evil.example.net') },
      "is not allowed: an image from registry.example.com/ (environment staging's image policy)",
    ],
    ['a promotion into the first environment', { promotedFrom: 'prod' }, 'promotedFrom = "prod" is not allowed: nothing: staging is the first environment of the chain (a release enters it)'],
    [
      'a promotion from another than the environment before',
      { environment: 'prod', promotedFrom: 'prod' },
      'promotedFrom = "prod" is not allowed: "staging", the environment before prod in the org\'s chain',
    ],
  ])('refuses %s', (_, over, message) => {
    expect(
      checkReleaseRecords(org, [record(over)])
        .map(formatProblem)
        .join('\n'),
    ).toContain(message);
  });

  test('the synth runs a record’s build, refuses a record of an app that does not run there, and asks for a record (or an image) where an app has neither', () => {
    const web = (scope: TeamScope) => {
      new AppConstruct(scope, 'web', { team: scope.team, port: 8080, replicas: 2 });
    };
    const built = buildGitOps({
      org,
      apps: [{ team: 'payments', apps: [web] }],
      platform: minimalPlatform,
      releases: [record({}), record({ environment: 'prod', image: GOOD.replace('1.4.0', '1.3.0') })],
    });
    expect(built.errors).toEqual([]);
    expect(built.files.get('staging/teams/payments/apps/web/application-web.yaml')).toContain(`image: ${GOOD}`);
    expect(built.files.get('prod/teams/payments/apps/web/application-web.yaml')).toContain(`image: ${GOOD.replace('1.4.0', '1.3.0')}`);

    const stray = buildGitOps({ org, apps: [{ team: 'payments', apps: [web] }], platform: minimalPlatform, releases: [record({}), record({ environment: 'prod' }), record({ app: 'gone' })] });
    expect(stray.errors).toEqual([
      'releases/payments/gone/staging.yaml: app = "payments/gone" is not allowed: an app team payments\'s definitions create in staging (web): a record of an app that does not run there deploys nothing',
    ]);

    const missing = buildGitOps({ org, apps: [{ team: 'payments', apps: [web] }], platform: minimalPlatform, releases: [record({})] });
    expect(missing.errors).toEqual([
      "prod/payments/web: image = undefined is not allowed: an image, or a release record releases/payments/web/prod.yaml (paved release or promote), or the app left out of prod until it has one (if (!scope.releaseOf('web')) return;)",
    ]);
  });
});

describe("an environment's promotion rules", () => {
  const withPromotion = (first: unknown, second: unknown) => () =>
    new Org({
      ...ORG_PROPS,
      environments: [
        { ...ORG_PROPS.environments[0], promotion: first },
        { ...ORG_PROPS.environments[1], promotion: second },
      ],
    } as ConstructorParameters<typeof Org>[0]);

  test('default to a day in production and none elsewhere, without approvers', () => {
    const o = new Org(ORG_PROPS);
    expect(o.environments.map((e) => [e.name, e.promotion])).toEqual([
      ['staging', { soakHours: 0, approvers: [], requireRecords: false }],
      ['prod', { soakHours: 24, approvers: [], requireRecords: false }],
    ]);
  });

  test.each([
    ['a negative soak', undefined, { soakHours: -1 }, 'environments[1].promotion.soakHours = -1 is not allowed: a whole number of hours from 0 to 2160 (90 days)'],
    ['a fractional soak', undefined, { soakHours: 1.5 }, 'environments[1].promotion.soakHours = 1.5 is not allowed'],
    ['a soak over 90 days', undefined, { soakHours: 3000 }, 'environments[1].promotion.soakHours = 3000 is not allowed'],
    [
      'a soak in the first environment',
      { soakHours: 4 },
      undefined,
      'environments[0].promotion.soakHours = 4 is not allowed: 0 or nothing: the first environment of the chain has none before it (a release enters it)',
    ],
    [
      'an approver without @',
      undefined,
      { approvers: ['acme/sre'] },
      'environments[1].promotion.approvers[0] = "acme/sre" is not allowed: a GitHub user or team as CODEOWNERS names it: "@user" or "@org/team"',
    ],
    ['an approver with a space', undefined, { approvers: ['@acme/sre team'] }, 'environments[1].promotion.approvers[0] = "@acme/sre team" is not allowed'],
  ])('refuse %s', (_, first, second, message) => {
    expect(withPromotion(first, second)).toThrow(message);
  });
});

test('an environment that takes builds from release records only refuses an app whose definition names its image there, and runs the records', () => {
  const strict = new Org({
    ...ORG_PROPS,
    images: { registries: ['registry.example.com'] },
    environments: [ORG_PROPS.environments[0], { ...ORG_PROPS.environments[1], promotion: { requireRecords: true } }],
  });
  const web = (scope: TeamScope) => {
    new AppConstruct(scope, 'web', { team: scope.team, port: 8080, replicas: 2, image: GOOD });
  };
  const named = buildGitOps({ org: strict, apps: [{ team: 'payments', apps: [web] }], platform: minimalPlatform });
  expect(named.errors).toEqual([
    `prod/payments/web: image = "${GOOD}" is not allowed: a release record releases/payments/web/prod.yaml (paved release or promote): environment prod takes builds from release records only (promotion.requireRecords), so none reaches it around the release gates; or the app left out of prod until it has one (if (!scope.releaseOf('web')) return;)`,
  ]);
  const recorded = buildGitOps({
    org: strict,
    apps: [{ team: 'payments', apps: [web] }],
    platform: minimalPlatform,
    releases: [{ team: 'payments', app: 'web', environment: 'prod', image: GOOD.replace('1.4.0', '1.3.0'), file: 'releases/payments/web/prod.yaml' }],
  });
  expect(recorded.errors).toEqual([]);
  expect(recorded.files.get('prod/teams/payments/apps/web/application-web.yaml')).toContain(`image: ${GOOD.replace('1.4.0', '1.3.0')}`);
  expect(() => new Org({ ...ORG_PROPS, environments: [ORG_PROPS.environments[0], { ...ORG_PROPS.environments[1], promotion: { requireRecords: 'yes' as unknown as boolean } }] })).toThrow(
    'environments[1].promotion.requireRecords = "yes" is not allowed: true or false',
  );
});
