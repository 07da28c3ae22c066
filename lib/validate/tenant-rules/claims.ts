import { TEAM_CLAIM_KINDS } from '../../org/team-kinds';
import type { RuleContext } from './context';
import { type TenantRule, asObject, celString } from './rule';

const CROSSPLANE_FIELD_ALLOWED =
  "none: Crossplane composes a claim with the platform's composition for its kind and fills this in itself (a team that chose the composition, its revision or the resources it refers to would choose what the platform creates in the cloud)";

/**
 * A team's claims are composed by the platform's compositions only: the
 * claim may not name a composition, a revision, a selector or the resources
 * it refers to (`spec.crossplane`). Their parameters are held to the
 * environment's governance by the API server itself, with the schema of the
 * platform's XRD (generated from the same governance paved checks them with).
 */
export function claimsRule(ctx: RuleContext): TenantRule {
  return {
    name: 'paved-team-claims',
    summary: "A team's claims are composed by the platform's compositions only.",
    namespaces: ctx.teams.flatMap((t) => t.namespaces),
    resources: TEAM_CLAIM_KINDS.map((k) => ({ group: k.group, version: '*', resource: k.resource, kind: k.kind })),
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks: [
      {
        field: 'spec.crossplane',
        expression: '!has(object.spec.crossplane)',
        messageExpression: celString(`spec.crossplane is not allowed: ${CROSSPLANE_FIELD_ALLOWED}`),
        check: (o) => (asObject(o.spec)?.crossplane === undefined ? undefined : `spec.crossplane is not allowed: ${CROSSPLANE_FIELD_ALLOWED}`),
      },
    ],
  };
}
