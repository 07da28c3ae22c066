import type { Team } from './team';

/** One environment of the organisation: a cluster in one AWS account and region. */
export interface EnvironmentProps {
  /** The environment's name, an RFC 1123 label (e.g. `staging`, `prod`). */
  readonly name: string;

  /** The AWS account (12 digits) the environment's cluster runs in. */
  readonly awsAccountId: string;

  /** The AWS region the environment's cluster runs in (e.g. `eu-west-1`). */
  readonly awsRegion: string;

  /**
   * The EKS cluster's name.
   * @default - `<org name>-<environment name>`
   */
  readonly clusterName?: string;

  /**
   * The ingress class that serves the apps' public routes.
   * @default "nginx"
   */
  readonly ingressClass?: string;
}

/** A validated environment of an {@link Org}. */
export class Environment {
  /** The environment's name. */
  public readonly name: string;
  /** The AWS account of the environment's cluster. */
  public readonly awsAccountId: string;
  /** The AWS region of the environment's cluster. */
  public readonly awsRegion: string;
  /** The EKS cluster's name. */
  public readonly clusterName: string;
  /** The ingress class of public routes. */
  public readonly ingressClass: string;

  /** @internal use {@link Org} to create environments; it validates them. */
  constructor(props: EnvironmentProps, orgName: string) {
    this.name = props.name;
    this.awsAccountId = props.awsAccountId;
    this.awsRegion = props.awsRegion;
    this.clusterName = props.clusterName ?? `${orgName}-${props.name}`;
    this.ingressClass = props.ingressClass ?? 'nginx';
  }

  /**
   * The name of the IAM role a team's secret store assumes in this environment
   * (IRSA). The cloud stack creates it, scoped to the team's secret prefix.
   */
  public teamSecretsRoleName(team: Team): string {
    return `${this.clusterName}-eso-${team.name}`;
  }

  /** The ARN of {@link teamSecretsRoleName}. */
  public teamSecretsRoleArn(team: Team): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.teamSecretsRoleName(team)}`;
  }
}
