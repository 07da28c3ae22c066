import { isInZone } from '../private/names';
import { TEAM_APP_KINDS, type TeamKind } from './team-kinds';

/** Resource totals for one of a team's namespaces (a ResourceQuota). */
export interface TeamQuotaProps {
  /** Total CPU all pods may request (`4`, `2500m`). */
  readonly requestsCpu: string;
  /** Total memory all pods may request (`8Gi`). */
  readonly requestsMemory: string;
  /** Total CPU limits of all pods. */
  readonly limitsCpu: string;
  /** Total memory limits of all pods. */
  readonly limitsMemory: string;
  /** Most pods. */
  readonly pods: number;
}

/** Egress a team's pods need beyond their own namespace and DNS (e.g. a partner's API). */
export interface TeamEgressRule {
  /** Why the rule exists (shown in the access report). */
  readonly description: string;
  /** Destination IPv4 blocks; the cluster's own VPC block is always excluded, so other namespaces stay unreachable. */
  readonly cidrs: readonly string[];
  /** Destination ports. */
  readonly ports: readonly number[];
  /**
   * The protocol.
   * @default "TCP"
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Narrow permissions beyond read access that a team can be given, per environment. */
export type TeamPermissionName =
  /** `pods/portforward`: reach a pod's port from a workstation. */
  | 'port-forward'
  /** `pods/exec`: run a command in a container (never in production unless you mean it). */
  | 'exec'
  /** delete pods: restart them. */
  | 'delete-pods'
  /** scale Deployments and StatefulSets. */
  | 'scale';

/** A permission granted to a team's group in some environments. */
export interface TeamPermissionGrant {
  /** The permission. */
  readonly permission: TeamPermissionName;
  /** The environments it applies in (names from the org). */
  readonly environments: readonly string[];
}

/** Where a team's alerts go: a Slack channel, a PagerDuty service, or both. */
export interface TeamAlertReceiver {
  /** The receiver's name, unique in the team (an RFC 1123 label): apps' custom alerts may name it. */
  readonly name: string;
  /**
   * A Slack channel, and the Secrets Manager secret (under the team's prefix, in `alerting/`)
   * holding its incoming-webhook URL.
   * @default - no Slack
   */
  readonly slack?: { readonly channel: string; readonly webhookSecret: string };
  /**
   * A PagerDuty service: the Secrets Manager secret (under the team's prefix, in `alerting/`)
   * holding its Events API v2 routing key.
   * @default - no PagerDuty
   */
  readonly pagerDuty?: { readonly routingKeySecret: string };
}

/** How a team is alerted: its receivers, and which one gets what. */
export interface TeamAlertingProps {
  /** The team's receivers. */
  readonly receivers: readonly TeamAlertReceiver[];
  /**
   * The receiver of warnings, and of critical alerts where the team is not paged.
   * @default - the first receiver
   */
  readonly notify?: string;
  /**
   * The receiver that pages: critical alerts in `pageIn` go to it.
   * @default - the first receiver with PagerDuty, if any
   */
  readonly page?: string;
  /**
   * The environments where critical alerts page.
   * @default - the production environments
   */
  readonly pageIn?: readonly string[];
}

/** A team of the organisation: who owns it, and the DNS zone and secret prefix it owns. */
export interface TeamProps {
  /**
   * The team's name: an RFC 1123 label. It names the team's namespace in every
   * environment, so it must not be a reserved namespace such as `kube-system`.
   */
  readonly name: string;

  /** The identity provider group whose members own the team (e.g. `payments-owners`). */
  readonly ownerGroup: string;

  /** The DNS zone the team owns; its apps' domains must lie inside it (e.g. `payments.example.com`). */
  readonly zone: string;

  /**
   * The prefix the team owns in AWS Secrets Manager (e.g. `teams/payments/`); its
   * apps may only reference secrets under it, and its secret store can read nothing else.
   */
  readonly secretPrefix: string;

  /**
   * A short description of the team.
   * @default - none
   */
  readonly description?: string;

  /**
   * The Git repository in which the team defines its apps, when not in the
   * platform repository. Its CI synthesizes them (`paved synth --team`) and
   * proposes them to the GitOps repository; the platform's own synth then
   * leaves the team's `apps/` folders to it.
   * @default - the team's apps are defined in the platform repository
   */
  readonly appsRepository?: string;

  /**
   * The team's namespaces in every environment: the team's name, or names that
   * start with it and a dash (`payments`, `payments-ledger`). The first is where
   * apps go unless they name another.
   * @default - one namespace named after the team
   */
  readonly namespaces?: readonly string[];

  /**
   * Resource quotas per environment name, for each of the team's namespaces.
   * @default - the platform's default quota (see DEFAULT_TEAM_QUOTA)
   */
  readonly quotas?: Readonly<Record<string, TeamQuotaProps>>;

  /**
   * Egress the team's pods need beyond their namespace and DNS.
   * @default []
   */
  readonly egress?: readonly TeamEgressRule[];

  /**
   * Permissions beyond read access, per environment.
   * @default []
   */
  readonly permissions?: readonly TeamPermissionGrant[];

