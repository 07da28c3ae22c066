import { IN_CLUSTER, PLATFORM_PROJECT, serviceAccountUser } from '../k8s/app-project';
import type { RbacRule } from '../k8s/team-rbac';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { compareStrings } from '../private/compare';
import type { ManifestObject } from '../validate/findings';
import { ARGOCD_CONTROLLER_NAMESPACE_RULES, CHART_CONTROLLER_RIGHTS } from './controller-rights';

/**
 * The access report's "Who applies what": every path from Git to the cluster,
 * the identity it applies as and that identity's rights, read from the tree
 * as rendered (the projects' `destinationServiceAccounts`, the RBAC objects,
 * the add-ons' values); the rights the controllers' charts give them come
 * from `CHART_CONTROLLER_RIGHTS`.
 */

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => asArray(v).map(str);
const code = (s: string) => `\`${s}\``;

const resourcesOf = (r: RbacRule): string[] => {
  const group = r.apiGroups.length === 1 ? r.apiGroups[0] : `{${r.apiGroups.map((g) => g || 'core').join(',')}}`;
  return r.resources.map((res) => (group ? `${res}.${group}` : res));
};

/** One RBAC rule, as the report prints it: `verbs resource.group, …` (and the names it is limited to). */
export function formatRule(r: RbacRule): string {
  const names = r.resourceNames?.length ? ` named ${r.resourceNames.join(', ')}` : '';
  return `${r.verbs.join('/')} ${resourcesOf(r).join(', ')}${names}`;
}

/** Rules, joined for one line of the report: consecutive rules with the same verbs (and no names) as one. */
export function formatRules(rules: readonly RbacRule[]): string {
  const parts: { verbs: string; resources: string[]; names: string }[] = [];
  for (const r of rules) {
    const verbs = r.verbs.join('/');
    const names = r.resourceNames?.length ? ` named ${r.resourceNames.join(', ')}` : '';
    const last = parts[parts.length - 1];
    if (last && !names && !last.names && last.verbs === verbs) last.resources.push(...resourcesOf(r));
    else parts.push({ verbs, resources: resourcesOf(r), names });
  }
  return parts.map((p) => `${p.verbs} ${p.resources.join(', ')}${p.names}`).join('; ');
}

const ruleOf = (r: unknown): RbacRule => {
  const o = asObject(r);
  const names = strings(o.resourceNames);
  return { apiGroups: strings(o.apiGroups), resources: strings(o.resources), verbs: strings(o.verbs), ...(names.length ? { resourceNames: names } : {}) };
};

/** Kubernetes' built-in ClusterRoles a binding may name without the tree holding them. */
const BUILT_IN_CLUSTER_ROLES: Readonly<Record<string, string>> = {
  'cluster-admin': "every verb on every resource, in every namespace (Kubernetes' built-in `cluster-admin`)",
  admin: "Kubernetes' built-in `admin`",
  edit: "Kubernetes' built-in `edit`",
  view: "Kubernetes' built-in `view`",
};

interface ArgoApp {
  readonly name: string;
  readonly project: string;
  readonly namespace: string;
  readonly server: string;
  readonly path: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Obj;
}

/** One environment's part of the tree, read once. */
class EnvTree {
  public readonly apps: ArgoApp[];
  private readonly objects: Obj[];
  /** The objects by kind and name (`kind\0name`), in the tree's order: a lookup is not a scan of the tree. */
  private readonly byName = new Map<string, Obj[]>();
  /** The RoleBindings and ClusterRoleBindings by each service account they name (`namespace\0name`), in the tree's order. */
  private readonly bindingsOf = new Map<string, Obj[]>();

