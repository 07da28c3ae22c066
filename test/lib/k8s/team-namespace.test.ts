import { App } from 'cdk8s';
import { Org, PlatformEnvironment, TeamNamespace } from '../../../lib';
import { ORG_PROPS, errorOf, findObject, objectsOf, teamScopes } from '../../util';

describe('TeamNamespace', () => {
  const { scope } = teamScopes('prod');
  const objects = objectsOf(scope('payments'));

  test('default output (snapshot)', () => {
    expect(objects).toMatchSnapshot();
  });

  test('a Namespace named after the team, enforcing Pod Security "restricted"', () => {
    const ns = findObject(objects, 'Namespace', 'payments');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'paved.dev/team': 'payments',
    });
  });

  test('a service account bound to the team\'s own IAM role, without a mounted token', () => {
    const sa = findObject(objects, 'ServiceAccount', 'external-secrets');
    expect(sa.metadata.namespace).toBe('payments');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::222222222222:role/test-prod-eso-payments' });
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('a SecretStore for AWS Secrets Manager in the environment\'s region, authenticated as that service account', () => {
    const store = findObject(objects, 'SecretStore', 'aws-secretsmanager');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.metadata.namespace).toBe('payments');
    expect(store.spec.provider).toEqual({
      aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { jwt: { serviceAccountRef: { name: 'external-secrets' } } } },
    });
  });

  test('team scopes know their team and environment', () => {
    expect(scope('search').team.name).toBe('search');
    expect(scope('search').environment.name).toBe('prod');
    expect(scope('search').secretStoreName).toBe('aws-secretsmanager');
  });

  test('fails for a team of another org', () => {
    const { platform } = teamScopes();
    const other = new Org({ ...ORG_PROPS, name: 'other' });
    expect(errorOf(() => new TeamNamespace(platform, 'x', { team: other.team('payments') }))).toContain('team = "payments" is not allowed: a team of org test');
  });

  test('fails for a team onboarded twice in one environment', () => {
    const org = new Org(ORG_PROPS);
    const platform = new PlatformEnvironment(new App(), 'staging', { org, environment: org.environment('staging') });
    new TeamNamespace(platform, 'a', { team: org.team('search') });
    expect(errorOf(() => new TeamNamespace(platform, 'b', { team: org.team('search') }))).toContain('team = "search" is not allowed: a team without a namespace yet in environment staging');
  });
});
