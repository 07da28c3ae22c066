/**
 * Evaluates one tenant rule's generated admission policy and binding on one
 * object, with paved's offline evaluator of ValidatingAdmissionPolicies (as
 * the API server would for a CREATE by that user, in a namespace labelled as
 * the platform labels team namespaces); returns the denial messages.
 */
import { TEAM_CLAIM_KINDS } from '../../../lib';
import { previewNamespaceTeam } from '../../../lib/org/preview-names';
import { evaluateAdmission } from '../../../lib/validate/admission';
import { type RuleContext, type TenantRule, admissionPolicy } from '../../../lib/validate/tenant-rules';

export function admissionVerdict(ctx: RuleContext, rule: TenantRule, object: Record<string, unknown>, userInfo: { username: string; groups?: string[] }): string[] {
  const { policy, binding } = admissionPolicy(ctx, rule);
  const namespace = (object.metadata as { namespace?: string } | undefined)?.namespace ?? 'default';
  // a team's namespaces, and its previews' (<team>-pr-<number>), carry its label
  const team = ctx.teams.find((t) => t.namespaces.includes(namespace) || previewNamespaceTeam(namespace, [t.name]) === t.name);
  const report = evaluateAdmission({
    policies: [{ file: 'policy.yaml', object: policy as unknown as Record<string, unknown> }],
    bindings: [{ file: 'binding.yaml', object: binding as unknown as Record<string, unknown> }],
    objects: [{ file: 'object.yaml', object }],
    namespaces: [{ file: 'ns.yaml', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: team ? { 'paved.dev/team': team.name } : {} } } }],
    // the platform's claim kinds, as the cluster serves them (from their XRDs)
    definitions: TEAM_CLAIM_KINDS.map((k) => ({
      file: 'xrd.yaml',
      object: {
        apiVersion: 'apiextensions.crossplane.io/v2',
        kind: 'CompositeResourceDefinition',
        metadata: { name: `${k.resource}.${k.group}` },
        spec: { group: k.group, names: { kind: k.kind, plural: k.resource }, versions: [{ name: 'v1alpha1', served: true }] },
      },
    })),
    userInfo: { groups: [], ...userInfo },
  });
  if (report.problems.length) throw new Error(`${rule.name}: not evaluated: ${report.problems.map((p) => p.message).join('; ')}`);
  return report.violations.map((v) => v.message);
}