  constructor(objects: readonly ManifestObject[], env: string) {
    this.objects = objects.filter((m) => m.file.startsWith(`${env}/`)).map((m) => m.object);
    for (const o of this.objects) {
      if (typeof o.kind !== 'string') continue;
      const key = `${o.kind}\0${str(asObject(o.metadata).name)}`;
      const same = this.byName.get(key);
      if (same) same.push(o);
      else this.byName.set(key, [o]);
    }
    const bindings = this.objects.filter((o) => (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && str(o.apiVersion).startsWith('rbac.authorization.k8s.io/'));
    for (const b of bindings) {
      // each binding once per account, however often its subjects name it
      const accounts = new Set(
        asArray(b.subjects)
          .map(asObject)
          .filter((s) => s.kind === 'ServiceAccount' && typeof s.namespace === 'string' && typeof s.name === 'string')
          .map((s) => `${String(s.namespace)}\0${String(s.name)}`),
      );
      for (const account of accounts) {
        const same = this.bindingsOf.get(account);
        if (same) same.push(b);
        else this.bindingsOf.set(account, [b]);
      }
    }
    // the Applications of the tree, and those its ApplicationSets generate (their template; the cluster generator
    // of the tree picks the environment's own cluster, the in-cluster server)
    const templates = this.objects
      .filter((o) => o.kind === 'ApplicationSet' && str(o.apiVersion).startsWith('argoproj.io/'))
      .map((o) => ({ metadata: asObject(asObject(asObject(o.spec).template).metadata), spec: asObject(asObject(asObject(o.spec).template).spec) }));
    this.apps = [...this.objects.filter((o) => o.kind === 'Application' && str(o.apiVersion).startsWith('argoproj.io/')), ...templates]
      .map((o) => {
        const spec = asObject(o.spec);
        const source = asObject(spec.source);
        const destination = asObject(spec.destination);
        const server = str(destination.server);
        return {
          name: str(asObject(o.metadata).name),
          project: str(spec.project),
          namespace: str(destination.namespace),
          server: server.includes('{{') ? IN_CLUSTER : server,
          path: str(source.path),
          chart: str(source.chart),
          version: str(source.targetRevision),
          values: asObject(asObject(source.helm).valuesObject),
        };
      })
      .sort((a, b) => compareStrings(a.name, b.name));
  }

  public find(kind: string, namespace: string | undefined, name: string): Obj | undefined {
    return this.byName.get(`${kind}\0${name}`)?.find((o) => namespace === undefined || str(asObject(o.metadata).namespace) === namespace);
  }

  /** The service account Argo CD syncs an Application as (the first of its project's `destinationServiceAccounts` that matches, as Argo CD picks it). */
  public syncAccount(app: ArgoApp): { namespace: string; name: string } | undefined {
    const project = this.find('AppProject', undefined, app.project);
    for (const d of asArray(asObject(project?.spec).destinationServiceAccounts).map(asObject)) {
      if (!glob(str(d.server), app.server) || !glob(str(d.namespace), app.namespace)) continue;
      const account = str(d.defaultServiceAccount);
      const colon = account.indexOf(':');
      return colon < 0 ? { namespace: app.namespace, name: account } : { namespace: account.slice(0, colon), name: account.slice(colon + 1) };
    }
    return undefined;
  }

  /** What the tree's RoleBindings and ClusterRoleBindings give a service account: where, through which role, which rules. */
  public rightsOf(account: { namespace: string; name: string }): string[] {
    // the same role (and rules) in several namespaces, once: keyed by what is granted, listing where
    const granted = new Map<string, string[]>();
    for (const b of this.bindingsOf.get(`${account.namespace}\0${account.name}`) ?? []) {
      const ref = asObject(b.roleRef);
      const namespace = b.kind === 'RoleBinding' ? str(asObject(b.metadata).namespace) : '';
      const role = this.find(str(ref.kind), ref.kind === 'Role' ? namespace : undefined, str(ref.name));
      const rules = role ? formatRules(asArray(role.rules).map(ruleOf)) : (BUILT_IN_CLUSTER_ROLES[str(ref.name)] ?? 'a role the tree does not hold: nothing');
      const what = ` (${str(ref.kind)} ${code(str(ref.name))}): ${rules}`;
      granted.set(what, [...(granted.get(what) ?? []), namespace]);
    }
    return [...granted]
      .map(([what, namespaces]) => ({ namespaces: namespaces.sort(compareStrings), what }))
      .sort((a, b) => compareStrings(a.namespaces[0], b.namespaces[0]))
      .map(({ namespaces, what }) => (namespaces[0] === '' ? `cluster-wide${what}` : `in ${namespaces.map(code).join(', ')}${what}`));
  }

  /** The bound ValidatingAdmissionPolicies that match a resource: their names and expressions. */
  public policiesOn(group: string, resource: string): { name: string; expressions: string[] }[] {
    const bound = new Set(this.objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((b) => str(asObject(b.spec).policyName)));
    return this.objects
      .filter((o) => o.kind === 'ValidatingAdmissionPolicy' && bound.has(str(asObject(o.metadata).name)))
      .filter((o) =>
        asArray(asObject(asObject(o.spec).matchConstraints).resourceRules)
          .map(asObject)
          .some((r) => strings(r.apiGroups).includes(group) && strings(r.resources).includes(resource)),
      )
      .map((o) => ({ name: str(asObject(o.metadata).name), expressions: asArray(asObject(o.spec).validations).map((v) => str(asObject(v).expression)) }));
  }

  /** An add-on's Application (by name). */
  public addOn(name: string): ArgoApp | undefined {
    return this.apps.find((a) => a.name === name);
  }
}

/** Argo CD's glob for destinations: `*` and `?`, otherwise literal. */
function glob(pattern: string, value: string): boolean {
  let re = globs.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    globs.set(pattern, re);
  }
  return re.test(value);
}
/** Each pattern's expression, made once (a tree has a few patterns and thousands of Applications). */
const globs = new Map<string, RegExp>();

