import { Construct } from 'constructs';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Cluster } from './cluster';
import {
  CROSSPLANE_AWS_SERVICE_ACCOUNT, CROSSPLANE_NAMESPACE, TEAM_SECRETS_SERVICE_ACCOUNT, crossplaneStatements, teamSecretsStatements,
} from './controller-policies';
import { IrsaRole } from './irsa-role';

/** Props of {@link ControllerRoles}. */
export interface ControllerRolesProps {
  /** The organisation: one External Secrets role per team. */
  readonly org: Org;
  /** The environment: role names, account and region come from it. */
  readonly environment: Environment;
  /** The cluster whose service accounts assume the roles. */
  readonly cluster: Cluster;
  /**
   * The service account of Crossplane's AWS provider in `crossplane-system`
   * (set by the provider's DeploymentRuntimeConfig).
   * @default "provider-aws"
   */
  readonly crossplaneServiceAccount?: string;
}

/**
 * The IAM roles of the platform's controllers (IRSA): one External Secrets
 * role per team, named `env.teamSecretsRoleName(team)`, that reads only the
 * team's secret prefix and only from the team's `external-secrets` service
 * accounts; and Crossplane's AWS provider role, `env.crossplaneRoleName()`,
 * limited to the RDS and S3 resources it manages.
 */
export class ControllerRoles extends Construct {
  /** Crossplane's AWS provider role's ARN. */
  public readonly crossplaneRoleArn: string;
  /** Each team's External Secrets role ARN, by team name. */
  public readonly teamSecretsRoleArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ControllerRolesProps) {
    super(scope, id);
    const { org, environment: env, cluster } = props;
    const arns: Record<string, string> = {};
    for (const team of org.teams) {
      arns[team.name] = new IrsaRole(this, `external-secrets-${team.name}`, {
        cluster,
        roleName: env.teamSecretsRoleName(team),
        serviceAccounts: team.namespaces.map((namespace) => ({ namespace, name: TEAM_SECRETS_SERVICE_ACCOUNT })),
        statements: teamSecretsStatements(env, team),
        description: `External Secrets of team ${team.name} in ${env.clusterName}: reads secrets under ${team.secretPrefix}`,
      }).roleArn;
    }
    this.teamSecretsRoleArns = arns;
    this.crossplaneRoleArn = new IrsaRole(this, 'crossplane-aws', {
      cluster,
      roleName: env.crossplaneRoleName(),
      serviceAccounts: [{ namespace: CROSSPLANE_NAMESPACE, name: props.crossplaneServiceAccount ?? CROSSPLANE_AWS_SERVICE_ACCOUNT }],
      statements: crossplaneStatements(env),
      description: `Crossplane AWS provider in ${env.clusterName}: RDS and S3 resources tagged paved.dev/managed-by=crossplane`,
    }).roleArn;
  }
}
