import { Org, type OrgProps } from '../../../lib';
import { ORG_PROPS, errorOf } from '../../util';

function env(previews: NonNullable<OrgProps['environments'][number]['previews']>, name = 'staging'): OrgProps {
  return { ...ORG_PROPS, environments: [{ name, awsAccountId: '111111111111', awsRegion: 'eu-west-1', vpcCidr: '10.0.0.0/16', previews }] };
}

describe('an environment with previews of pull requests', () => {
  test('has the label "preview" and 48 hours by default', () => {
    expect(new Org(env({})).environments[0].previews).toEqual({ label: 'preview', hours: 48 });
  });

  test('has no previews unless it asks for them', () => {
    expect(new Org(ORG_PROPS).environments[0].previews).toBeUndefined();
  });

  test('fails in production, naming the prop', () => {
    expect(errorOf(() => new Org(env({}, 'prod')))).toContain('environments[0].previews = {} is not allowed: no previews in a production environment');
  });

  test.each([
    [{ label: 'needs preview' }, 'environments[0].previews.label = "needs preview" is not allowed: a GitHub label'],
    [{ hours: 0 }, 'environments[0].previews.hours = 0 is not allowed: a whole number of hours from 1 to 168'],
    [{ hours: 1.5 }, 'environments[0].previews.hours = 1.5 is not allowed'],
  ])('fails on %j', (previews, message) => {
    expect(errorOf(() => new Org(env(previews)))).toContain(message);
  });

  test("fails on a team or namespace that would be in another team's previews (<team>-pr-*), and on a label too long with a team's name", () => {
    const props = env({ label: 'x'.repeat(44) });
    const teams = [
      ...props.teams,
      { ...props.teams[0], name: 'payments-pr-7', namespaces: undefined, ownerGroup: 'g7' },
      { ...props.teams[0], name: 'ledger', namespaces: ['ledger', 'search-pr-x'], ownerGroup: 'gl' },
    ];
    const message = errorOf(() => new Org({ ...props, teams: teams as OrgProps['teams'] }));
    expect(message).toContain(
      'environments[0].previews = "payments-pr-7" is not allowed: team namespaces that do not start with a team\'s name and "-pr-": "payments-pr-7" (team payments-pr-7) would be one of team payments\'s previews (payments-pr-*)',
    );
    expect(message).toContain('"search-pr-x" (team ledger) would be one of team search\'s previews');
    expect(message).toContain(
      'is not allowed: a label short enough that "<label>:<team>" is a GitHub label of at most 50 characters for every team (too long for payments, search, payments-pr-7, ledger)',
    );
    // a team named <other>-pr (its previews <other>-pr-pr-<n> are inside <other>-pr-*), and a name too long for a preview's host label
    const pr = errorOf(
      () =>
        new Org({
          ...env({}),
          teams: [...env({}).teams, { ...env({}).teams[1], name: 'search-pr', namespaces: undefined, zone: 'searchpr.example.com', secretPrefix: 'teams/search-pr/', ownerGroup: 'sp' }],
        }),
    );
    expect(pr).toContain('"search-pr" (team search-pr) would be one of team search\'s previews (search-pr-*)');
    const long = 'l'.repeat(29);
    const longTeam = errorOf(
      () => new Org({ ...env({}), teams: [...env({}).teams, { ...env({}).teams[1], name: long, namespaces: undefined, zone: 'long.example.com', secretPrefix: 'teams/long/', ownerGroup: 'lg' }] }),
    );
    expect(longTeam).toContain(`environments[0].previews = ["${long}"] is not allowed: team names of at most 28 characters where previews are`);
    // a team's own namespace named like its previews
    const own = errorOf(() => new Org({ ...env({}), teams: env({}).teams.map((t) => (t.name === 'payments' ? { ...t, namespaces: ['payments', 'payments-pr-x'] } : t)) }));
    expect(own).toContain('"payments-pr-x" (team payments) would be one of team payments\'s previews (payments-pr-*)');
  });

  test('an org whose environments ask for none has no previews anywhere', () => {
    expect(new Org(ORG_PROPS).environments.every((e) => e.previews === undefined)).toBe(true);
  });
});