const user = (a: { namespace: string; name: string } | undefined) => (a ? code(serviceAccountUser(a)) : 'no service account: its project maps none to its destination, so Argo CD refuses to sync it');

/** The lines of one environment's paths. */
function environmentPaths(org: Org, env: Environment, tree: EnvTree): string[] {
  const argocd = tree.addOn('argocd');
  const impersonation = str(asObject(asObject(argocd?.values.configs).cm)['application.sync.impersonation.enabled']) === 'true';
  const vela = tree.addOn('vela-core');
  const auth = asObject(vela?.values.authentication);
  const velaAsUser = auth.enabled === true && auth.withUser === true;
  const definitionsChecked = asObject(vela?.values.authorization).definitionValidationEnabled === true;
  // vela-core's webhooks fail open: what holds the recorded user when they do not run
  const guards = tree
    .policiesOn('core.oam.dev', 'applications')
    .filter((p) => p.expressions.some((e) => e.includes("'app.oam.dev/username'")))
    .map((p) => p.name);
  const lines: string[] = [`### ${env.name}`, ''];
  const rights = (a: { namespace: string; name: string } | undefined) => (a ? tree.rightsOf(a) : []);
  const bullets = (items: string[]) => (items.length ? items.map((i) => `  - ${i}`) : ['  - no RoleBinding or ClusterRoleBinding in the tree names it: it may do nothing']);

  if (!impersonation) lines.push("Argo CD's sync impersonation is off in this environment: every Application is applied as Argo CD's application controller.", '');
  const platformApps = tree.apps.filter((a) => a.project === PLATFORM_PROJECT);
  const platformAccounts = new Map<string, ArgoApp[]>();
  for (const a of platformApps) {
    const key = user(tree.syncAccount(a));
    platformAccounts.set(key, [...(platformAccounts.get(key) ?? []), a]);
  }
  for (const [who, apps] of platformAccounts) {
    const account = tree.syncAccount(apps[0]);
    lines.push(`- **Argo CD, the platform's paths** (${apps.length} Applications in project \`${PLATFORM_PROJECT}\`: ${apps.map((a) => a.name).join(', ')}), as ${who}:`, ...bullets(rights(account)));
  }
  for (const team of org.teams) {
    const apps = tree.apps.filter((a) => a.project === team.name);
    // the account its project maps the team's default namespace to: what its apps, and KubeVela for them, apply as
    const account = tree.syncAccount({ name: '', project: team.name, namespace: team.namespace, server: IN_CLUSTER, path: '', chart: '', version: '', values: {} });
    for (const app of apps) {
      const synced = tree.syncAccount(app);
      lines.push(`- **Argo CD, team ${team.name}'s apps folder** (${code(app.path)}), as ${user(synced)}:`, ...bullets(rights(synced)));
    }
    if (apps.length === 0) lines.push(`- **Argo CD, team ${team.name}'s apps folder**: none in this tree yet; its project would sync it as ${user(account)}:`, ...bullets(rights(account)));
    const as = velaAsUser
      ? `as the user that applied each (vela-core's webhook records it${guards.length ? `; the API server refuses any other, ValidatingAdmissionPolicy ${guards.map(code).join(', ')}` : '; nothing holds it when that webhook, which fails open, does not run'}): for the team's, ${user(account)}, with the rights above${definitionsChecked ? '; its definitions only those that user may `get` (the vela-system Role above)' : ''}`
      : "as vela-core's own service account: KubeVela's authentication is off";
    lines.push(`- **KubeVela, team ${team.name}'s Applications**, ${as}.`);
  }
  lines.push(
    `- **Crossplane, the teams' claims** (PostgreSQLInstance, ObjectBucket): applied by Argo CD as each team's deployer (above); Crossplane composes them as ${code('crossplane-system/crossplane')} (below), and its AWS providers create the RDS instances and S3 buckets as IAM role ${code(env.crossplaneRoleName())}.`,
    `- **External Secrets, the teams' ExternalSecrets**: applied by Argo CD as each team's deployer; External Secrets writes each Secret as ${code('external-secrets/external-secrets')} (below) and reads AWS Secrets Manager as the namespace's SecretStore account ${code('external-secrets')}, that is the team's IAM role: ${org.teams.map((t) => `${t.name} ${code(env.teamSecretsRoleName(t))}`).join(', ')}.`,
    `- **Routes** (the gateway trait's Ingress, applied by KubeVela as the team's deployer): the AWS Load Balancer Controller (below) makes the shared load balancer's rules and target groups as IAM role ${code(env.loadBalancerControllerRoleName())}; external-dns (below) writes the hosts' records as IAM role ${code(env.externalDnsRoleName())}.`,
    '',
  );
  return lines;
}

