import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../../imports/eso-secretstore-external-secrets.io';
import type { Environment } from '../org/environment';
import type { Team } from '../org/team';
import { placeIn } from '../private/placement';
import { PavedValidationError } from '../private/problems';
import { ITeamNamespace, PlatformEnvironment } from './platform-environment';
import { commonLabels } from './labels';

/** Props of {@link TeamNamespace}. */
export interface TeamNamespaceProps {
  /** The team; it must be one of the environment's org. */
  readonly team: Team;
}

/** The name of every team's SecretStore. */
export const TEAM_SECRET_STORE_NAME = 'aws-secretsmanager';

/** The service account the team's SecretStore authenticates as. */
export const TEAM_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/**
 * A team's namespace in one environment, with the team's SecretStore.
 *
 * - `Namespace` named after the team, labelled for Pod Security "restricted";
 * - `ServiceAccount` `external-secrets` bound (IRSA) to the team's own IAM role,
 *   which the cloud stack scopes to the team's secret prefix;
 * - `SecretStore` `aws-secretsmanager` (AWS Secrets Manager) that authenticates
 *   with that service account, never with the controller's own identity.
 *
 * Apps of the team are defined inside it (it is the scope app definitions receive).
 */
export class TeamNamespace extends Construct implements ITeamNamespace {
  /** The team. */
  public readonly team: Team;
  /** The environment. */
  public readonly environment: Environment;
  /** The namespace's name. */
  public readonly namespaceName: string;
  /** The name of the team's SecretStore. */
  public readonly secretStoreName = TEAM_SECRET_STORE_NAME;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const platform = PlatformEnvironment.of(this);
    if (!platform.org.teams.includes(props.team)) {
      throw new PavedValidationError([{ path: this.node.path, prop: 'team', value: props.team.name, allowed: `a team of org ${platform.org.name} (${platform.org.teams.map((t) => t.name).join(', ')})` }]);
    }
    this.team = props.team;
    this.environment = platform.environment;
    this.namespaceName = props.team.namespace;
    placeIn(this, `teams/${props.team.name}`);

    const labels = commonLabels(this.team);
    new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: this.namespaceName,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });

    new kplus.ServiceAccount(this, 'SecretsServiceAccount', {
      metadata: {
        name: TEAM_SECRETS_SERVICE_ACCOUNT,
        namespace: this.namespaceName,
        labels,
        annotations: { 'eks.amazonaws.com/role-arn': this.environment.teamSecretsRoleArn(this.team) },
      },
      automountToken: false,
    });

    new SecretStore(this, 'SecretStore', {
      metadata: { name: TEAM_SECRET_STORE_NAME, namespace: this.namespaceName, labels },
      spec: {
        provider: {
          aws: {
            service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER,
            region: this.environment.awsRegion,
            auth: { jwt: { serviceAccountRef: { name: TEAM_SECRETS_SERVICE_ACCOUNT } } },
          },
        },
      },
    });

    platform._registerTeamNamespace(this);
  }
}
