import { Construct } from 'constructs';
import { KubeClusterRoleBinding, KubeServiceAccount } from 'cdk8s-plus-28/lib/imports/k8s';
import { compareStrings } from '../../private/compare';
import { placeIn } from '../../private/placement';
import { PLATFORM_DEPLOYER, teamDeployerAccount } from '../app-project';
import { commonLabels } from '../labels';
import { PlatformEnvironment } from '../platform-environment';
import type { RbacRule } from '../team-rbac';
import { ARGOCD } from '../../addons/argocd';
import { AddOn, type AddOnProps, addOnSpec } from './addon';

/** Props of {@link ArgoCdAddOn}. */
export interface ArgoCdAddOnProps extends AddOnProps {
  /**
   * Identity provider groups that administer Argo CD.
   * @default - none: administration only through Git
   */
  readonly adminGroups?: readonly string[];

  /**
   * Namespaces besides `argocd` whose Applications Argo CD reconciles (each
   * still bound by its project's `sourceNamespaces`).
   * @default []
   */
  readonly applicationNamespaces?: readonly string[];

  /**
   * Sync every Application as its project's deployer (Argo CD's sync
   * impersonation, alpha in Argo CD 3.4): the platform project as
   * `paved-platform-deployer` (cluster-admin), each team's project as the
   * team's deployer (the team's RBAC). The application controller keeps only
   * read access, impersonation of those deployers, and its Applications.
   * Off, Argo CD applies everything as its own controller, bound to every
   * right by its chart. See docs/identities.md.
   * @default true
   */
  readonly syncImpersonation?: boolean;
}

/** The ClusterRole the Argo CD platform deployer is bound to. */
export const PLATFORM_DEPLOYER_CLUSTER_ROLE = 'cluster-admin';

/**
 * The application controller's cluster-wide rights when syncs impersonate the
 * deployers (the chart's `controller.clusterRoleRules`; its Role in `argocd`
 * stays the chart's): each rule with the reason it is needed.
 */
export function argoCdControllerRules(deployers: readonly string[], applicationNamespaces: readonly string[]): RbacRule[] {
  return [
    // its cluster cache: it watches every kind to compare the live objects with Git and show their tree (read only)
    { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
    // sync, prune and deletion run as the Application's project's deployer: it may impersonate those and no other
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: [...deployers] },
    ...(applicationNamespaces.length > 0
      ? [
          // the Applications kept in the teams' namespaces: their status and operation state (those in argocd: the chart's Role)
          { apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['update', 'patch'] },
          // and the events it records on them
          { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        ]
      : []),
  ];
}

/**
 * Lets Argo CD report an Application's health from its resources, so that the
 * root Application waits for each wave's Applications to be healthy before
 * the next wave (Argo CD does not assess Application health by default).
 */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then hs.message = obj.status.health.message end',
  'end',
  'return hs',
].join('\n');

/**
 * Argo CD itself, self-managed after the bootstrap installed it: the same
 * chart, now from Git. Its ApplicationSet CRD is 1.4 MB, so it syncs server-side.
 *
 * With sync impersonation (the default), Argo CD applies each project's
 * Applications as that project's deployer: the platform's as
 * `paved-platform-deployer` (bound to cluster-admin), each team's as
 * `paved-deployer-<team>` (its rights: `TeamDeployer`). Their ServiceAccounts
 * live in `argocd` and are synced with the platform's namespaces, before Argo
 * CD turns impersonation on. Its
 * application controller keeps read access, impersonation of exactly those
 * deployers, and its Applications ({@link argoCdControllerRules}).
 */
export class ArgoCdAddOn extends AddOn {
  /** Whether Argo CD syncs as the projects' deployers. */
  public readonly syncImpersonation: boolean;

  constructor(scope: Construct, id: string, props: ArgoCdAddOnProps) {
    const admins = props.adminGroups ?? [];
    const impersonation = props.syncImpersonation ?? true;
    const applicationNamespaces = props.applicationNamespaces ?? [];
    const teams = PlatformEnvironment.of(scope).org.teams;
    const deployers = [PLATFORM_DEPLOYER.name, ...teams.map((t) => teamDeployerAccount(t).name).sort(compareStrings)];
    super(
      scope,
      id,
      addOnSpec(scope, ARGOCD, props.version, {
        crds: { install: true, keep: true },
        configs: {
          cm: {
            'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
            'application.resourceTrackingMethod': 'annotation',
            'admin.enabled': false,
            // every sync as its project's deployer (alpha in 3.4; system-wide: every project maps its destinations)
            'application.sync.impersonation.enabled': String(impersonation),
          },
          params: { 'application.namespaces': applicationNamespaces.join(',') },
          rbac: {
            'policy.default': '',
            scopes: '[groups]',
            'policy.csv': admins.map((g) => `g, ${g}, role:admin`).join('\n'),
          },
        },
        ...(impersonation ? { controller: { clusterRoleRules: { enabled: true, rules: argoCdControllerRules(deployers, applicationNamespaces) } } } : {}),
      }),
    );
    this.syncImpersonation = impersonation;
    if (impersonation) {
      // synced with the platform's namespaces (the first wave), so they exist before Argo CD impersonates them
      const accounts = new Construct(this, 'Deployers');
      placeIn(accounts, 'platform/namespaces');
      const labels = { 'app.kubernetes.io/managed-by': 'paved' };
      // nothing runs as them: Argo CD (and KubeVela, for a team's Applications) impersonate them
      new KubeServiceAccount(accounts, 'Platform', { metadata: { name: PLATFORM_DEPLOYER.name, namespace: PLATFORM_DEPLOYER.namespace, labels }, automountServiceAccountToken: false });
      // the platform installs CRDs, namespaces, webhooks and the controllers' ClusterRoles (some with wildcards): creating
      // a role needs its rights or escalate and bind, which amount to cluster-admin; so it is cluster-admin, named as such
      new KubeClusterRoleBinding(accounts, 'PlatformBinding', {
        metadata: { name: PLATFORM_DEPLOYER.name, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PLATFORM_DEPLOYER_CLUSTER_ROLE },
        subjects: [{ kind: 'ServiceAccount', namespace: PLATFORM_DEPLOYER.namespace, name: PLATFORM_DEPLOYER.name }],
      });
      // each team's deployer: in argocd, where no team pod can run as it; its rights are its Roles in the team's namespaces (TeamDeployer)
      for (const team of teams) {
        const account = teamDeployerAccount(team);
        new KubeServiceAccount(accounts, `Team-${team.name}`, {
          metadata: { name: account.name, namespace: account.namespace, labels: commonLabels(team) },
          automountServiceAccountToken: false,
        });
      }
    }
  }
}
