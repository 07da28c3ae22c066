import type { Team } from './team';
import { LOAD_BALANCER_CONTROLLER_IDENTITY } from './identities';
import { DEFAULT_KUBERNETES_VERSION } from './kubernetes-versions';
import { subnetLayout } from './subnet-layout';
import { type ImagePolicy, type ImagePolicyProps, resolveImagePolicy } from './image-policy';
import { deepFreeze } from '../private/deep-freeze';

export { SUPPORTED_KUBERNETES_VERSIONS } from './kubernetes-versions';

/** A managed node group of an environment's cluster. */
export interface NodeGroupProps {
  /** The group's name, an RFC 1123 label. */
  readonly name: string;
  /** EC2 instance types (e.g. `m7i.large`). */
  readonly instanceTypes: readonly string[];
  /** Fewest nodes. */
  readonly minSize: number;
  /** Most nodes. */
  readonly maxSize: number;
  /**
   * Nodes at creation.
   * @default - minSize
   */
  readonly desiredSize?: number;
  /**
   * Root volume size in GiB (encrypted gp3).
   * @default 50
   */
  readonly diskSizeGiB?: number;
}

/** The sizes of the platform's PostgreSQL databases. */
export type DatabaseSize = 'small' | 'medium' | 'large';

/** Every database size, smallest first. */
export const DATABASE_SIZES: readonly DatabaseSize[] = Object.freeze(['small', 'medium', 'large']);

/** What teams may ask for in an environment: the platform's governance of its abstractions. */
export interface ServiceGovernanceProps {
  /**
   * Database sizes teams may choose.
   * @default - small and medium; in production also large
   */
  readonly databaseSizes?: readonly DatabaseSize[];
  /**
   * Smallest database storage, in GB (at least 20, the RDS gp3 minimum).
   * @default 20
   */
  readonly minStorageGB?: number;
  /**
   * Largest database storage, in GB.
   * @default 100 (1000 in production)
   */
  readonly maxStorageGB?: number;
  /**
   * The PostgreSQL engine version the platform runs.
   * @default "16.4"
   */
  readonly postgresVersion?: string;
}

/** The node group an environment gets when it lists none. */
export const DEFAULT_NODE_GROUP: NodeGroupProps = deepFreeze({ name: 'general', instanceTypes: ['m7i.large'], minSize: 2, maxSize: 4 });

/** One environment of the organisation: a cluster in one AWS account and region. */
export interface EnvironmentProps {
  /** The environment's name, an RFC 1123 label (e.g. `staging`, `prod`). */
  readonly name: string;

  /** The AWS account (12 digits) the environment's cluster runs in. */
  readonly awsAccountId: string;

  /** The AWS region the environment's cluster runs in (e.g. `eu-west-1`). */
  readonly awsRegion: string;

  /**
   * The EKS cluster's name.
   * @default - `<org name>-<environment name>`
   */
  readonly clusterName?: string;

  /**
   * The ingress class that serves the apps' public routes: the platform's
   * traffic add-on (the AWS Load Balancer Controller) installs an IngressClass
   * of this name, backed by one shared, internet-facing Application Load
   * Balancer for the environment.
   * @default "alb"
   */
  readonly ingressClass?: string;

  /**
   * The namespace the traffic controller runs in.
   * @default "aws-load-balancer-controller"
   */
  readonly ingressNamespace?: string;

  /**
   * The label under each team's zone that this environment serves, so that
   * every environment has a zone of its own per team (and its own hosted zone
   * and certificate): with `staging`, team `payments.example.com` is served as
   * `staging.payments.example.com`. Production serves the team's zone itself.
   * @default - the environment's name, or none in production
   */
  readonly dnsSubdomain?: string;

  /** The VPC's IPv4 block (e.g. `10.10.0.0/16`, at most /16 wide, at least /20); environments must not overlap. */
  readonly vpcCidr: string;

  /**
   * Availability zones to spread subnets and nodes over (2 or more; 3 or more in `prod`).
   * @default 3
   */
  readonly availabilityZones?: number;

  /**
   * The EKS Kubernetes version: one in EKS standard support (see
   * `SUPPORTED_KUBERNETES_VERSIONS`; `paved support` tells how long it lasts).
   * @default "1.35" (DEFAULT_KUBERNETES_VERSION, in standard support until 2027-03-27)
   */
  readonly kubernetesVersion?: string;

