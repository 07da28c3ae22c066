/**
 * The IAM permissions of the platform's controllers, as plain statements (no
 * cdktf here: they are data, checked by tests and rendered by {@link IrsaRole}).
 */
import type { Environment } from '../org/environment';
import { CROSSPLANE_NAMESPACE, SECRETS_SERVICE_ACCOUNT } from '../org/identities';
import type { Team } from '../org/team';
import { regionalArn } from '../private/aws-arns';
import type { PolicyStatement } from './policy';

export { CROSSPLANE_MANAGED_BY, MANAGED_BY_TAG_KEY, RDS_READ_ACTIONS, S3_READ_ACTIONS, S3_WRITE_ACTIONS, crossplaneStatements } from '../addons/crossplane-provider-aws';

/** The service account External Secrets uses in each of a team's namespaces (shared with the GitOps side). */
export const TEAM_SECRETS_SERVICE_ACCOUNT = SECRETS_SERVICE_ACCOUNT;
export { CROSSPLANE_NAMESPACE };

/** Actions a team's secret store needs to read one secret and its metadata. */
export const TEAM_SECRETS_ACTIONS: readonly string[] = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'];

/** The ARN pattern of a team's secrets: its prefix, then the name and AWS's random suffix. */
export function teamSecretsArnPattern(env: Environment, team: Team): string {
  return regionalArn(env.awsRegion, env.awsAccountId, 'secretsmanager', `secret:${team.secretPrefix}*`);
}

/** What a team's External Secrets role may do: read the secrets under the team's prefix, in its environment's account and region. */
export function teamSecretsStatements(env: Environment, team: Team): PolicyStatement[] {
  return [{ sid: 'ReadTeamSecrets', actions: TEAM_SECRETS_ACTIONS, resources: [teamSecretsArnPattern(env, team)] }];
}

/**
 * What the monitoring namespace's secret store may do: read each team's
 * alerting secrets (`<team prefix>alerting/*`: Slack webhooks, PagerDuty
 * routing keys) and Grafana's admin credentials, nothing else.
 */
export function monitoringSecretsStatements(env: Environment, teams: readonly Team[], grafanaAdminSecret: string): PolicyStatement[] {
  return [
    {
      sid: 'ReadAlertingSecrets',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [...teams.map((t) => regionalArn(env.awsRegion, env.awsAccountId, 'secretsmanager', `secret:${t.secretPrefix}alerting/*`)), secretArnPattern(env, grafanaAdminSecret)],
    },
  ];
}

/** The namespace and service account of the platform's own secret store (repository credentials for Argo CD). */
export const PLATFORM_SECRETS_SERVICE_ACCOUNT = { namespace: 'argocd', name: SECRETS_SERVICE_ACCOUNT } as const;

/** The ARN pattern of one named secret: its name, then AWS's 6-character random suffix. */
export function secretArnPattern(env: Environment, name: string): string {
  return regionalArn(env.awsRegion, env.awsAccountId, 'secretsmanager', `secret:${name}-??????`);
}

/** What the platform's secret store may do: read the GitOps repository's credentials secret, that one only. */
export function platformSecretsStatements(env: Environment, credentialsSecret: string): PolicyStatement[] {
  return [{ sid: 'ReadRepositoryCredentials', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secretArnPattern(env, credentialsSecret)] }];
}
