import { previewNamespace } from '../org/preview-names';
import { Construct } from 'constructs';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Cluster } from './cluster';
import {
  CROSSPLANE_NAMESPACE,
  PLATFORM_SECRETS_SERVICE_ACCOUNT,
  TEAM_SECRETS_SERVICE_ACCOUNT,
  crossplaneStatements,
  monitoringSecretsStatements,
  platformSecretsStatements,
  teamSecretsStatements,
} from './controller-policies';
import { IrsaRole } from './irsa-role';
import { IAM_ROLE_NAME_MAX } from './aws-arns';
import {
  CROSSPLANE_AWS_SERVICES,
  EXTERNAL_DNS_IDENTITY,
  GRAFANA_ADMIN_SECRET,
  LOAD_BALANCER_CONTROLLER_IDENTITY,
  MONITORING_SECRETS_IDENTITY,
  crossplaneProviderServiceAccount,
} from '../org/identities';
import { externalDnsStatements, loadBalancerControllerStatements } from './traffic-policies';
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
  for (const role of [env.crossplaneRoleName(), env.loadBalancerControllerRoleName(), env.externalDnsRoleName()]) {
    check.check(role.length <= IAM_ROLE_NAME_MAX, 'environment.clusterName', env.clusterName, `a name short enough that the IAM role "${role}" fits ${IAM_ROLE_NAME_MAX} characters`);
  }
}

/**
 * The IAM roles of the platform's controllers (IRSA): one External Secrets
 * role per team, named `env.teamSecretsRoleName(team)`, that reads only the
 * team's secret prefix and only from the team's `external-secrets` service
 * accounts; Crossplane's AWS provider role, `env.crossplaneRoleName()`,
 * limited to the RDS and S3 resources it manages; the AWS Load Balancer
 * Controller's, `env.loadBalancerControllerRoleName()`, limited to what it
 * tags with the cluster's name; external-dns's, `env.externalDnsRoleName()`,
 * limited to the environment's hosted zones; and, for a private GitOps
 * repository, the platform secret store's role, `env.platformSecretsRoleName()`,
 * that reads the repository's credentials secret only.
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
    this.crossplaneRoleArn = new IrsaRole(this, 'crossplane-aws', {
      cluster,
      roleName: env.crossplaneRoleName(),
      // one service account per provider, named by the GitOps side's DeploymentRuntimeConfigs (shared constants)
      serviceAccounts: CROSSPLANE_AWS_SERVICES.map((service) => ({ namespace: CROSSPLANE_NAMESPACE, name: crossplaneProviderServiceAccount(service) })),
      statements: crossplaneStatements(env),
      description: `Crossplane AWS provider in ${env.clusterName}: RDS and S3 resources tagged paved.dev/managed-by=crossplane`,
    }).roleArn;
    this.loadBalancerControllerRoleArn = new IrsaRole(this, 'aws-load-balancer-controller', {
      cluster,
      roleName: env.loadBalancerControllerRoleName(),
      serviceAccounts: [LOAD_BALANCER_CONTROLLER_IDENTITY],
      statements: loadBalancerControllerStatements(env, props.vpcId),
      description: `AWS Load Balancer Controller of ${env.clusterName}: load balancers, target groups and security groups tagged elbv2.k8s.aws/cluster=${env.clusterName}`,
    }).roleArn;
    this.externalDnsRoleArn = new IrsaRole(this, 'external-dns', {
      cluster,
      roleName: env.externalDnsRoleName(),
      serviceAccounts: [EXTERNAL_DNS_IDENTITY],
      statements: externalDnsStatements(env, props.hostedZoneIds),
      description: `external-dns of ${env.clusterName}: records of the environment's hosted zones`,
    }).roleArn;
  }
}
