import { isInZone } from '../private/names';

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
}

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

  /** @internal use {@link Org} to create teams; it validates them. */
  constructor(props: TeamProps) {
    this.name = props.name;
    this.ownerGroup = props.ownerGroup;
    this.zone = props.zone;
    this.secretPrefix = props.secretPrefix;
    this.description = props.description;
    this.appsRepository = props.appsRepository;
  }

  /** The team's namespace (the same name in every environment's cluster). */
  public get namespace(): string {
    return this.name;
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
