import { PREVIEWS_FOLDER, previewNamespaceTeam, previewNamespaceTeamName } from '../../org/preview-names';
import type { Org } from '../../org/org';
import { groupOf } from '../../org/team-kinds';
import type { ManifestObject } from '../findings';
import { type RuleContext, ruleContext } from './context';
import type { TenantRule } from './rule';
import { asObject, str } from './rule';

/** An object of a tree with who applies it: a team's deployer (its apps folder, what its Applications render), or the platform. */
export interface AppliedObject {
  readonly manifest: ManifestObject;
  /** The team whose deployer applies it; `undefined` when the platform applies it. */
  readonly appliedBy?: string;
  /** Whether KubeVela rendered it from an Application (it applies it; Argo CD applied the Application). */
  readonly rendered?: boolean;
}

/** One refusal of a tenant rule. */
export interface TenantRuleProblem {
  readonly manifest: ManifestObject;
  /** The rule (the admission policy's name). */
  readonly rule: string;
  readonly field: string;
  /** The refusal, word for word what the admission policy says. */
  readonly message: string;
}

/** Every environment's tenant rule data, by environment (cluster folder) name. */
export function ruleContextsOf(org: Org): Record<string, RuleContext> {
  return Object.fromEntries(org.environments.map((env) => [env.name, ruleContext(org, env)]));
}

/** A rule's namespaces as a set, made once per rule (a platform-wide rule names every team's namespace). */
const namespaceSets = new WeakMap<TenantRule, ReadonlySet<string>>();
function namespacesOf(rule: TenantRule): ReadonlySet<string> {
  let set = namespaceSets.get(rule);
  if (!set) {
    set = new Set(rule.namespaces);
    namespaceSets.set(rule, set);
  }
  return set;
}

/** Whether a rule applies to an object as it is applied (its namespace, kind and requester), as the policy's match does. */
export function ruleMatches(rule: TenantRule, applied: AppliedObject): boolean {
  const object = applied.manifest.object;
  const namespace = str(asObject(object.metadata)?.namespace);
  if (namespace === undefined) return false;
  if (!namespacesOf(rule).has(namespace) && previewNamespaceTeam(namespace, rule.teams ?? (rule.team === undefined ? [] : [rule.team])) === undefined) return false;
  const group = groupOf(String(object.apiVersion ?? ''));
  const kind = String(object.kind ?? '');
  if (!rule.resources.some((r) => (r.group === '*' || r.group === group) && (r.kind === '*' || r.kind === kind))) return false;
  if (rule.requesters === 'any') return true;
  return applied.appliedBy !== undefined && (rule.team === undefined || rule.team === applied.appliedBy);
}

/**
 * The objects by namespace, and those of preview namespaces by the team the namespace names (`<team>-pr-<n>`), as
 * positions in the list: a rule looks only at the objects of its namespaces (a rule is per team, so scanning every
 * object for each rule would grow with teams × objects).
 */
function namespaceIndex(objects: readonly AppliedObject[]): { byNamespace: Map<string, number[]>; byPreviewTeam: Map<string, number[]> } {
  const byNamespace = new Map<string, number[]>();
  const byPreviewTeam = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const at = map.get(key);
    if (at) at.push(i);
    else map.set(key, [i]);
  };
  objects.forEach((applied, i) => {
    const namespace = str(asObject(applied.manifest.object.metadata)?.namespace);
    if (namespace === undefined) return;
    add(byNamespace, namespace, i);
    const team = previewNamespaceTeamName(namespace);
    if (team !== undefined) add(byPreviewTeam, team, i);
  });
  return { byNamespace, byPreviewTeam };
}

/** The positions of the objects a rule may match (its namespaces', its teams' previews'), in the list's order. */
function candidates(rule: TenantRule, index: ReturnType<typeof namespaceIndex>): number[] {
  const teams = rule.teams ?? (rule.team === undefined ? [] : [rule.team]);
  const at = new Set<number>();
  for (const namespace of rule.namespaces) for (const i of index.byNamespace.get(namespace) ?? []) at.add(i);
  for (const team of teams) for (const i of index.byPreviewTeam.get(team) ?? []) at.add(i);
  return [...at].sort((a, b) => a - b);
}

/** Runs the TypeScript side of every rule on the objects it matches: the refusals, in rule order. */
export function checkTenantRules(rules: readonly TenantRule[], objects: readonly AppliedObject[]): TenantRuleProblem[] {
  const problems: TenantRuleProblem[] = [];
  const index = namespaceIndex(objects);
  for (const rule of rules) {
    for (const i of candidates(rule, index)) {
      const applied = objects[i];
      if (!ruleMatches(rule, applied)) continue;
      const object = applied.manifest.object;
      const kind = { group: groupOf(String(object.apiVersion ?? '')), kind: String(object.kind ?? '') };
      for (const check of rule.checks) {
        if (check.kinds && !check.kinds.includes(kind.kind)) continue;
        const message = check.check(object, kind);
        if (message !== undefined) problems.push({ manifest: applied.manifest, rule: rule.name, field: check.field, message });
      }
    }
  }
  return problems;
}

/** Who applies an object of a cluster's folder: the team of `teams/<team>/apps/…` (and of its previews' apps, `previews/<team>/apps/…`), else the platform. */
export function appliedByOfFile(file: string, cluster: string): string | undefined {
  const rest = cluster ? (file.startsWith(`${cluster}/`) ? file.slice(cluster.length + 1) : undefined) : file;
  if (rest === undefined) return undefined;
  const [area, team, folder] = rest.split('/');
  return (area === 'teams' || area === PREVIEWS_FOLDER) && folder === 'apps' ? team : undefined;
}
