import type { Org } from '../org/org';
import type { Team } from '../org/team';
import { compareStrings } from '../private/compare';
import type { ManifestObject } from '../validate/findings';
import type { TeamScope } from './team-scope';
import { type TeamCost, treeUsage } from './team-usage';

/** How many of a team's costliest resources a budget problem names. */
const COSTLIEST = 3;

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * What a team's monthly budget must be at least, when the estimated monthly
 * costs of what it asks for across its environments are over it: the total,
 * the sum per environment (in the org's order) and the resources that cost
 * most. `undefined` when the team has no budget or keeps to it.
 */
export function budgetProblem(org: Org, team: Team, costs: readonly TeamCost[]): string | undefined {
  const budget = team.monthlyBudgetUsd;
  if (budget === undefined) return undefined;
  const perEnv = new Map<string, number>();
  for (const c of costs) perEnv.set(c.environment, (perEnv.get(c.environment) ?? 0) + c.usd);
  const total = round([...perEnv.values()].reduce((n, v) => n + v, 0));
  if (total <= budget) return undefined;
  const sums = org.environments
    .filter((e) => perEnv.has(e.name))
    .map((e) => `${e.name} ${round(perEnv.get(e.name) as number).toFixed(2)}`)
    .join(', ');
  const costliest = [...costs]
    .sort((a, b) => b.usd - a.usd || compareStrings(a.environment, b.environment) || compareStrings(a.resource, b.resource))
    .slice(0, COSTLIEST)
    .map((c) => `${c.environment} ${c.resource} ${c.usd.toFixed(2)}`)
    .join(', ');
  return `at least the estimated monthly cost of what team ${team.name} asks for across its environments, ${total.toFixed(2)} USD (${sums}; costliest: ${costliest}), or fewer or smaller resources`;
}

/**
 * A team's budget is for all it runs: the estimated monthly costs of what it
 * asks for in every environment, added up (each environment alone is checked
 * by its TeamScope). Costs come from the team scopes built in this run (with
 * the claims of the files they keep, see `chargeKeptFiles`), and for a team
 * and environment not built here, from the claims in `existing`, each priced
 * from its parameters (never from its cost annotation).
 * Returns one problem per team over its budget.
 */
export function checkBudgetsAcrossEnvironments(org: Org, scopes: readonly TeamScope[], existing: readonly ManifestObject[]): string[] {
  const kept = new Map(org.environments.map((env) => [env.name, treeUsage(org, env, existing).costs]));
  const problems: string[] = [];
  org.teams.forEach((team, i) => {
    const costs = org.environments.flatMap((env): TeamCost[] => {
      const scope = scopes.find((s) => s.team === team && s.environment.name === env.name);
      if (scope) return scope.monthlyCosts.map((c) => ({ environment: env.name, ...c }));
      return (kept.get(env.name) ?? []).filter((c) => c.team === team.name);
    });
    const problem = budgetProblem(org, team, costs);
    if (problem) problems.push(`org: teams[${i}].monthlyBudgetUsd = ${team.monthlyBudgetUsd} is not allowed: ${problem}`);
  });
  return problems;
}
