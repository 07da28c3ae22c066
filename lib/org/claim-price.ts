import type { Environment } from './environment';
import { bucketMonthlyUsd, databaseMonthlyUsd, databaseMultiAz, PRICES } from './pricing';
import { TEAM_CLAIM_KINDS } from './team-kinds';

/**
 * The annotation on every claim paved writes with the estimated monthly cost
 * of what it asks for, in USD: for people (a reviewer sees the price in the
 * pull request). paved never reads a cost from it: a claim is priced from its
 * parameters ({@link priceClaim}), and an annotation that says otherwise is an
 * error, so that it cannot mislead.
 */
export const MONTHLY_COST_ANNOTATION = 'paved.dev/monthly-cost-usd';

/** A claim's parameter that cannot be priced: the field, the value and what is allowed. */
export interface ClaimPriceProblem {
  /** The field, e.g. `spec.parameters.storageGB`. */
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** A claim's monthly price, or why it has none. */
export interface ClaimPrice {
  /** The kind (`PostgreSQLInstance`, `ObjectBucket`). */
  readonly kind: string;
  /** The estimated monthly cost in USD, from the parameters (0 when a parameter is at fault). */
  readonly usd: number;
  /** What was priced, in words: `db.m7g.large, Multi-AZ, 500 GB`. */
  readonly basis: string;
  /** The parameters that cannot be priced (outside what the environment allows). */
  readonly problems: readonly ClaimPriceProblem[];
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** Whether an object is a claim of one of the platform's abstractions (by API group and kind). */
export function isPricedClaim(object: Obj): boolean {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return TEAM_CLAIM_KINDS.some((k) => k.group === group && k.kind === object.kind);
}

/**
 * Prices a claim from its parameters, as the environment's composition
 * provisions it (the sizes and ranges of its governance, the XRD's defaults,
 * Multi-AZ in production), with the platform's price table; `undefined` for
 * an object that is not a claim of the platform's abstractions. Never reads
 * the cost annotation.
 */
export function priceClaim(object: Obj, env: Environment): ClaimPrice | undefined {
  if (!isPricedClaim(object)) return undefined;
  const parameters = asObject(asObject(object.spec)?.parameters) ?? {};
  const problems: ClaimPriceProblem[] = [];
  const integer = (field: string, value: unknown, min: number, max: number, what: string): number => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push({ field: `spec.parameters.${field}`, value, allowed: `an integer from ${min} to ${max} (${what})` });
    return 0;
  };
  if (object.kind === 'ObjectBucket') {
    // the XRD's default and range
    const gb = integer('expectedSizeGB', parameters.expectedSizeGB ?? 10, 1, 100000, 'GB the team expects to store');
    return { kind: 'ObjectBucket', usd: problems.length ? 0 : bucketMonthlyUsd(gb), basis: `S3 Standard, ${gb} GB`, problems };
  }
  const svc = env.services;
  const size = parameters.size ?? svc.databaseSizes[0];
  const known = svc.databaseSizes.find((s) => s === size);
  if (known === undefined) problems.push({ field: 'spec.parameters.size', value: size, allowed: `one of the sizes environment ${env.name} allows: ${svc.databaseSizes.join(', ')}` });
  const gb = integer('storageGB', parameters.storageGB, svc.minStorageGB, svc.maxStorageGB, `GB, environment ${env.name}`);
  const multiAz = databaseMultiAz(env);
  if (known === undefined || problems.length) return { kind: 'PostgreSQLInstance', usd: 0, basis: 'not priced', problems };
  return {
    kind: 'PostgreSQLInstance',
    usd: databaseMonthlyUsd(known, gb, multiAz),
    basis: `${PRICES.database[known].instanceClass}${multiAz ? ', Multi-AZ' : ''}, ${gb} GB`,
    problems,
  };
}

/**
 * Why a claim's cost annotation is wrong, if it is: it must be its price from
 * its parameters (`"1188.72"`), or absent. A negative, non-numeric or
 * different value is refused, so that no reviewer is misled.
 */
export function costAnnotationProblem(object: Obj, price: ClaimPrice): ClaimPriceProblem | undefined {
  const annotations = asObject(asObject(object.metadata)?.annotations);
  if (!annotations || !(MONTHLY_COST_ANNOTATION in annotations) || price.problems.length) return undefined;
  const value = annotations[MONTHLY_COST_ANNOTATION];
  const declared = typeof value === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : NaN;
  if (Math.abs(declared - price.usd) < 0.005) return undefined;
  return {
    field: `metadata.annotations.${MONTHLY_COST_ANNOTATION}`,
    value,
    allowed: `the claim's price from its parameters, "${price.usd.toFixed(2)}" (USD a month: ${price.basis}), or no annotation (paved prices every claim from its parameters)`,
  };
}
