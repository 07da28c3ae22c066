import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { type AllowedDefinition, TEAM_DEFINITIONS, teamDefinitionNames } from '../definitions/team-allowlist';
import type { Team } from '../org/team';
import { type TeamKind, showKind } from '../org/team-kinds';
import { compareStrings } from '../private/compare';
import { placeIn } from '../private/placement';
import { PavedValidationError, type Problem } from '../private/problems';
import { findImportsDir } from '../validate/catalog';
import type { CatalogIndex } from '../validate/catalog-types';
import { isClusterScopedCoreKind, isCoreApiVersion } from '../validate/core-check';
import { type ServiceAccountRef, teamDeployerAccount } from './app-project';
import { commonLabels } from './labels';
import { PlatformEnvironment } from './platform-environment';
import { DEPLOYER_VERBS, type RbacRule, deployerMayNotWrite } from './team-rbac';

/** The Role (and RoleBinding) in each team namespace that holds the team deployer's rights there. */
export const TEAM_DEPLOYER_ROLE = 'paved-deployer';

/** The Role in `vela-system` that lets team deployers use the allowed KubeVela definitions, and no other. */
export const TEAM_DEFINITIONS_ROLE = 'paved-team-definitions';

/** A resource the team's deployer may write, and why. */
export interface DeployerResource {
  /** The API group, `''` for the core group. */
  readonly group: string;
  /** The resource, as RBAC names it. */
  readonly resource: string;
  /** Why: the kinds of the team's apps folder (Argo CD applies them) and the definitions whose output it is (KubeVela applies them). */
  readonly reasons: readonly string[];
}

/** How a kind is named in RBAC, and whether it is namespaced. */
interface KindResource {
  readonly resource: string;
  readonly clusterScoped: boolean;
}

let catalogKinds: Map<string, KindResource> | undefined;

/** The CRDs of the committed schema catalog (imports/schemas/index.json): their plurals and scopes. */
function catalogResources(): Map<string, KindResource> {
  if (!catalogKinds) {
    const index = JSON.parse(fs.readFileSync(path.join(findImportsDir(), 'schemas', 'index.json'), 'utf8')) as CatalogIndex;
    catalogKinds = new Map(index.kinds.map((k) => [`${k.group}/${k.kind}`, { resource: k.plural, clusterScoped: k.scope === 'Cluster' }]));
  }
  return catalogKinds;
}

/** The composite resources the environment's platform defines (Crossplane XRDs in its chart): their plurals and scopes. */
function platformResources(scope: Construct): Map<string, KindResource> {
  const found = new Map<string, KindResource>();
  const env = [...scope.node.scopes].reverse().find(PlatformEnvironment.isPlatformEnvironment);
  for (const o of env ? platformConstructs(env) : []) {
    if (!ApiObject.isApiObject(o) || o.kind !== 'CompositeResourceDefinition' || !o.apiVersion.startsWith('apiextensions.crossplane.io/')) continue;
    const spec = (o.toJson() as { spec?: { group?: string; scope?: string; names?: { kind?: string; plural?: string } } }).spec;
    if (spec?.group && spec.names?.kind && spec.names.plural) found.set(`${spec.group}/${spec.names.kind}`, { resource: spec.names.plural, clusterScoped: spec.scope === 'Cluster' });
  }
  return found;
}

/**
 * The constructs of an environment but those of the teams' scopes registered
 * so far (a team's scope holds its tenancy and apps, never an XRD the team's
 * role could need): each team's deployer looks through the platform's part,
 * not through every team before it.
 */
