import { previewNamespace } from '../org/preview-names';
import { Construct } from 'constructs';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Cluster } from './cluster';
import { AWS_LOAD_BALANCER_CONTROLLER } from '../addons/aws-load-balancer-controller';
import type { AddOnCloudRole } from '../addons/cloud-rights';
import { CROSSPLANE_PROVIDER_AWS } from '../addons/crossplane-provider-aws';
import type { AddOnDeclaration } from '../addons/declaration';
import { EXTERNAL_DNS } from '../addons/external-dns';
import { ADD_ONS } from '../addons/registry';
import { PLATFORM_SECRETS_SERVICE_ACCOUNT, TEAM_SECRETS_SERVICE_ACCOUNT, monitoringSecretsStatements, platformSecretsStatements, teamSecretsStatements } from './controller-policies';
import { IrsaRole } from './irsa-role';
import { IAM_ROLE_NAME_MAX } from '../private/aws-arns';
import { GRAFANA_ADMIN_SECRET, MONITORING_SECRETS_IDENTITY } from '../org/identities';
import { PropChecker } from '../private/problems';

/** Props of {@link ControllerRoles}. */
export interface ControllerRolesProps {
  /** The organisation: one External Secrets role per team. */
  readonly org: Org;
  /** The environment: role names, account and region come from it. */
  readonly environment: Environment;
  /** The cluster whose service accounts assume the roles. */
  readonly cluster: Cluster;
  /** The environment's VPC (the load balancer controller opens security groups in it only). */
  readonly vpcId: string;
  /** The environment's hosted zones (external-dns changes records in them only). */
  readonly hostedZoneIds: readonly string[];
}

/** Records what is wrong with the role names {@link ControllerRolesProps} derive. @internal */
export function checkControllerRolesProps(check: PropChecker, props: Pick<ControllerRolesProps, 'environment'>): void {
  const env = props.environment;
  for (const role of ADD_ONS.flatMap((a: AddOnDeclaration) => (a.cloudRole ? [a.cloudRole.roleName(env)] : []))) {
    check.check(role.length <= IAM_ROLE_NAME_MAX, 'environment.clusterName', env.clusterName, `a name short enough that the IAM role "${role}" fits ${IAM_ROLE_NAME_MAX} characters`);
  }
}

/**
 * The IAM roles of the platform's controllers (IRSA): one External Secrets
 * role per team, named `env.teamSecretsRoleName(team)`, that reads only the
 * team's secret prefix and only from the team's `external-secrets` service
 * accounts; for a private GitOps repository, the platform secret store's
 * role, `env.platformSecretsRoleName()`, that reads the repository's
 * credentials secret only; the monitoring secret store's; and one role per
 * registered add-on that declares cloud rights (`cloudRole` in lib/addons/),
 * trusted by exactly its service accounts: Crossplane's AWS provider role,
 * limited to the RDS and S3 resources it manages; the AWS Load Balancer
 * Controller's, limited to what it tags with the cluster's name;
 * external-dns's, limited to the environment's hosted zones.
 */
export class ControllerRoles extends Construct {
  /** Crossplane's AWS provider role's ARN. */
  public readonly crossplaneRoleArn: string;
  /** Each team's External Secrets role ARN, by team name. */
  public readonly teamSecretsRoleArns: Readonly<Record<string, string>>;
  /** The platform secret store's role ARN, when the GitOps repository has credentials. */
  public readonly platformSecretsRoleArn?: string;
  /** The monitoring secret store's role ARN, where the environment runs the monitoring stack. */
  public readonly monitoringSecretsRoleArn?: string;
  /** The AWS Load Balancer Controller's role ARN. */
  public readonly loadBalancerControllerRoleArn: string;
  /** external-dns's role ARN. */
  public readonly externalDnsRoleArn: string;
  /** The role ARN of every registered add-on that declares cloud rights, by add-on name. */
  public readonly addOnRoleArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ControllerRolesProps) {
    super(scope, id);
    const { org, environment: env, cluster } = props;
    const check = new PropChecker(this.node.path);
    checkControllerRolesProps(check, props);
    check.throwIfAny();
    const arns: Record<string, string> = {};
    for (const team of org.teams) {
      arns[team.name] = new IrsaRole(this, `external-secrets-${team.name}`, {
        cluster,
        roleName: env.teamSecretsRoleName(team),
        serviceAccounts: team.namespaces.map((namespace) => ({ namespace, name: TEAM_SECRETS_SERVICE_ACCOUNT })),
        // and, where the environment takes previews of pull requests, the team's preview namespaces (<team>-pr-<number>)
        ...(env.previews ? { serviceAccountsByPrefix: [{ namespace: previewNamespace(team, '*'), name: TEAM_SECRETS_SERVICE_ACCOUNT }] } : {}),
        statements: teamSecretsStatements(env, team),
        description: `External Secrets of team ${team.name} in ${env.clusterName}: reads secrets under ${team.secretPrefix}`,
      }).roleArn;
    }
    this.teamSecretsRoleArns = arns;
    const credentials = org.gitops.credentialsSecret;
    if (credentials !== undefined) {
      this.platformSecretsRoleArn = new IrsaRole(this, 'external-secrets-platform', {
        cluster,
        roleName: env.platformSecretsRoleName(),
        serviceAccounts: [PLATFORM_SECRETS_SERVICE_ACCOUNT],
        statements: platformSecretsStatements(env, credentials),
        description: `External Secrets of the platform in ${env.clusterName}: reads the GitOps repository credentials ${credentials}`,
      }).roleArn;
    }
    if (env.monitoring) {
      this.monitoringSecretsRoleArn = new IrsaRole(this, 'external-secrets-monitoring', {
        cluster,
        roleName: env.monitoringSecretsRoleName(),
        serviceAccounts: [MONITORING_SECRETS_IDENTITY],
        statements: monitoringSecretsStatements(env, org.teams, GRAFANA_ADMIN_SECRET),
        description: `External Secrets of the monitoring stack in ${env.clusterName}: reads the teams' alerting secrets and Grafana's admin credentials`,
      }).roleArn;
    }
    // every registered add-on that declares cloud rights: its role, trusted by exactly its service accounts
    const addOnRoles: Record<string, string> = {};
    for (const addOn of ADD_ONS.filter((a: AddOnDeclaration) => a.cloudRole !== undefined)) {
      const role = addOn.cloudRole as AddOnCloudRole;
      addOnRoles[addOn.name] = new IrsaRole(this, role.id, {
        cluster,
        roleName: role.roleName(env),
        serviceAccounts: role.serviceAccounts,
        statements: role.statements({ org, environment: env, vpcId: props.vpcId, hostedZoneIds: props.hostedZoneIds }),
        description: role.description(env),
      }).roleArn;
    }
    this.addOnRoleArns = addOnRoles;
    this.crossplaneRoleArn = addOnRoles[CROSSPLANE_PROVIDER_AWS.name];
    this.loadBalancerControllerRoleArn = addOnRoles[AWS_LOAD_BALANCER_CONTROLLER.name];
    this.externalDnsRoleArn = addOnRoles[EXTERNAL_DNS.name];
  }
}