  /**
   * Managed node groups.
   * @default - one group "general" of 2 to 4 m7i.large nodes
   */
  readonly nodeGroups?: readonly NodeGroupProps[];

  /**
   * CIDRs allowed to reach the cluster's public API endpoint.
   * @default - none: the public endpoint is off, the API is reachable inside the VPC only
   */
  readonly publicEndpointCidrs?: readonly string[];

  /**
   * Whether this environment is production: deletion protection, final snapshots,
   * and data that is never deleted by automation.
   * @default - true when the name is "prod" or "production"
   */
  readonly production?: boolean;

  /**
   * What teams may ask the platform for here (databases, buckets).
   * @default - see ServiceGovernanceProps
   */
  readonly services?: ServiceGovernanceProps;

  /**
   * Whether the environment runs the monitoring stack, so that every app is
   * scraped, alerted on and dashboarded here (its platform installs
   * `MonitoringAddOn`).
   * @default true
   */
  readonly monitoring?: boolean;

  /**
   * Where this environment's images may come from, and whether they must be
   * pinned by digest (each field over the org's `images`).
   * @default - the org's `images`
   */
  readonly images?: ImagePolicyProps;

  /**
   * How a version enters this environment from the previous one of the org's
   * chain (not for the first environment: a release enters it directly).
   * @default - a day's soak in production, none elsewhere; no approvers
   */
  readonly promotion?: PromotionProps;

  /**
   * Previews of pull requests: each pull request of the GitOps repository that
   * carries the label gets, per team, a namespace `<team>-pr-<number>` in this
   * environment's cluster with the team's tenancy and the team's apps from the
   * pull request's head (see `TeamPreviews`). Only for an environment that is
   * not production.
   * @default - no previews
   */
  readonly previews?: PreviewProps;
}

/** Previews of pull requests in an environment (see {@link EnvironmentProps.previews}). */
export interface PreviewProps {
  /**
   * The GitHub label that asks for a preview (only people with triage rights can set labels).
   * @default "preview"
   */
  readonly label?: string;
  /**
   * How long a preview lives: the platform repository's CI removes the label this many hours after it was set.
   * @default 48
   */
  readonly hours?: number;
}

/** The default label that asks for a preview. */
export const DEFAULT_PREVIEW_LABEL = 'preview';

/** The default lifetime of a preview, in hours. */
export const DEFAULT_PREVIEW_HOURS = 48;

/** The longest lifetime of a preview, in hours (a week). */
export const MAX_PREVIEW_HOURS = 168;

/** An environment's previews, defaults resolved. */
export interface PreviewSettings {
  /** The label that asks for a preview. */
  readonly label: string;
  /** How long a preview lives, in hours. */
  readonly hours: number;
}

/**
 * How a version enters an environment after the first of the org's chain
 * (`paved promote`): how long it must have run in the environment before, and
 * who must approve its release records. Checked from Git history alone (the
 * commits that put it in each environment), by `paved promote` and by
 * `paved releases --check` in CI.
 */
export interface PromotionProps {
  /**
   * How long a version must have run in the previous environment of the org's
   * chain, in hours, measured from the commit that put it there.
   * @default - 24 in production, 0 elsewhere
   */
  readonly soakHours?: number;

  /**
   * Who must approve a change to this environment's release records: GitHub
   * users or teams (`@acme/payments-leads`), written to CODEOWNERS for
   * `releases/<team>/<app>/<env>.yaml` by `paved codeowners`.
   * @default - none: the repository's own rules
   */
  readonly approvers?: readonly string[];

  /**
   * Whether every app's build in this environment must come from its release
   * record (`paved release` / `promote`): an app whose definition names its
   * `image` is refused here, so no build reaches the environment around the
   * gates.
   * @default false
   */
  readonly requireRecords?: boolean;
}

/** An environment's promotion rules, resolved. */
export interface Promotion {
  readonly soakHours: number;
  readonly approvers: readonly string[];
  readonly requireRecords: boolean;
}

/** A GitHub user (`@name`) or team (`@org/team`), as CODEOWNERS names them. */
export const CODE_OWNER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99}))?$/;

