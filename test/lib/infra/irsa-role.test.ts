import { Cluster } from '../../../lib/infra/cluster';
import { IrsaRole } from '../../../lib/infra/irsa-role';
import { Network } from '../../../lib/infra/network';
import type { PolicyStatement } from '../../../lib/infra/policy';
import { errorOf, orgAndEnv, resourcesOf, roleNamed, testStack } from './infra-util';

function withCluster() {
  const { org, env } = orgAndEnv('staging');
  const { stack, synth } = testStack();
  const network = new Network(stack, 'network', { environment: env });
  const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
  return { stack, cluster, synth };
}

const READ: PolicyStatement = { sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] };

describe('IrsaRole', () => {
  test("lets only the named service accounts assume it, with tokens for STS, through the cluster's OIDC provider", () => {
    const { stack, cluster, synth } = withCluster();
    new IrsaRole(stack, 'reader', {
      cluster,
      roleName: 'reader',
      serviceAccounts: [
        { namespace: 'a', name: 'sa' },
        { namespace: 'b', name: 'sa' },
      ],
      statements: [READ],
    });
    const json = synth();
    const [oidcId] = Object.keys(resourcesOf(json, 'aws_iam_openid_connect_provider'));
    const [eksId] = Object.keys(resourcesOf(json, 'aws_eks_cluster'));
    const host = `\${replace(aws_eks_cluster.${eksId}.identity[0].oidc[0].issuer, "https://", "")}`;
    expect(roleNamed(json, 'reader').role.description).toBe('IRSA for system:serviceaccount:a:sa, system:serviceaccount:b:sa');
    expect(roleNamed(json, 'reader').trust).toEqual([
      {
        sid: 'ServiceAccountsOfCluster',
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [`\${aws_iam_openid_connect_provider.${oidcId}.arn}`] }],
        condition: [
          { test: 'StringEquals', variable: `${host}:sub`, values: ['system:serviceaccount:a:sa', 'system:serviceaccount:b:sa'] },
          { test: 'StringEquals', variable: `${host}:aud`, values: ['sts.amazonaws.com'] },
        ],
      },
    ]);
  });

  test('holds its statements as one inline policy', () => {
    const { stack, cluster, synth } = withCluster();
    new IrsaRole(stack, 'reader', {
      cluster,
      roleName: 'reader',
      serviceAccounts: [{ namespace: 'a', name: 'sa' }],
      statements: [READ, { sid: 'Tagged', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::bucket/*'], conditions: [{ test: 'StringEquals', variable: 'aws:ResourceTag/x', values: ['y'] }] }],
    });
    expect(roleNamed(synth(), 'reader').permissions).toEqual([
      { sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] },
      { sid: 'Tagged', effect: 'Allow', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::bucket/*'], condition: [{ test: 'StringEquals', variable: 'aws:ResourceTag/x', values: ['y'] }] },
    ]);
  });

  test('fails on every action wildcard, an empty subject list and a name IAM rejects, together', () => {
    const { stack, cluster } = withCluster();
    const message = errorOf(
      () =>
        new IrsaRole(stack, 'broad', {
          cluster,
          roleName: 'x'.repeat(65),
          serviceAccounts: [],
          statements: [
            { sid: 'All', actions: ['*'], resources: ['*'] },
            { sid: 'S3', actions: ['s3:*'], resources: ['arn:aws:s3:::b'] },
          ],
        }),
    );
    expect(message.split('\n')).toEqual([
      `test/broad: roleName = "${'x'.repeat(65)}" is not allowed: an IAM role name of at most 64 letters, digits and "+=,.@_-"`,
      'test/broad: serviceAccounts = [] is not allowed: at least one service account',
      'test/broad: statements[0].actions = ["*"] is not allowed: actions of a named service, never "*" or "<service>:*"',
      'test/broad: statements[1].actions = ["s3:*"] is not allowed: actions of a named service, never "*" or "<service>:*"',
    ]);
  });

  test('a prefix of service accounts (previews) is a namespace prefix ending in "-*": any other pattern is refused, each named', () => {
    const { stack, cluster } = withCluster();
    const message = errorOf(
      () =>
        new IrsaRole(stack, 'prefixes', {
          cluster,
          roleName: 'prefixes',
          serviceAccounts: [{ namespace: 'a', name: 'sa' }],
          serviceAccountsByPrefix: [
            { namespace: '*', name: 'sa' },
            { namespace: 'a-*-b', name: 'sa' },
            { namespace: 'a-pr-*', name: '*' },
            { namespace: 'a-pr-*', name: 'external-secrets' },
          ],
          statements: [READ],
        }),
    );
    expect(message.split('\n')).toEqual([
      'test/prefixes: serviceAccountsByPrefix[0] = {"namespace":"*","name":"sa"} is not allowed: a namespace prefix ending in "-*" and a service account name',
      'test/prefixes: serviceAccountsByPrefix[1] = {"namespace":"a-*-b","name":"sa"} is not allowed: a namespace prefix ending in "-*" and a service account name',
      'test/prefixes: serviceAccountsByPrefix[2] = {"namespace":"a-pr-*","name":"*"} is not allowed: a namespace prefix ending in "-*" and a service account name',
    ]);
  });
});
