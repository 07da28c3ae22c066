import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { compareStrings } from '../../private/compare';
import type { RuleContext } from './context';
import { type RuleCheck, type TenantRule, celStrings } from './rule';

/** The API version of the policies paved writes (GA since Kubernetes 1.30). */
export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';

/** The label of a team's namespaces (and its previews'), naming the team: set by the platform only (teams have no rights on namespaces). */
export const TEAM_NAMESPACE_LABEL = 'paved.dev/team';

/** The label every tenant policy and binding carries (paved finds them by it). */
export const TENANT_RULE_LABEL = 'paved.dev/tenant-rule';

/** The request condition of a rule that checks only the teams' own requests: their deployers and their members. */
export function teamRequesterCondition(ctx: RuleContext, rule: TenantRule): string {
  const teams = rule.team === undefined ? ctx.teams : ctx.teams.filter((t) => t.name === rule.team);
  const users = celStrings(teams.map((t) => t.deployer));
  const groups = celStrings([...new Set(teams.map((t) => t.ownerGroup))].sort(compareStrings));
  return `request.userInfo.username in ${users} || (has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${groups}))`;
}

/** A check's expression, limited to its kinds when it has some (the policy matches all of the rule's). */
function guarded(check: RuleCheck): string {
  if (!check.kinds) return check.expression;
  return `!(object.kind in ${celStrings(check.kinds)}) || (${check.expression})`;
}

/**
 * A tenant rule as the cluster enforces it: a ValidatingAdmissionPolicy that
 * fails closed (an expression that cannot be evaluated denies), and its
 * binding, which denies.
 */
export function admissionPolicy(ctx: RuleContext, rule: TenantRule): { policy: IValidatingAdmissionPolicy; binding: IValidatingAdmissionPolicyBinding } {
  const labels = { 'app.kubernetes.io/managed-by': 'paved', [TENANT_RULE_LABEL]: rule.team === undefined ? 'all-teams' : rule.team };
  // one resource rule per API group, so that no group is matched with another's resources
  const byGroup = [...new Set(rule.resources.map((r) => r.group))].sort(compareStrings);
  const resourceRules = byGroup.map((group) => ({
    apiGroups: [group],
    apiVersions: ['*'],
    resources: [...new Set(rule.resources.filter((r) => r.group === group).map((r) => r.resource))].sort(compareStrings),
    operations: [...rule.operations],
    scope: 'Namespaced' as const,
  }));
  const policy: IValidatingAdmissionPolicy = {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: rule.name, labels, annotations: { 'paved.dev/summary': rule.summary } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules,
        // the teams' namespaces and their previews' (<team>-pr-<number>), by the label only the platform sets on a namespace
        namespaceSelector: { matchExpressions: [{ key: TEAM_NAMESPACE_LABEL, operator: 'In', values: [...(rule.teams ?? (rule.team === undefined ? ctx.teams.map((t) => t.name) : [rule.team]))] }] },
      },
      ...(rule.requesters === 'team' ? { matchConditions: [{ name: 'requested-by-a-team', expression: teamRequesterCondition(ctx, rule) }] } : {}),
      validations: rule.checks.map((c) => ({
        expression: guarded(c),
        messageExpression: c.messageExpression,
        message: `${c.field}: ${rule.summary}`,
        reason: 'Forbidden',
      })),
    },
  };
  const binding: IValidatingAdmissionPolicyBinding = {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: rule.name, labels },
    spec: { policyName: rule.name, validationActions: ['Deny'] },
  };
  return { policy, binding };
}