/** A validated environment of an {@link Org}. */
export class Environment {
  /** The environment's name. */
  public readonly name: string;
  /** The AWS account of the environment's cluster. */
  public readonly awsAccountId: string;
  /** The AWS region of the environment's cluster. */
  public readonly awsRegion: string;
  /** The EKS cluster's name. */
  public readonly clusterName: string;
  /** The ingress class of public routes. */
  public readonly ingressClass: string;
  /** The traffic controller's namespace. */
  public readonly ingressNamespace: string;
  /** The label under each team's zone this environment serves (none: the zone itself). */
  public readonly dnsSubdomain?: string;
  /** The VPC's IPv4 block. */
  public readonly vpcCidr: string;
  /** Number of availability zones. */
  public readonly availabilityZones: number;
  /** The EKS Kubernetes version. */
  public readonly kubernetesVersion: string;
  /** Managed node groups. */
  public readonly nodeGroups: readonly NodeGroupProps[];
  /** CIDRs allowed to reach the public API endpoint (empty: public endpoint off). */
  public readonly publicEndpointCidrs: readonly string[];
  /** Whether this is production. */
  public readonly production: boolean;
  /** What teams may ask the platform for here. */
  public readonly services: Required<ServiceGovernanceProps>;
  /** Whether every app here is scraped, alerted on and dashboarded. */
  public readonly monitoring: boolean;
  /** Where images may come from here, and whether they must be pinned by digest. */
  public readonly images: ImagePolicy;
  public readonly promotion: Promotion;
  /** Previews of pull requests here, if any. */
  public readonly previews?: PreviewSettings;

  /** @internal use {@link Org} to create environments; it validates them. */
  constructor(props: EnvironmentProps, orgName: string, orgImages?: ImagePolicyProps) {
    this.name = props.name;
    this.awsAccountId = props.awsAccountId;
    this.awsRegion = props.awsRegion;
    this.clusterName = props.clusterName ?? `${orgName}-${props.name}`;
    this.ingressClass = props.ingressClass ?? 'alb';
    this.ingressNamespace = props.ingressNamespace ?? LOAD_BALANCER_CONTROLLER_IDENTITY.namespace;
    this.vpcCidr = props.vpcCidr;
    this.availabilityZones = props.availabilityZones ?? 3;
    this.kubernetesVersion = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this.nodeGroups = props.nodeGroups ?? [DEFAULT_NODE_GROUP];
    this.publicEndpointCidrs = props.publicEndpointCidrs ?? [];
    this.production = props.production ?? ['prod', 'production'].includes(props.name);
    this.dnsSubdomain = props.dnsSubdomain ?? (this.production ? undefined : props.name);
    this.monitoring = props.monitoring ?? true;
    this.images = resolveImagePolicy(props.images, orgImages);
    this.promotion = {
      soakHours: props.promotion?.soakHours ?? (this.production ? 24 : 0),
      approvers: [...(props.promotion?.approvers ?? [])],
      requireRecords: props.promotion?.requireRecords ?? false,
    };
    if (props.previews) this.previews = { label: props.previews.label ?? DEFAULT_PREVIEW_LABEL, hours: props.previews.hours ?? DEFAULT_PREVIEW_HOURS };
    const s = props.services ?? {};
    this.services = {
      databaseSizes: s.databaseSizes ?? (this.production ? ['small', 'medium', 'large'] : ['small', 'medium']),
      minStorageGB: s.minStorageGB ?? 20,
      maxStorageGB: s.maxStorageGB ?? (this.production ? 1000 : 100),
      postgresVersion: s.postgresVersion ?? '16.4',
    };
  }

  /**
   * The DNS zone this environment serves for a team: its own hosted zone, with
   * a certificate for the zone and every name one label below it.
   */
  public zoneFor(team: Team): string {
    return this.dnsSubdomain === undefined ? team.zone : `${this.dnsSubdomain}.${team.zone}`;
  }

  /**
   * The public subnets' blocks: where the shared load balancer's nodes live,
   * so the only sources (besides the namespace itself) that team NetworkPolicies
   * admit (with target type `ip`, the load balancer sends to pod IPs directly).
   */
  public loadBalancerCidrs(): readonly string[] {
    return subnetLayout(this.vpcCidr, this.availabilityZones)?.publicCidrs ?? [];
  }