  /**
   * The team's monthly cloud budget in US dollars, for the resources it asks the platform for.
   * @default - no budget check
   */
  readonly monthlyBudgetUsd?: number;

  /**
   * The cost centre the team's cloud resources are tagged with.
   * @default - the team's name
   */
  readonly costCentre?: string;

  /**
   * Namespaced kinds the team's apps folder may hold beyond the platform's
   * (`TEAM_APP_KINDS`: KubeVela Applications, ExternalSecrets and the
   * database and bucket claims), e.g. `{ group: '', kind: 'ConfigMap' }`.
   * The team's Argo CD project allows exactly these, and synth and
   * `paved validate` refuse any other kind in the folder. Never a kind that
   * controls the tenant (`TENANT_CONTROL_KINDS`) or a cluster-scoped one.
   * @default []
   */
  readonly extraKinds?: readonly TeamKind[];

  /**
   * Where the team's alerts go (Slack, PagerDuty), routed by Alertmanager on
   * the `team` label every alert of its apps carries.
   * @default - no receiver: the team's alerts show in Alertmanager and Grafana only
   */
  readonly alerting?: TeamAlertingProps;
}

/** Namespaces the platform itself uses; no team may take one. */
export const RESERVED_NAMESPACES: readonly string[] = Object.freeze([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'crossplane-system',
  'external-secrets',
  'vela-system',
  'ingress-nginx',
]);

/** The quota each of a team's namespaces gets when the team sets none for an environment. */
export const DEFAULT_TEAM_QUOTA: TeamQuotaProps = Object.freeze({ requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 });

/**
 * A validated team of an {@link Org}. Teams are created by the org from its
 * `teams` entries; apps reach theirs through the scope they are defined in.
 */
export class Team {
  /** The team's name. */
  public readonly name: string;
  /** The identity provider group that owns the team. */
  public readonly ownerGroup: string;
  /** The DNS zone the team owns. */
  public readonly zone: string;
  /** The Secrets Manager prefix the team owns, ending in '/'. */
  public readonly secretPrefix: string;
  /** The team's description, if any. */
  public readonly description?: string;
  /** The repository that defines the team's apps, if not the platform's. */
  public readonly appsRepository?: string;
  /** The team's namespaces; the first is the default one. */
  public readonly namespaces: readonly string[];
  /** Egress the team declared. */
  public readonly egress: readonly TeamEgressRule[];
  /** Permissions beyond read access. */
  public readonly permissions: readonly TeamPermissionGrant[];
  /** The monthly budget in USD, if any. */
  public readonly monthlyBudgetUsd?: number;
  /** The cost centre of the team's cloud resources. */
  public readonly costCentre: string;
  /** Where the team's alerts go, if anywhere. */
  public readonly alerting?: TeamAlertingProps;
  /** The kinds the team's apps folder may hold: the platform's, then the team's extra ones. */
  public readonly allowedKinds: readonly TeamKind[];
  private readonly quotas: Readonly<Record<string, TeamQuotaProps>>;

  /** @internal use {@link Org} to create teams; it validates them. */
  constructor(props: TeamProps) {
    this.name = props.name;
    this.ownerGroup = props.ownerGroup;
    this.zone = props.zone;
    this.secretPrefix = props.secretPrefix;
    this.description = props.description;
    this.appsRepository = props.appsRepository;
    this.namespaces = props.namespaces ?? [props.name];
    this.egress = props.egress ?? [];
    this.permissions = props.permissions ?? [];
    this.monthlyBudgetUsd = props.monthlyBudgetUsd;
    this.costCentre = props.costCentre ?? props.name;
    this.alerting = props.alerting;
    this.allowedKinds = [...TEAM_APP_KINDS, ...(props.extraKinds ?? []).filter((k) => !TEAM_APP_KINDS.some((d) => d.group === k.group && d.kind === k.kind))];
    this.quotas = props.quotas ?? {};
  }

  /** The team's default namespace (the same name in every environment's cluster). */
  public get namespace(): string {
    return this.namespaces[0];
  }

  /** The quota of each of the team's namespaces in an environment. */
  public quotaIn(environment: string): TeamQuotaProps {
    return this.quotas[environment] ?? DEFAULT_TEAM_QUOTA;
  }

  /** The permissions the team has in an environment, beyond read access. */
  public permissionsIn(environment: string): TeamPermissionName[] {
    return [...new Set(this.permissions.filter((p) => p.environments.includes(environment)).map((p) => p.permission))].sort();
  }

  /** Whether `domain` lies inside the team's zone. */
  public ownsDomain(domain: string): boolean {
    return isInZone(domain, this.zone);
  }

  /** Whether a Secrets Manager key lies under the team's prefix. */
  public ownsSecretKey(key: string): boolean {
    return key.startsWith(this.secretPrefix) && key.length > this.secretPrefix.length;
  }
}

/** The secret prefix of a team's alerting secrets: the monitoring stack reads only these. */
export function alertingSecretPrefix(team: Pick<Team, 'secretPrefix'>): string {
  return `${team.secretPrefix}alerting/`;
}
