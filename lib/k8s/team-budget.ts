import type { Org } from '../org/org';
import type { ManifestObject } from '../validate/findings';
import type { TeamScope } from './team-scope';

/** The annotation on every claim with the estimated monthly cost of what it asks for, in USD. */
export const MONTHLY_COST_ANNOTATION = 'paved.dev/monthly-cost-usd';

/**
 * A team's budget is for all it runs: the estimated monthly costs of what it
 * asks for in every environment, added up (each environment alone is checked
 * by its TeamScope). Costs come from the team scopes built in this run, and,
 * for teams whose apps were not built here (a team repository's proposed
 * files), from the claims' cost annotations in the tree.
 * Returns one problem per team over its budget, with the sum per environment.
 */
export function checkBudgetsAcrossEnvironments(org: Org, scopes: readonly TeamScope[], existing: readonly ManifestObject[]): string[] {
  const problems: string[] = [];
  org.teams.forEach((team, i) => {
    const budget = team.monthlyBudgetUsd;
    if (budget === undefined) return;
    const perEnv = new Map<string, number>();
    const built = scopes.filter((s) => s.team === team);
    for (const s of built)
      perEnv.set(
        s.environment.name,
        s.monthlyCosts.reduce((n, c) => n + c.usd, 0),
      );
    for (const m of existing) {
      const [env, area, owner, folder] = m.file.split('/');
      if (area !== 'teams' || owner !== team.name || folder !== 'apps' || built.some((s) => s.environment.name === env)) continue;
      const annotations = (m.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {};
      const usd = Number(annotations[MONTHLY_COST_ANNOTATION]);
      if (Number.isFinite(usd)) perEnv.set(env, (perEnv.get(env) ?? 0) + usd);
    }
    const total = Math.round([...perEnv.values()].reduce((n, v) => n + v, 0) * 100) / 100;
    if (total <= budget) return;
    const list = org.environments
      .filter((e) => perEnv.has(e.name))
      .map((e) => `${e.name} ${(perEnv.get(e.name) as number).toFixed(2)}`)
      .join(', ');
    problems.push(
      `org: teams[${i}].monthlyBudgetUsd = ${budget} is not allowed: at least the estimated monthly cost of what team ${team.name} asks for across its environments, ${total.toFixed(2)} USD (${list}), or fewer or smaller resources`,
    );
  });
  return problems;
}
