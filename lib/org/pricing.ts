import type { DatabaseSize, Environment } from './environment';

/**
 * Monthly cost estimates of what teams can ask for, and of the platform's
 * shared traffic plane, from on-demand list prices. Source: AWS public pricing
 * pages (Amazon RDS for PostgreSQL, Single-AZ, on-demand; Amazon S3 Standard;
 * Elastic Load Balancing, Application Load Balancer; Amazon Route 53 hosted
 * zones; AWS Certificate Manager public certificates), region eu-west-1,
 * prices as entered on 2026-11-25 (traffic: 2026-12-01). A month is 730 hours.
 * These are estimates for the budget guardrail, not invoices: update them with
 * the table's date.
 */
export const PRICES = {
  source: 'AWS public on-demand pricing, eu-west-1 (RDS for PostgreSQL Single-AZ, S3 Standard)',
  date: '2026-11-25',
  hoursPerMonth: 730,
  /** Instance class and hourly price per database size. */
  database: {
    small: { instanceClass: 'db.t4g.small', usdPerHour: 0.036 },
    medium: { instanceClass: 'db.t4g.medium', usdPerHour: 0.072 },
    large: { instanceClass: 'db.m7g.large', usdPerHour: 0.186 },
  } as Readonly<Record<DatabaseSize, { readonly instanceClass: string; readonly usdPerHour: number }>>,
  /** gp3 storage, per GB-month. */
  databaseStorageUsdPerGbMonth: 0.127,
  /** Multi-AZ doubles instance and storage cost (production). */
  multiAzFactor: 2,
  /** S3 Standard, per GB-month. */
  bucketUsdPerGbMonth: 0.023,
  /** An Application Load Balancer, per hour, and one Load Balancer Capacity Unit, per hour. */
  loadBalancerUsdPerHour: 0.0252,
  loadBalancerLcuUsdPerHour: 0.008,
  /** A public hosted zone (of the first 25), per month; queries to alias records of AWS resources are free. */
  hostedZoneUsdPerMonth: 0.5,
  /** A public ACM certificate used by a load balancer. */
  certificateUsdPerMonth: 0,
} as const;

/** Whether an environment's databases run Multi-AZ (at twice the price): in production. */
export function databaseMultiAz(env: Environment): boolean {
  return env.production;
}

/** Monthly estimate of a database. */
export function databaseMonthlyUsd(size: DatabaseSize, storageGB: number, multiAz: boolean): number {
  const p = PRICES.database[size];
  const cost = p.usdPerHour * PRICES.hoursPerMonth + storageGB * PRICES.databaseStorageUsdPerGbMonth;
  return round(cost * (multiAz ? PRICES.multiAzFactor : 1));
}

/** Monthly estimate of a bucket holding `expectedGB`. */
export function bucketMonthlyUsd(expectedGB: number): number {
  return round(expectedGB * PRICES.bucketUsdPerGbMonth);
}

/**
 * Monthly estimate of an environment's shared traffic plane, paid by the
 * platform (not charged to teams): the load balancer at `lcus` capacity units
 * around the clock (1 by default: its floor for light traffic) and one hosted
 * zone and certificate per team.
 */
export function trafficMonthlyUsd(teams: number, lcus = 1): { loadBalancer: number; zones: number; certificates: number; total: number } {
  const loadBalancer = round((PRICES.loadBalancerUsdPerHour + lcus * PRICES.loadBalancerLcuUsdPerHour) * PRICES.hoursPerMonth);
  const zones = round(teams * PRICES.hostedZoneUsdPerMonth);
  const certificates = round(teams * PRICES.certificateUsdPerMonth);
  return { loadBalancer, zones, certificates, total: round(loadBalancer + zones + certificates) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
