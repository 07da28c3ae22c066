import { Chart } from 'cdk8s';
import { type Construct, type IConstruct } from 'constructs';
import type { ReleaseRecord } from '../org/release-records';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import type { Team } from '../org/team';
import { PavedValidationError } from '../private/problems';

/** Props of {@link PlatformEnvironment}. */
export interface PlatformEnvironmentProps {
  /** The organisation. */
  readonly org: Org;
  /** The environment this chart describes; it must be one of the org's. */
  readonly environment: Environment;
  /**
   * The apps' release records in this environment (`releases/<team>/<app>/<env>.yaml`).
   * @default - none: every app names its image
   */
  readonly releases?: readonly ReleaseRecord[];
}

/** A team in one environment, as seen by the constructs that use it. */
export interface ITeamScope extends IConstruct {
  /** The team. */
  readonly team: Team;
  /** The environment. */
  readonly environment: Environment;
  /** The team's namespaces. */
  readonly namespaces: readonly string[];
  /** The default namespace. */
  readonly namespaceName: string;
  /** The name of the team's SecretStore (one in each namespace). */
  readonly secretStoreName: string;
  /** @internal records the monthly cost of a resource the team asked for, for the budget check */
  _addCost(resource: string, usd: number): void;
  /** @internal records what an app asks for, for the quota check */
  _addFootprint(namespace: string, footprint: { app: string; requestsCpu: number; requestsMemory: number; limitsCpu: number; limitsMemory: number; pods: number }): void;
}

const PLATFORM_ENVIRONMENT = Symbol.for('paved.PlatformEnvironment');

/**
 * Everything one environment's cluster receives: the root of that environment's
 * part of the GitOps tree. The chart sets no namespace: cluster-scoped objects
 * live in it too, and every namespaced object names its namespace itself.
 */
export class PlatformEnvironment extends Chart {
  /** Whether a construct is a PlatformEnvironment (`instanceof` matches any Chart, as cdk8s defines it). */
  public static isPlatformEnvironment(x: unknown): x is PlatformEnvironment {
    return typeof x === 'object' && x !== null && PLATFORM_ENVIRONMENT in x;
  }

  /** The environment a construct belongs to; throws when it is outside any. */
  public static of(construct: IConstruct): PlatformEnvironment {
    const found = [...construct.node.scopes].reverse().find(PlatformEnvironment.isPlatformEnvironment);
    if (!found) {
      throw new PavedValidationError([
        {
          path: construct.node.path || '/',
          prop: 'scope',
          value: construct.node.path,
          allowed: 'a scope inside a PlatformEnvironment (create apps inside the team scope the platform hands you)',
        },
      ]);
    }
    return found;
  }

  /** The organisation. */
  public readonly org: Org;
  /** The environment. */
  public readonly environment: Environment;

  /** @internal brand that marks a PlatformEnvironment */
  public readonly [PLATFORM_ENVIRONMENT] = true;
  private readonly teamScopes = new Map<string, ITeamScope>();
  private readonly apps = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly releases = new Map<string, ReleaseRecord>();

  constructor(scope: Construct, id: string, props: PlatformEnvironmentProps) {
    super(scope, id, { disableResourceNameHashes: true });
    if (!props.org.environments.includes(props.environment)) {
      throw new PavedValidationError([{ path: this.node.path, prop: 'environment', value: props.environment.name, allowed: `an environment of org ${props.org.name}` }]);
    }
    this.org = props.org;
    this.environment = props.environment;
    for (const r of props.releases ?? []) if (r.environment === props.environment.name) this.releases.set(`${r.team}/${r.app}`, r);
  }

  /** An app's release record in this environment (`paved release`, `promote`, `rollback`), if it has one. */
  public releaseOf(team: string, app: string): ReleaseRecord | undefined {
    return this.releases.get(`${team}/${app}`);
  }

  /** A team's scope in this environment, if the team is onboarded here. */
  public teamScope(team: Team): ITeamScope | undefined {
    return this.teamScopes.get(team.name);
  }

  /** Whether a construct is a team's scope registered here. @internal */
  public _isTeamScope(c: IConstruct): boolean {
    const team = (c as Partial<ITeamScope>).team;
    return team !== undefined && this.teamScopes.get(team.name) === c;
  }

  /** @internal called by TeamScope */
  public _registerTeamScope(scope: ITeamScope): void {
    if (this.teamScopes.has(scope.team.name)) {
      throw new PavedValidationError([{ path: scope.node.path, prop: 'team', value: scope.team.name, allowed: `a team not yet onboarded in environment ${this.environment.name}` }]);
    }
    this.teamScopes.set(scope.team.name, scope);
  }

  /**
   * @internal called by AppConstruct: claims an app name for a team; returns the
   * path of the construct that claimed it first, if another did.
   */
  public _claimAppName(team: Team, name: string, path: string): string | undefined {
    const key = `${team.name}/${name}`;
    const existing = this.apps.get(key);
    if (existing === undefined) this.apps.set(key, path);
    return existing;
  }

  /**
   * @internal called by AppConstruct: claims a public host in this environment;
   * returns the path of the app that claimed it first, if another did.
   */
  public _claimHost(host: string, path: string): string | undefined {
    const existing = this.hosts.get(host);
    if (existing === undefined) this.hosts.set(host, path);
    return existing;
  }
}