function platformConstructs(env: PlatformEnvironment): IConstruct[] {
  const out: IConstruct[] = [];
  const stack: IConstruct[] = [env];
  while (stack.length > 0) {
    const c = stack.pop() as IConstruct;
    if (c !== env && env._isTeamScope(c)) continue;
    out.push(c);
    // in findAll's order (a construct, then its children in order)
    const children = c.node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/**
 * The plural Kubernetes' built-in kinds and kubebuilder's CRDs use: the kind
 * in lower case, `-es` after `s`, `x`, `ch` or `sh`, `-ies` for a consonant
 * and `y`, else `-s` (`Endpoints` stays).
 */
function pluralOf(kind: string): string {
  const s = kind.toLowerCase();
  if (s.endsWith('endpoints')) return s;
  if (s.endsWith('s') || s.endsWith('x') || s.endsWith('ch') || s.endsWith('sh')) return `${s}es`;
  if (/[^aeiou]y$/.test(s)) return `${s.slice(0, -1)}ies`;
  return `${s}s`;
}

/**
 * How RBAC names a kind: the CRD's plural from the environment's platform
 * (its XRDs) or the schema catalog, else the kind's plural (built-in kinds
 * and CRDs follow it).
 */
function resourceOf(kind: TeamKind, platform: Map<string, KindResource>): KindResource {
  const key = `${kind.group}/${kind.kind}`;
  const known = platform.get(key) ?? catalogResources().get(key);
  if (known) return known;
  const builtIn = isCoreApiVersion(kind.group ? `${kind.group}/v1` : 'v1');
  return { resource: pluralOf(kind.kind), clusterScoped: builtIn && isClusterScopedCoreKind(kind.kind) };
}

/**
 * What a team's deployer writes, resource by resource: the kinds of the
 * team's apps folder (`Team.allowedKinds`, which Argo CD applies as the
 * deployer) and what the allowed KubeVela definitions output (which KubeVela
 * applies as the deployer, see `TEAM_DEFINITIONS`). Sorted by group, then
 * resource. Kinds paved cannot grant (cluster-scoped, or never a team's)
 * are returned as problems.
 */
export function teamDeployerResources(team: Team, scope?: Construct): { resources: DeployerResource[]; refused: { kind: TeamKind; reason: string }[] } {
  const platform = scope ? platformResources(scope) : new Map<string, KindResource>();
  const byKey = new Map<string, { group: string; resource: string; reasons: string[] }>();
  const add = (group: string, resource: string, reason: string) => {
    const key = `${group}/${resource}`;
    const entry = byKey.get(key) ?? { group, resource, reasons: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    byKey.set(key, entry);
  };
  const refused: { kind: TeamKind; reason: string }[] = [];
  for (const kind of team.allowedKinds) {
    const { resource, clusterScoped } = resourceOf(kind, platform);
    if (clusterScoped) refused.push({ kind, reason: 'it is cluster-scoped (a Role grants only namespaced kinds)' });
    else if (deployerMayNotWrite(kind.group, resource)) refused.push({ kind, reason: 'a deployer may never write it' });
    else add(kind.group, resource, `apps folder: ${showKind(kind)}`);
  }
  for (const d of TEAM_DEFINITIONS) for (const o of d.creates) add(o.group, o.resource, `${definitionLabel(d)} ${d.name}`);
  const resources = [...byKey.values()].sort((a, b) => compareStrings(a.group, b.group) || compareStrings(a.resource, b.resource));
  return { resources, refused };
}

const definitionLabel = (d: AllowedDefinition): string => ({ ComponentDefinition: 'component', TraitDefinition: 'trait', WorkflowStepDefinition: 'workflow step' })[d.kind];

/** The deployer Role's rules: one per API group, the resources sorted, {@link DEPLOYER_VERBS} on each. */
export function teamDeployerRules(resources: readonly DeployerResource[]): RbacRule[] {
  const groups = [...new Set(resources.map((r) => r.group))];
  return groups.map((group) => ({
    apiGroups: [group],
    resources: resources.filter((r) => r.group === group).map((r) => r.resource),
    verbs: [...DEPLOYER_VERBS],
  }));
}

const DEFINITION_RESOURCES: Readonly<Record<AllowedDefinition['kind'], string>> = {
  ComponentDefinition: 'componentdefinitions',
  TraitDefinition: 'traitdefinitions',
  WorkflowStepDefinition: 'workflowstepdefinitions',
};

/**
 * The rules of the `vela-system` Role every team deployer is bound to: `get`
 * on exactly the definitions of `TEAM_DEFINITIONS`, by name. KubeVela's
 * definition check (its webhook asks the API server whether the requesting
 * user may `get` each definition an Application uses) then refuses any other.
 */
export function teamDefinitionsRules(): RbacRule[] {
  return (Object.keys(DEFINITION_RESOURCES) as AllowedDefinition['kind'][])
    .map((kind) => ({ kind, names: [...teamDefinitionNames(kind)].sort(compareStrings) }))
    .filter((k) => k.names.length > 0)
    .map((k) => ({ apiGroups: ['core.oam.dev'], resources: [DEFINITION_RESOURCES[k.kind]], verbs: ['get'], resourceNames: k.names }));
}

/** Props of {@link TeamDeployer}. */
export interface TeamDeployerProps {
  /** The team. */
  readonly team: Team;
}

/**
 * The rights of the identity every path from a team's apps folder to the
 * cluster applies as, its deployer ({@link teamDeployerAccount}): Argo CD
 * syncs the folder as it (sync impersonation: the team's project maps each of
 * its namespaces to it), and KubeVela applies what the team's Applications
 * render as it (its admission webhook records the requesting user, KubeVela
 * impersonates that user).
 *
 * In each team namespace, a Role `paved-deployer` with {@link DEPLOYER_VERBS}
 * on exactly the team's kinds and the allowed definitions' outputs (never
 * Secrets, ServiceAccounts, RBAC, namespaces, definitions or wildcards), and
 * its RoleBinding to the deployer. The deployer's ServiceAccount (in `argocd`)
 * comes with Argo CD (`ArgoCdAddOn`), its `get` on the allowed definitions in
 * `vela-system` with KubeVela (`KubeVelaAddOn`).
 *
 * Throws when one of the team's kinds cannot be granted (cluster-scoped, or
 * one a deployer never holds).
 */
export class TeamDeployer extends Construct {
  /** The service account. */
  public readonly account: ServiceAccountRef;
  /** What it may write in each of the team's namespaces, and why. */
  public readonly resources: readonly DeployerResource[];

  constructor(scope: Construct, id: string, props: TeamDeployerProps) {
    super(scope, id);
    const { team } = props;
    const { resources, refused } = teamDeployerResources(team, this);
    if (refused.length > 0) {
      const problems: Problem[] = refused.map((r) => ({
        path: this.node.path,
        prop: `team ${team.name}'s extraKinds`,
        value: showKind(r.kind),
        allowed: `a namespaced kind the team's deployer may write (${r.reason}; never Secrets, ServiceAccounts, Namespaces, quotas, network policies, RBAC, SecretStores, Argo CD's or the API server's configuration, or KubeVela definitions)`,
      }));
      throw new PavedValidationError(problems);
    }
    this.account = teamDeployerAccount(team);
    this.resources = resources;
    const labels = commonLabels(team);
    const subjects = [{ kind: 'ServiceAccount', namespace: this.account.namespace, name: this.account.name }];
    const rules = teamDeployerRules(resources);
    for (const ns of team.namespaces) {
      const holder = new Construct(this, ns);
      placeIn(holder, `teams/${team.name}/tenant/namespaces/${ns}`);
      const metadata = { name: TEAM_DEPLOYER_ROLE, namespace: ns, labels };
      new KubeRole(holder, 'Role', { metadata, rules: rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })) });
      new KubeRoleBinding(holder, 'RoleBinding', { metadata, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: TEAM_DEPLOYER_ROLE }, subjects });
    }
  }
}
