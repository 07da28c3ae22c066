import { TerraformOutput } from 'cdktf';
import { Cluster } from '../../../lib/infra/cluster';
import { TEAM_SECRETS_SERVICE_ACCOUNT } from '../../../lib/infra/controller-policies';
import { ADD_ONS } from '../../../lib/addons/registry';
import { crossplaneProviderSubjects } from '../../../lib/org/identities';
import { ControllerRoles } from '../../../lib/infra/controller-roles';
import { Network } from '../../../lib/infra/network';
import { TEAM_SECRETS_SERVICE_ACCOUNT as GITOPS_TEAM_SECRETS_SERVICE_ACCOUNT } from '../../../lib/k8s/team-scope';
import { INFRA_ORG_PROPS, orgAndEnv, resourcesOf, roleNamed, testStack } from './infra-util';

function roles(envName = 'staging', orgProps = INFRA_ORG_PROPS) {
  const { org, env } = orgAndEnv(envName, orgProps);
  const { stack, synth } = testStack();
  const network = new Network(stack, 'network', { environment: env });
  const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
  const controllers = new ControllerRoles(stack, 'controllers', { org, environment: env, cluster, vpcId: network.vpcId, hostedZoneIds: ['Z0EXAMPLEPAYMENTS', 'Z0EXAMPLESEARCH'] });
  // what the role ARNs resolve to, through outputs
  new TerraformOutput(stack, 'crossplane', { value: controllers.crossplaneRoleArn });
  for (const [team, arn] of Object.entries(controllers.teamSecretsRoleArns)) new TerraformOutput(stack, `team-${team}`, { value: arn });
  const json = synth();
  const resolved = (output: string): string => json.output?.[output]?.value;
  return { org, env, controllers, json, resolved };
}

const subjects = (trust: any[]) => trust[0].condition.find((c: { variable: string }) => c.variable.endsWith(':sub'));

describe('ControllerRoles', () => {
  test('gives every registered add-on that declares cloud rights its role, trusted by exactly its service accounts', () => {
    const { env, json, controllers } = roles();
    const declared = ADD_ONS.filter((a) => a.cloudRole !== undefined);
    expect(Object.keys(controllers.addOnRoleArns)).toEqual(declared.map((a) => a.name));
    for (const addOn of declared) {
      const role = roleNamed(json, addOn.cloudRole?.roleName(env) ?? '');
      expect(subjects(role.trust).values).toEqual(addOn.cloudRole?.serviceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`));
    }
  });

  test('gives each team one External Secrets role, named as the GitOps side annotates its service accounts', () => {
    const { org, env, json, controllers, resolved } = roles();
    for (const team of org.teams) {
      const role = roleNamed(json, env.teamSecretsRoleName(team));
      expect(resolved(`team-${team.name}`)).toBe(`\${aws_iam_role.${role.id}.arn}`);
    }
    expect(Object.keys(controllers.teamSecretsRoleArns)).toEqual(['payments', 'search']);
  });

  test("lets only the external-secrets service accounts of the team's own namespaces assume its role", () => {
    const { org, env, json } = roles();
    expect(subjects(roleNamed(json, env.teamSecretsRoleName(org.team('payments'))).trust)).toMatchObject({
      test: 'StringEquals',
      values: ['system:serviceaccount:payments:external-secrets', 'system:serviceaccount:payments-ledger:external-secrets'],
    });
    expect(subjects(roleNamed(json, env.teamSecretsRoleName(org.team('search'))).trust).values).toEqual(['system:serviceaccount:search:external-secrets']);
  });

  test("where the environment takes previews, the team's preview namespaces (<team>-pr-<number>) may assume its role too, and nothing else does", () => {
    const props = { ...INFRA_ORG_PROPS, environments: INFRA_ORG_PROPS.environments.map((e) => (e.name === 'staging' ? { ...e, previews: {} } : e)) };
    const { org, env, json } = roles('staging', props);
    const trust = roleNamed(json, env.teamSecretsRoleName(org.team('payments'))).trust;
    expect(trust.map((s: { sid: string }) => s.sid)).toEqual(['ServiceAccountsOfCluster', 'ServiceAccountsOfPreviews']);
    expect(trust[1].condition).toEqual([
      { test: 'StringLike', variable: expect.stringMatching(/:sub$/), values: ['system:serviceaccount:payments-pr-*:external-secrets'] },
      { test: 'StringEquals', variable: expect.stringMatching(/:aud$/), values: ['sts.amazonaws.com'] },
    ]);
    // without previews (here prod), the exact subjects only
    const prod = roles('prod', props);
    expect(roleNamed(prod.json, prod.env.teamSecretsRoleName(prod.org.team('payments'))).trust.map((s: { sid: string }) => s.sid)).toEqual(['ServiceAccountsOfCluster']);
  });

  test('uses the service account name the GitOps side creates', () => {
    expect(TEAM_SECRETS_SERVICE_ACCOUNT).toBe(GITOPS_TEAM_SECRETS_SERVICE_ACCOUNT);
  });

  test("gives Crossplane's AWS providers their role, trusted by their service accounts in crossplane-system only", () => {
    const { env, json, resolved } = roles('prod');
    const role = roleNamed(json, env.crossplaneRoleName());
    expect(resolved('crossplane')).toBe(`\${aws_iam_role.${role.id}.arn}`);
    expect(subjects(role.trust)).toMatchObject({
      test: 'StringEquals',
      values: ['system:serviceaccount:crossplane-system:provider-aws-rds', 'system:serviceaccount:crossplane-system:provider-aws-s3'],
    });
    expect(role.permissions.map((s) => s.sid)).toEqual([
      'RdsCreateTagged',
      'RdsReferenceSharedResources',
      'RdsManageTagged',
      'RdsKeepManagedByTag',
      'RdsRead',
      'RdsServiceLinkedRole',
      'S3CreateTaggedBuckets',
      'S3ManageAccountBuckets',
    ]);
  });

  test("trusts exactly the service accounts the GitOps side's runtime configs name", () => {
    const { env, json } = roles('staging');
    expect(subjects(roleNamed(json, env.crossplaneRoleName()).trust).values).toEqual(crossplaneProviderSubjects());
  });

  test('creates nothing else: one role and one inline policy per controller', () => {
    const { json } = roles();
    const ours = (type: string) => Object.keys(resourcesOf(json, type)).filter((id) => id.startsWith('controllers_'));
    // two teams' External Secrets, the monitoring stack's, Crossplane, the load balancer controller, external-dns
    expect(ours('aws_iam_role')).toHaveLength(6);
    expect(ours('aws_iam_role_policy')).toHaveLength(6);
  });

  test("gives the platform's secret store a role that reads the private repository's credentials only, when there are credentials", () => {
    const props = { ...INFRA_ORG_PROPS, gitops: { ...INFRA_ORG_PROPS.gitops, credentialsSecret: 'platform/gitops' } };
    const { env, json, controllers } = roles('prod', props);
    const role = roleNamed(json, env.platformSecretsRoleName());
    expect(controllers.platformSecretsRoleArn).toBeDefined();
    expect(subjects(role.trust).values).toEqual(['system:serviceaccount:argocd:external-secrets']);
    expect(role.permissions).toEqual([
      {
        sid: 'ReadRepositoryCredentials',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: ['arn:aws:secretsmanager:eu-central-1:222222222222:secret:platform/gitops-??????'],
      },
    ]);
    expect(roles('prod').controllers.platformSecretsRoleArn).toBeUndefined();
  });
});
