import { CROSSPLANE_MANAGED_BY, MANAGED_BY_TAG_KEY, RDS_READ_ACTIONS, crossplaneStatements, teamSecretsArnPattern, teamSecretsStatements } from '../../../lib/infra/controller-policies';
import { orgAndEnv } from './infra-util';

describe('teamSecretsStatements', () => {
  test("reads the secrets under the team's prefix in the environment's account and region, and nothing else", () => {
    const { org, env } = orgAndEnv('prod');
    expect(teamSecretsStatements(env, org.team('payments'))).toEqual([
      {
        sid: 'ReadTeamSecrets',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
        resources: ['arn:aws:secretsmanager:eu-central-1:222222222222:secret:teams/payments/*'],
      },
    ]);
  });

  test('never matches another team\'s secrets: prefixes end in "/", so "teams/payments/*" cannot reach "teams/payments-old/..."', () => {
    const { org, env } = orgAndEnv('staging');
    const pattern = new RegExp(`^${teamSecretsArnPattern(env, org.team('payments')).replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '*' ? '.*' : `\\${c}`))}$`);
    const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbCdEf`;
    expect(pattern.test(arn('teams/payments/orders/db'))).toBe(true);
    expect(pattern.test(arn('teams/search/indexer'))).toBe(false);
    expect(pattern.test(arn('teams/payments-old/db'))).toBe(false);
    expect(pattern.test('arn:aws:secretsmanager:eu-west-1:999999999999:secret:teams/payments/db-AbCdEf')).toBe(false);
  });
});

describe('crossplaneStatements', () => {
  const { env } = orgAndEnv('staging');
  const statements = crossplaneStatements(env);
  const allowed = statements.filter((s) => (s.effect ?? 'Allow') === 'Allow');

  test('names every action: no "*", no "<service>:*"', () => {
    for (const s of statements) for (const a of s.actions) expect(a).toMatch(/^(rds|s3|iam):[A-Z][A-Za-z]+$/);
  });

  test('keeps to RDS and S3 (and the RDS service-linked role)', () => {
    const services = new Set(allowed.flatMap((s) => s.actions.map((a) => a.split(':')[0])));
    expect([...services].sort()).toEqual(['iam', 'rds', 's3']);
    expect(allowed.filter((s) => s.actions.some((a) => a.startsWith('iam:')))).toEqual([
      expect.objectContaining({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: ['arn:aws:iam::111111111111:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS'],
        conditions: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['rds.amazonaws.com'] }],
      }),
    ]);
  });

  test('creates RDS instances and buckets only with the managed-by tag, and changes RDS resources only when they carry it', () => {
    const tagged = (kind: 'Request' | 'Resource') => ({ test: 'StringEquals', variable: `aws:${kind}Tag/${MANAGED_BY_TAG_KEY}`, values: [CROSSPLANE_MANAGED_BY] });
    // the resource each create action makes: every statement granting the action on it requires the tag in the request
    const creates: [string, string][] = [
      ['rds:CreateDBInstance', ':db:*'],
      ['rds:CreateDBParameterGroup', ':pg:*'],
      ['s3:CreateBucket', ':::*'],
    ];
    for (const [action, created] of creates) {
      const granting = allowed.filter((s) => s.actions.includes(action) && s.resources.some((r) => r.endsWith(created)));
      expect(granting.length).toBeGreaterThan(0);
      for (const s of granting) expect([action, s.conditions]).toEqual([action, [tagged('Request')]]);
    }
    for (const action of ['rds:ModifyDBInstance', 'rds:DeleteDBInstance', 'rds:DeleteDBParameterGroup', 'rds:RemoveTagsFromResource']) {
      const onInstances = allowed.filter((s) => s.actions.includes(action) && s.resources.some((r) => r.endsWith(':db:*')));
      expect(onInstances).toHaveLength(1);
      expect(onInstances[0].conditions).toEqual([tagged('Resource')]);
    }
  });

  test("denies removing the managed-by tag, so a resource cannot leave Crossplane's scope and come back", () => {
    expect(statements.filter((s) => s.effect === 'Deny')).toEqual([
      expect.objectContaining({
        actions: ['rds:RemoveTagsFromResource'],
        conditions: [{ test: 'ForAnyValue:StringEquals', variable: 'aws:TagKeys', values: [MANAGED_BY_TAG_KEY] }],
      }),
    ]);
  });

  test('allows Resource "*" only for read-only describe and list calls', () => {
    const star = allowed.filter((s) => s.resources.includes('*'));
    expect(star.flatMap((s) => s.actions)).toEqual(RDS_READ_ACTIONS);
    expect(RDS_READ_ACTIONS.every((a) => /^rds:(Describe|List)/.test(a))).toBe(true);
  });

  test("scopes bucket settings to the environment's account, with no object access and no bucket policy or ACL writes", () => {
    const buckets = allowed.filter((s) => s.actions.some((a) => a.startsWith('s3:')) && !s.actions.includes('s3:CreateBucket'));
    expect(buckets).toHaveLength(1);
    expect(buckets[0].conditions).toEqual([{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: ['111111111111'] }]);
    const s3 = allowed.flatMap((s) => s.actions).filter((a) => a.startsWith('s3:'));
    expect(s3.filter((a) => /^s3:((Get|Put|Delete|Restore)Object(Acl|Tagging|Version\w*)?|ListBucketVersions|PutBucketPolicy|DeleteBucketPolicy|PutBucketAcl)$/.test(a))).toEqual([]);
    expect(s3).toContain('s3:GetBucketObjectLockConfiguration');
  });

  test("scopes RDS resources to the environment's account and region", () => {
    const rds = allowed.flatMap((s) => s.resources).filter((r) => r.startsWith('arn:aws:rds:'));
    expect(rds.length).toBeGreaterThan(0);
    expect(rds.every((r) => r.startsWith('arn:aws:rds:eu-west-1:111111111111:'))).toBe(true);
  });
});
