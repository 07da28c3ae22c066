import type { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

import type { PolicyCondition, PolicyStatement } from '../addons/cloud-rights';

export type { PolicyCondition, PolicyStatement } from '../addons/cloud-rights';

/** One principal of a trust policy. */
export interface PolicyPrincipal {
  /** `Service`, `Federated` or `AWS`. */
  readonly type: 'Service' | 'Federated' | 'AWS';
  /** The principals' identifiers. */
  readonly identifiers: readonly string[];
}

/** A statement of a trust (assume-role) or resource policy: who may do what. */
export interface TrustStatement {
  /** A statement id. */
  readonly sid: string;
  /** Who may assume the role. */
  readonly principal: PolicyPrincipal;
  /** The actions, e.g. `sts:AssumeRoleWithWebIdentity`. */
  readonly actions: readonly string[];
  /**
   * The resources, in a resource policy that names them (a trust policy names none).
   * @default - none
   */
  readonly resources?: readonly string[];
  /**
   * Conditions, all of which must hold.
   * @default - none
   */
  readonly conditions?: readonly PolicyCondition[];
}

/**
 * A policy document (an `aws_iam_policy_document` data source) for identity-based statements.
 * Statements stay inspectable in the synthesized JSON.
 * @internal
 */
export function permissionsDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? 'Allow',
      actions: [...s.actions],
      resources: [...s.resources],
      ...(s.conditions && s.conditions.length > 0 ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
    })),
  });
}

/** A trust policy document (an `aws_iam_policy_document` data source). @internal */
export function trustDocument(scope: Construct, id: string, statements: readonly TrustStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: 'Allow',
      actions: [...s.actions],
      principals: [{ type: s.principal.type, identifiers: [...s.principal.identifiers] }],
      ...(s.resources ? { resources: [...s.resources] } : {}),
      ...(s.conditions && s.conditions.length > 0 ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
    })),
  });
}

/** The trust statement of an AWS service, e.g. `eks.amazonaws.com`. @internal */
export function serviceTrust(service: string, actions: readonly string[] = ['sts:AssumeRole'], conditions?: readonly PolicyCondition[]): TrustStatement {
  return { sid: 'AssumedByService', principal: { type: 'Service', identifiers: [service] }, actions, ...(conditions ? { conditions } : {}) };
}
