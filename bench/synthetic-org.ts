/**
 * The synthetic organisation of the scale benchmark, as plain data: one
 * environment (so every figure means "per cluster"), `teams` teams with the
 * same shape, and `appsPerTeam` apps per team with the same shape, each with
 * secrets, plain env and a public route.
 *
 * Every team and every app differs from the others only by its name
 * (`team-007`, `app-03`), so the floor (bench/floor.ts) can build any of them
 * from the objects a real synth wrote for the first team and its first app.
 *
 * Only type imports from lib/: the floor loads this file without loading paved.
 */
import type { AppConstructProps } from '../lib/app/app-construct';
import type { OrgProps } from '../lib/org/org';
import type { TeamProps } from '../lib/org/team';

/** The size of a synthetic org. */
export interface OrgSize {
  /** Number of teams. */
  readonly teams: number;
  /** Apps per team. */
  readonly appsPerTeam: number;
}

/** The only environment: a production cluster. */
export const BENCH_ENVIRONMENT = 'prod';

/** The org's name. */
export const BENCH_ORG = 'bench';

/** A team's name: `team-000`, `team-001`, … */
export function teamName(i: number): string {
  return `team-${String(i).padStart(3, '0')}`;
}

/** An app's name: `app-00`, `app-01`, … */
export function appName(i: number): string {
  return `app-${String(i).padStart(2, '0')}`;
}

/** The team every floor template is taken from. */
export const TEMPLATE_TEAM = teamName(0);

/** The app every floor template is taken from. */
export const TEMPLATE_APP = appName(0);

function teamProps(name: string): TeamProps {
  return {
    name,
    ownerGroup: `${name}-engineers`,
    zone: `${name}.example.com`,
    secretPrefix: `teams/${name}/`,
    description: `Synthetic team ${name} of the scale benchmark.`,
    egress: [{ description: 'a partner API', cidrs: ['198.51.100.0/24'], ports: [443] }],
    permissions: [{ permission: 'port-forward', environments: [BENCH_ENVIRONMENT] }],
  };
}

/** The org: one production environment and `size.teams` teams. */
export function syntheticOrgProps(size: OrgSize): OrgProps {
  return {
    name: BENCH_ORG,
    gitops: { repoURL: 'https://github.com/acme/platform.git', revision: 'main', path: 'gitops', credentialsSecret: 'platform/gitops-repository' },
    terraformState: { bucket: 'bench-platform-tfstate', lockTable: 'bench-platform-tflock', region: 'eu-west-1' },
    environments: [{ name: BENCH_ENVIRONMENT, awsAccountId: '222222222222', awsRegion: 'eu-west-1', vpcCidr: '10.20.0.0/16', availabilityZones: 3 }],
    teams: Array.from({ length: size.teams }, (_, i) => teamProps(teamName(i))),
  };
}

/** Everything an app says but its team (the scope supplies it). */
export type AppSpec = Omit<AppConstructProps, 'team'>;

/**
 * The database part of an app's props: every synthetic app asks for the
 * platform's smallest PostgreSQL database (`AppConstructProps.database`).
 * `--no-database` leaves it out. Keep names derived from `team` and `app` only,
 * so the floor's templates stay exact; if the `database` prop changes shape,
 * the compiler points here.
 */
export function databaseProps(team: string, app: string): Partial<AppSpec> {
  void team;
  void app;
  return { database: { size: 'small', storageGB: 20 } };
}

/** The props of app `app` of team `team`. */
export function appSpec(team: string, app: string, withDatabase: boolean): AppSpec {
  return {
    image: `registry.example.com/${team}/${app}:1.4.2`,
    port: 8080,
    domain: `${app}.${team}.example.com`,
    replicas: 2,
    env: { LOG_LEVEL: 'info', FEATURE_FLAGS: 'checkout,search' },
    secrets: [
      { name: 'api-token', key: `teams/${team}/${app}/api`, property: 'token', envVar: 'API_TOKEN' },
      { name: 'signing-key', key: `teams/${team}/${app}/signing`, property: 'key' },
    ],
    ...(withDatabase ? databaseProps(team, app) : {}),
  };
}
