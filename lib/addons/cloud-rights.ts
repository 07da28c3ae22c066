/**
 * The cloud rights an add-on needs, as plain data: the IAM role its service
 * account assumes (IRSA) and that role's statements. The cloud side
 * (lib/infra/controller-roles.ts) creates one role per add-on that declares
 * one, trusted by exactly its service accounts.
 */
import type { Environment } from '../org/environment';
import type { ServiceAccountRef } from '../org/identities';
import type { Org } from '../org/org';

/** One condition of an IAM policy statement, e.g. `StringEquals` `aws:ResourceTag/team` = `payments`. */
export interface PolicyCondition {
  /** The condition operator, e.g. `StringEquals`, `StringLike`, `ArnLike`. */
  readonly test: string;
  /** The condition key, e.g. `aws:RequestTag/paved.dev/managed-by`. */
  readonly variable: string;
  /** The values, any of which satisfies the condition. */
  readonly values: readonly string[];
}

/** One statement of an identity-based IAM policy. */
export interface PolicyStatement {
  /** A statement id: letters and digits only. */
  readonly sid: string;
  /**
   * Allow or deny.
   * @default "Allow"
   */
  readonly effect?: 'Allow' | 'Deny';
  /** The actions, e.g. `rds:CreateDBInstance`; never `*`. */
  readonly actions: readonly string[];
  /** The resources (ARN patterns). */
  readonly resources: readonly string[];
  /**
   * Conditions, all of which must hold.
   * @default - none
   */
  readonly conditions?: readonly PolicyCondition[];
}

/** What an add-on's statements may depend on: the org, the environment, and what the cloud stack creates for it. */
export interface CloudRightsContext {
  /** The organisation. */
  readonly org: Org;
  /** The environment. */
  readonly environment: Environment;
  /** The environment's VPC. */
  readonly vpcId: string;
  /** The environment's hosted zones. */
  readonly hostedZoneIds: readonly string[];
}

/** The IAM role an add-on's controller assumes through its service account (IRSA). */
export interface AddOnCloudRole {
  /** The role's construct ID in the cloud stack (part of its Terraform address: stable). */
  readonly id: string;
  /** The role's name in an environment (its ARN goes into the add-on's values). */
  readonly roleName: (env: Environment) => string;
  /** The service accounts the role trusts, and no other. */
  readonly serviceAccounts: readonly ServiceAccountRef[];
  /** The role's description in an environment. */
  readonly description: (env: Environment) => string;
  /** What the role may do. */
  readonly statements: (context: CloudRightsContext) => PolicyStatement[];
}
