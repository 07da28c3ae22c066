import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { show } from '../private/problems';
import type { Finding, ManifestObject } from '../validate/findings';
import { budgetProblem } from './team-budget';
import { quotaProblems } from './team-quota';
import type { TeamScope } from './team-scope';
import { type TeamCost, treeUsage } from './team-usage';

/**
 * Counts the files a synth keeps (a team repository's proposed apps) in the
 * budgets and quotas of the team scopes built for their environment: each
 * claim at its price from its parameters, each Application's pods from its
 * components, with the apps the synth builds. Returns the kept files'
 * problems (a claim that cannot be priced, a cost annotation that disagrees
 * with the price, a quantity that cannot be counted) in the scopes' teams'
 * folders, one line each.
 */
export function chargeKeptFiles(org: Org, env: Environment, scopes: readonly TeamScope[], existing: readonly ManifestObject[]): string[] {
  if (scopes.length === 0 || existing.length === 0) return [];
  const usage = treeUsage(org, env, existing);
  for (const scope of scopes) {
    for (const c of usage.costs.filter((c) => c.team === scope.team.name)) scope._addCost(c.resource, c.usd);
    for (const [namespace, footprints] of usage.footprints.get(scope.team.name) ?? []) for (const f of footprints) scope._addFootprint(namespace, f);
  }
  // a synth of some teams only answers for theirs
  const folders = scopes.map((s) => `${env.name}/teams/${s.team.name}/apps/`);
  return usage.findings.filter((f) => folders.some((d) => f.file.startsWith(d))).map((f) => `${f.file}: ${f.object}: ${f.field}: ${f.message}`);
}

/**
 * The budgets and quotas of an org, checked on a tree of files (`paved
 * validate` of the platform's tree, or of a team's proposal, with the org it
 * is for): every claim priced from its parameters, every Application's pods
 * counted, as the synth counts the apps it builds. A team over a limit is
 * reported on the org file (`orgFile`, as shown), naming the files that ask
 * for most; a claim or Application that cannot be counted, on its own file.
 */
export function teamUsageFindings(org: Org, objects: readonly ManifestObject[], orgFile: string): Finding[] {
  const findings: Finding[] = [];
  const costs: TeamCost[][] = org.teams.map(() => []);
  const limit = (team: string, field: string, value: unknown, allowed: string) =>
    findings.push({ severity: 'error', rule: 'tenant', file: orgFile, object: `Team ${team}`, field, message: `${show(value)} is not allowed: ${allowed}` });
  for (const env of org.environments) {
    const usage = treeUsage(org, env, objects);
    findings.push(...usage.findings);
    org.teams.forEach((team, i) => {
      costs[i].push(...usage.costs.filter((c) => c.team === team.name));
      const footprints = usage.footprints.get(team.name);
      if (footprints) for (const p of quotaProblems(team, env, footprints)) limit(team.name, p.field, p.value, p.allowed);
    });
  }
  org.teams.forEach((team, i) => {
    const problem = budgetProblem(org, team, costs[i]);
    if (problem) limit(team.name, 'monthlyBudgetUsd', team.monthlyBudgetUsd, problem);
  });
  return findings;
}
