import type { DatabaseSize } from '../org/environment';

/**
 * Monthly cost estimates of what teams can ask for, from on-demand list prices.
 * Source: AWS public pricing pages (Amazon RDS for PostgreSQL, Single-AZ,
 * on-demand; Amazon S3 Standard), region eu-west-1, prices as entered on
 * 2026-11-25. A month is 730 hours. These are estimates for the budget
 * guardrail, not invoices: update them with the table's date.
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
} as const;

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

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
