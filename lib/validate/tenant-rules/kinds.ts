import { teamDefinitionOutputs } from '../../definitions/team-allowlist';
import { type TeamKind, kindListed, showKind } from '../../org/team-kinds';
import type { RuleTeam } from './context';
import { type TenantRule, celString } from './rule';

/** What a team's deployer may create: the kinds Argo CD applies from its apps folder, and what its allowed KubeVela definitions render. */
export function deployerKinds(team: RuleTeam): TeamKind[] {
  const out: TeamKind[] = [...team.allowedKinds];
  for (const o of teamDefinitionOutputs()) if (!kindListed(out, o)) out.push({ group: o.group, kind: o.kind });
  return out;
}

/**
 * The kinds a team's deployer creates in the team's namespaces: those of its
 * apps folder (`Team.allowedKinds`) and what its allowed definitions render,
 * nothing else (its role says the same; this is the cluster's second word).
 */
export function kindsRule(team: RuleTeam): TenantRule {
  const kinds = deployerKinds(team);
  const list = `[${kinds.map((k) => `[${celString(k.group)}, ${celString(k.kind)}]`).join(', ')}]`;
  const match = (g: string, k: string) => `(${list}.exists(e, (e[0] == '*' || e[0] == ${g}) && (e[1] == '*' || e[1] == ${k})))`;
  const allowed = ` is not allowed in team ${team.name}'s namespaces: one of ${kinds.map(showKind).join(', ')} (a platform engineer can add kinds to the team's extraKinds in the org)`;
  return {
    name: `paved-team-kinds-${team.name}`,
    summary: `Team ${team.name}'s deployer creates only the team's kinds.`,
    team: team.name,
    namespaces: team.namespaces,
    resources: [{ group: '*', version: '*', resource: '*', kind: '*' }],
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks: [
      {
        field: 'kind',
        expression: match('request.kind.group', 'request.kind.kind'),
        messageExpression: `request.kind.kind + (request.kind.group == '' ? '' : ' (' + request.kind.group + ')') + ${celString(allowed)}`,
        check: (_o, k) => (kindListed(kinds, k) ? undefined : `${showKind(k)}${allowed}`),
      },
    ],
  };
}