/** The application controller's own rights, from each environment's argocd Application. */
function argoCdController(org: Org, trees: Map<string, EnvTree>): string[] {
  const byRules = new Map<string, string[]>();
  for (const env of org.environments) {
    const argocd = trees.get(env.name)?.addOn('argocd');
    const custom = asObject(asObject(argocd?.values.controller).clusterRoleRules);
    const text =
      argocd === undefined ? 'not installed by this tree' : custom.enabled === true ? formatRules(asArray(custom.rules).map(ruleOf)) : "the chart's: every verb on every resource and non-resource URL";
    byRules.set(text, [...(byRules.get(text) ?? []), env.name]);
  }
  return [
    "### Argo CD's application controller",
    '',
    ...[...byRules].map(([text, envs]) => `- ${envs.join(', ')}: cluster-wide (the argocd Application's \`controller.clusterRoleRules\`): ${text}`),
    `- in ${code('argocd')} (the chart's Role): ${formatRules(ARGOCD_CONTROLLER_NAMESPACE_RULES)}`,
    '',
  ];
}

/** The controllers whose rights come from their charts, and whether each environment installs the version they were read from. */
function chartControllers(org: Org, trees: Map<string, EnvTree>): string[] {
  const lines = ["### The controllers' own rights (from their charts)", ''];
  for (const c of CHART_CONTROLLER_RIGHTS) {
    const other = org.environments
      .map((e) => ({ env: e.name, version: trees.get(e.name)?.addOn(c.addOn)?.version }))
      .filter((v) => v.version !== undefined && v.version !== c.chartVersion)
      .map((v) => `**${v.env} installs ${v.version}: read the chart again**`);
    lines.push(
      `- **${c.controller}**, as ${code(`${c.serviceAccount.namespace}/${c.serviceAccount.name}`)} (chart ${c.addOn} ${c.chartVersion}, read from ${c.source}${other.length ? `; ${other.join('; ')}` : ''}): cluster-wide ${formatRules(c.rules)}.${c.note ? ` ${c.note.charAt(0).toUpperCase()}${c.note.slice(1)}.` : ''}`,
    );
  }
  lines.push('');
  return lines;
}

/** The access report's "Who applies what" section. */
export function applyPathsSection(org: Org, objects: readonly ManifestObject[]): string[] {
  const trees = new Map(org.environments.map((e) => [e.name, new EnvTree(objects, e.name)]));
  return [
    '## Who applies what',
    '',
    "Every path from Git to the cluster, the identity it applies as, and that identity's rights, read from this tree: the Argo CD projects' `destinationServiceAccounts`, the RoleBindings and ClusterRoleBindings that name each identity and the roles they grant, and the add-ons' values. The rights the controllers' own charts give them were read from each chart's templates at the version named, and are recorded in paved (lib/report/controller-rights.ts); the IAM roles' actions are in `cdktf.out/`.",
    '',
    ...org.environments.flatMap((e) => environmentPaths(org, e, trees.get(e.name) as EnvTree)),
    ...argoCdController(org, trees),
    ...chartControllers(org, trees),
  ];
}