  /** The IAM role the AWS Load Balancer Controller assumes (IRSA). */
  public loadBalancerControllerRoleName(): string {
    return `${this.clusterName}-aws-lbc`;
  }

  /** The ARN of {@link loadBalancerControllerRoleName}. */
  public loadBalancerControllerRoleArn(): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.loadBalancerControllerRoleName()}`;
  }

  /** The IAM role external-dns assumes (IRSA): it changes records in this environment's zones only. */
  public externalDnsRoleName(): string {
    return `${this.clusterName}-external-dns`;
  }

  /** The ARN of {@link externalDnsRoleName}. */
  public externalDnsRoleArn(): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.externalDnsRoleName()}`;
  }

  /** The name of the environment's VPC (its `Name` tag): how the load balancer controller finds it. */
  public vpcName(): string {
    return this.clusterName;
  }

  /** The IAM role the platform's own secret store (in `argocd`) assumes: it reads only the GitOps repository's credentials. */
  public platformSecretsRoleName(): string {
    return `${this.clusterName}-eso-platform`;
  }

  /** The ARN of {@link platformSecretsRoleName}. */
  public platformSecretsRoleArn(): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.platformSecretsRoleName()}`;
  }

  /** The IAM role Crossplane's AWS provider assumes in this environment (IRSA). */
  public crossplaneRoleName(): string {
    return `${this.clusterName}-crossplane-aws`;
  }

  /** The ARN of {@link crossplaneRoleName}. */
  public crossplaneRoleArn(): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.crossplaneRoleName()}`;
  }

  /**
   * The name of the IAM role a team's secret store assumes in this environment
   * (IRSA). The cloud stack creates it, scoped to the team's secret prefix.
   */
  public teamSecretsRoleName(team: Team): string {
    return `${this.clusterName}-eso-${team.name}`;
  }

  /** The ARN of {@link teamSecretsRoleName}. */
  public teamSecretsRoleArn(team: Team): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.teamSecretsRoleName(team)}`;
  }

  /** The IAM role of the EKS control plane. */
  public clusterRoleName(): string {
    return `${this.clusterName}-eks-cluster`;
  }

  /** The IAM role of the cluster's nodes. */
  public nodeRoleName(): string {
    return `${this.clusterName}-eks-node`;
  }

  /** The IAM role the monitoring namespace's SecretStore assumes: it reads only the teams' alerting secrets (`<prefix>alerting/*`). */
  public monitoringSecretsRoleName(): string {
    return `${this.clusterName}-eso-monitoring`;
  }

  /** The ARN of {@link monitoringSecretsRoleName}. */
  public monitoringSecretsRoleArn(): string {
    return `arn:aws:iam::${this.awsAccountId}:role/${this.monitoringSecretsRoleName()}`;
  }

  /** The IAM role the VPC's flow logs write with. */
  public flowLogRoleName(): string {
    return `${this.clusterName}-vpc-flow-logs`;
  }

  /**
   * Every IAM role this environment's stack creates, with what it is for:
   * IAM role names are unique per AWS account, so the org checks them across
   * the environments that share one.
   */
  public iamRoles(teams: readonly Team[]): readonly { readonly name: string; readonly owner: string }[] {
    const own = (name: string, what: string) => ({ name, owner: `environment ${this.name}'s ${what}` });
    return [
      own(this.clusterRoleName(), 'EKS control plane'),
      own(this.nodeRoleName(), 'nodes'),
      own(this.flowLogRoleName(), 'VPC flow logs'),
      own(this.crossplaneRoleName(), 'Crossplane AWS provider'),
      own(this.loadBalancerControllerRoleName(), 'load balancer controller'),
      own(this.externalDnsRoleName(), 'external-dns'),
      own(this.platformSecretsRoleName(), 'platform secret store'),
      ...(this.monitoring ? [own(this.monitoringSecretsRoleName(), 'monitoring secret store')] : []),
      ...teams.map((t) => ({ name: this.teamSecretsRoleName(t), owner: `team ${t.name}'s secret store in environment ${this.name}` })),
    ];
  }
}
