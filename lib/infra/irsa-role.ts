import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PropChecker } from '../private/problems';
import { IAM_ROLE_NAME_MAX } from '../private/aws-arns';
import type { Cluster } from './cluster';
import type { PolicyStatement } from './policy';
import { permissionsDocument, trustDocument } from './policy';

/** A Kubernetes service account. */
export interface ServiceAccountRef {
  /** Its namespace. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/** Props of {@link IrsaRole}. */
export interface IrsaRoleProps {
  /** The cluster whose OIDC provider vouches for the service accounts. */
  readonly cluster: Cluster;
  /** The role's name (at most 64 characters). */
  readonly roleName: string;
  /** The service accounts that may assume the role (one or more, matched exactly). */
  readonly serviceAccounts: readonly ServiceAccountRef[];
  /**
   * Service accounts of namespaces made per pull request (previews), which
   * may assume the role too: a namespace that ends in `-*` (any name with that
   * prefix, matched with StringLike; only the platform creates namespaces).
   * @default - none
   */
  readonly serviceAccountsByPrefix?: readonly ServiceAccountRef[];
  /** What the role may do; no statement may allow every action. */
  readonly statements: readonly PolicyStatement[];
  /**
   * The role's description.
   * @default - names the service accounts
   */
  readonly description?: string;
}

/**
 * An IAM role for Kubernetes service accounts (IRSA): only the named service
 * accounts, with a token minted for STS, can assume it (`<issuer>:sub` and
 * `<issuer>:aud` both pinned with StringEquals), and it holds one inline policy.
 */
export class IrsaRole extends Construct {
  /** The role's ARN. */
  public readonly roleArn: string;
  /** The role's name. */
  public readonly roleName: string;
  /** The role (an escape hatch). */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const check = new PropChecker(this.node.path);
    check.check(
      /^[\w+=,.@-]+$/.test(props.roleName) && props.roleName.length <= IAM_ROLE_NAME_MAX,
      'roleName',
      props.roleName,
      `an IAM role name of at most ${IAM_ROLE_NAME_MAX} letters, digits and "+=,.@_-"`,
    );
    check.check(props.serviceAccounts.length > 0, 'serviceAccounts', props.serviceAccounts, 'at least one service account');
    (props.serviceAccountsByPrefix ?? []).forEach((sa, i) =>
      check.check(
        /^[a-z0-9]([a-z0-9-]*)-\*$/.test(sa.namespace) && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(sa.name),
        `serviceAccountsByPrefix[${i}]`,
        sa,
        'a namespace prefix ending in "-*" and a service account name',
      ),
    );
    check.check(props.statements.length > 0, 'statements', props.statements, 'at least one statement');
    props.statements.forEach((s, i) => {
      const broad = s.actions.filter((a) => a === '*' || a.endsWith(':*') || a.startsWith('*'));
      check.check(broad.length === 0, `statements[${i}].actions`, s.actions, 'actions of a named service, never "*" or "<service>:*"');
      check.check(s.resources.length > 0, `statements[${i}].resources`, s.resources, 'at least one resource');
    });
    check.throwIfAny();

    const host = props.cluster.oidcIssuerHost;
    const subjects = props.serviceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description ?? `IRSA for ${subjects.join(', ')}`,
      assumeRolePolicy: trustDocument(this, 'trust', [
        {
          sid: 'ServiceAccountsOfCluster',
          principal: { type: 'Federated', identifiers: [props.cluster.oidcProviderArn] },
          actions: ['sts:AssumeRoleWithWebIdentity'],
          conditions: [
            { test: 'StringEquals', variable: `${host}:sub`, values: subjects },
            { test: 'StringEquals', variable: `${host}:aud`, values: ['sts.amazonaws.com'] },
          ],
        },
        ...(props.serviceAccountsByPrefix?.length
          ? [
              {
                sid: 'ServiceAccountsOfPreviews',
                principal: { type: 'Federated' as const, identifiers: [props.cluster.oidcProviderArn] },
                actions: ['sts:AssumeRoleWithWebIdentity'],
                conditions: [
                  { test: 'StringLike', variable: `${host}:sub`, values: props.serviceAccountsByPrefix.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`) },
                  { test: 'StringEquals', variable: `${host}:aud`, values: ['sts.amazonaws.com'] },
                ],
              },
            ]
          : []),
      ]).json,
    });
    new IamRolePolicy(this, 'policy', { role: this.role.id, name: 'permissions', policy: permissionsDocument(this, 'permissions', props.statements).json });
    this.roleArn = this.role.arn;
    this.roleName = props.roleName;
  }
}
