import { AppConstruct, Org, type OrgProps } from '../../../lib';
import { ORG_PROPS, errorOf, teamScopes } from '../../util';

const withEnv = (patch: Partial<OrgProps['environments'][number]>): OrgProps => ({ ...ORG_PROPS, environments: [{ ...ORG_PROPS.environments[0], ...patch }, ORG_PROPS.environments[1]] });

describe('inputs that used to slip through', () => {
  test.each([
    ['@sha256: with 32 hex digits', `web@sha256:${'a'.repeat(32)}`],
    ['@sha256: in upper-case hex', `web@sha256:${'A'.repeat(64)}`],
    ['an @md5: digest', `web@md5:${'a'.repeat(32)}`],
  ])('an image digest that is not sha256 (64) or sha512 (128) lower-case hex is refused: %s', (_, image) => {
    const { scope } = teamScopes();
    expect(errorOf(() => new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image, port: 8080 }))).toBe(
      `staging/payments/web: image = "${image}" is not allowed: an image reference such as "registry.example.com/team/app:1.2.3" or "app@sha256:<64 lower-case hex digits>"`,
    );
  });

  test('a well-formed digest is accepted', () => {
    const { scope } = teamScopes();
    expect(() => new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image: `registry.example.com/web@sha256:${'0123456789abcdef'.repeat(4)}`, port: 8080 })).not.toThrow();
  });

  test.each(['catalog', 'charts', 'platform', 'teams'])('an environment named %s (a folder paved uses in the tree) is refused', (name) => {
    expect(errorOf(() => new Org(withEnv({ name })))).toContain(
      `org: environments[0].name = "${name}" is not allowed: a name paved does not use for its own folders of the GitOps tree (catalog, charts, platform, teams, templates)`,
    );
  });

  test('a made-up region is refused, a real one accepted', () => {
    expect(errorOf(() => new Org(withEnv({ awsRegion: 'eu-fake-9' })))).toBe(
      'org: environments[0].awsRegion = "eu-fake-9" is not allowed: an AWS Region of the commercial partition such as "eu-west-1" (lib/org/aws-regions.ts lists them)',
    );
    expect(() => new Org(withEnv({ awsRegion: 'ap-southeast-7' }))).not.toThrow();
  });

  test.each([
    ['http://github.com/example/search.git', 'plain http'],
    ['https://github.com/someone-else/search.git', 'another owner'],
    ['https://gitlab.com/example/search.git', 'another host'],
  ])('a team apps repository outside the org is refused: %s (%s)', (appsRepository) => {
    const props: OrgProps = { ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], appsRepository }, ORG_PROPS.teams[1]] };
    const message = errorOf(() => new Org(props));
    expect(message).toBe(
      `org: teams[0].appsRepository = "${appsRepository}" is not allowed: a Git URL (https://, ssh:// or git@) of a repository of the org (on github.com, owned by example, as gitops.repoURL)`,
    );
  });

  test("an app's source repository must be an https repository of the org", () => {
    const { scope } = teamScopes();
    for (const repository of ['http://github.com/example/web', 'https://github.com/elsewhere/web']) {
      expect(errorOf(() => new AppConstruct(scope('payments'), `web-${repository.length}`, { team: scope('payments').team, image: 'web:1', port: 8080, repository }))).toContain(
        `repository = "${repository}" is not allowed: the https URL of a repository of the org (on github.com, owned by example, as its GitOps repository), e.g. "https://github.com/example/web-${repository.length}"`,
      );
    }
    expect(() => new AppConstruct(scope('payments'), 'ok', { team: scope('payments').team, image: 'web:1', port: 8080, repository: 'git@github.com:example/ok.git' })).toThrow();
    expect(() => new AppConstruct(scope('payments'), 'fine', { team: scope('payments').team, image: 'web:1', port: 8080, repository: 'https://github.com/example/fine' })).not.toThrow();
  });
});
