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
});
