import { Org, OrgProps } from '../../../lib';
import { ORG_PROPS, errorOf } from '../../util';

function withTeams(teams: OrgProps['teams']): OrgProps {
  return { ...ORG_PROPS, teams };
}

const team = (name: string, zone: string, secretPrefix: string) => ({ name, ownerGroup: `${name}-owners`, zone, secretPrefix });

describe('Org', () => {
  test('resolves environment defaults: cluster name from org and environment, ingress class nginx', () => {
    const org = new Org(ORG_PROPS);
    expect(org.environment('staging').clusterName).toBe('test-staging');
    expect(org.environment('staging').ingressClass).toBe('nginx');
    expect(org.environment('prod').ingressClass).toBe('public');
  });

  test('derives each team\'s namespace and the IAM role its secret store assumes', () => {
    const org = new Org(ORG_PROPS);
    const payments = org.team('payments');
    expect(payments.namespace).toBe('payments');
    expect(org.environment('prod').teamSecretsRoleArn(payments)).toBe('arn:aws:iam::222222222222:role/test-prod-eso-payments');
  });

  test('a team owns its zone and the names under it, and the keys under its prefix', () => {
    const payments = new Org(ORG_PROPS).team('payments');
    expect(payments.ownsDomain('a.b.payments.example.com')).toBe(true);
    expect(payments.ownsDomain('xpayments.example.com')).toBe(false);
    expect(payments.ownsSecretKey('teams/payments/db')).toBe(true);
    expect(payments.ownsSecretKey('teams/payments-old/db')).toBe(false);
  });

  test('fails listing every problem of the definition, each with its location, value and rule', () => {
    const message = errorOf(() => new Org({
      name: 'Acme Corp',
      environments: [
        { name: 'staging', awsAccountId: '123', awsRegion: 'europe' },
        { name: 'staging', awsAccountId: '111111111111', awsRegion: 'eu-west-1' },
      ],
      teams: [team('Payments', 'payments', 'teams/payments')],
    }));
    expect(message.split('\n')).toEqual([
      'org: name = "Acme Corp" is not allowed: an RFC 1123 label of at most 40 characters (lower-case letters, digits and "-")',
      'org: environments[0].awsAccountId = "123" is not allowed: a 12-digit AWS account id',
      'org: environments[0].awsRegion = "europe" is not allowed: an AWS region such as "eu-west-1"',
      'org: environments[1].name = "staging" is not allowed: a name no other environment has',
      'org: teams[0].name = "Payments" is not allowed: an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)',
      'org: teams[0].zone = "payments" is not allowed: a DNS zone of lower-case RFC 1123 labels, e.g. "payments.example.com"',
      'org: teams[0].secretPrefix = "teams/payments" is not allowed: a Secrets Manager path ending in "/", e.g. "teams/payments/"',
    ]);
  });

  test('fails on two teams with one name', () => {
    expect(errorOf(() => new Org(withTeams([team('a', 'a.example.com', 'a/'), team('a', 'b.example.com', 'b/')])))).toContain(
      'teams[1].name = "a" is not allowed: a name no other team has',
    );
  });

  test('fails on a team named like a platform namespace', () => {
    expect(errorOf(() => new Org(withTeams([team('kube-system', 'k.example.com', 'k/')])))).toContain('teams[0].name = "kube-system" is not allowed: a name that is not a reserved namespace');
  });

  test('fails on overlapping zones and prefixes', () => {
    const message = errorOf(() => new Org(withTeams([team('a', 'example.com', 'teams/'), team('b', 'b.example.com', 'teams/b/')])));
    expect(message).toContain('teams[1].zone = "b.example.com" is not allowed: a zone that does not overlap teams[0] (a) zone "example.com"');
    expect(message).toContain('teams[1].secretPrefix = "teams/b/" is not allowed: a prefix that does not overlap teams[0] (a) prefix "teams/"');
  });

  test('fails when a derived IAM role name would exceed 64 characters', () => {
    const long = 'x'.repeat(60);
    expect(errorOf(() => new Org(withTeams([team(long, 'x.example.com', 'x/')])))).toContain(
      `teams[0].name = "${long}" is not allowed: a name short enough that the IAM role "test-staging-eso-${long}" of environment staging fits 64 characters`,
    );
  });

  test('fails to look up an unknown team or environment', () => {
    const org = new Org(ORG_PROPS);
    expect(errorOf(() => org.team('nope'))).toBe('org: team = "nope" is not allowed: one of payments, search');
    expect(errorOf(() => org.environment('dev'))).toBe('org: environment = "dev" is not allowed: one of staging, prod');
  });
});
