import { App } from 'cdk8s';
import { ApiObject } from 'cdk8s';
import { AppConstruct, Org, PRICES, PlatformEnvironment, TeamScope, bucketMonthlyUsd, databaseMonthlyUsd } from '../../../lib';
import { MONTHLY_COST_ANNOTATION, costAnnotationProblem, priceClaim } from '../../../lib/org/claim-price';
import { ORG_PROPS } from '../../util';

const org = new Org(ORG_PROPS);
const prod = org.environment('prod');
const staging = org.environment('staging');

const database = (parameters: Record<string, unknown>, annotations?: Record<string, unknown>) => ({
  apiVersion: 'db.example.com/v1alpha1',
  kind: 'PostgreSQLInstance',
  metadata: { name: 'orders-db', namespace: 'payments', ...(annotations ? { annotations } : {}) },
  spec: { parameters, writeConnectionSecretToRef: { name: 'orders-db-conn' } },
});
const bucket = (parameters: Record<string, unknown> | undefined, annotations?: Record<string, unknown>) => ({
  apiVersion: 'storage.example.com/v1alpha1',
  kind: 'ObjectBucket',
  metadata: { name: 'orders-invoices', namespace: 'payments', ...(annotations ? { annotations } : {}) },
  spec: parameters ? { parameters } : {},
});

describe('priceClaim: a claim priced from its parameters, as the environment provisions it', () => {
  test('a production database is priced Multi-AZ from the table, the same database in staging Single-AZ', () => {
    const inProd = priceClaim(database({ size: 'large', storageGB: 500 }), prod);
    expect(inProd).toEqual({ kind: 'PostgreSQLInstance', usd: 398.56, basis: 'db.m7g.large, Multi-AZ, 500 GB', problems: [] });
    expect(inProd?.usd).toBe(databaseMonthlyUsd('large', 500, true));
    expect(priceClaim(database({ size: 'medium', storageGB: 50 }), staging)).toEqual({ kind: 'PostgreSQLInstance', usd: 58.91, basis: 'db.t4g.medium, 50 GB', problems: [] });
  });

  test("a database without a size is priced at the environment's smallest, as the XRD's default provisions it", () => {
    expect(priceClaim(database({ storageGB: 20 }), prod)?.usd).toBe(databaseMonthlyUsd('small', 20, true));
  });

  test('a bucket is priced from what it expects to store (10 GB when it does not say)', () => {
    expect(priceClaim(bucket({ expectedSizeGB: 100000 }), prod)).toEqual({ kind: 'ObjectBucket', usd: 2300, basis: 'S3 Standard, 100000 GB', problems: [] });
    expect(priceClaim(bucket(undefined), staging)?.usd).toBe(bucketMonthlyUsd(10));
    expect(bucketMonthlyUsd(10)).toBe(Math.round(10 * PRICES.bucketUsdPerGbMonth * 100) / 100);
  });

  test('the price is the one the construct computes: the same table, the same Multi-AZ rule', () => {
    for (const env of [staging, prod]) {
      const platform = new PlatformEnvironment(new App(), env.name, { org, environment: env });
      const scope = new TeamScope(platform, 'payments', { team: org.team('payments') });
      const app = new AppConstruct(scope, 'orders', { team: scope.team, image: 'o:1', port: 80, database: { size: 'medium', storageGB: 40 }, buckets: [{ name: 'invoices', expectedSizeGB: 300 }] });
      const claims = app.node
        .findAll()
        .filter(ApiObject.isApiObject)
        .map((o) => o.toJson() as { kind: string; metadata: { annotations: Record<string, string> } })
        .filter((o) => ['PostgreSQLInstance', 'ObjectBucket'].includes(o.kind));
      expect(claims).toHaveLength(2);
      for (const claim of claims) {
        const price = priceClaim(claim, env);
        expect(claim.metadata.annotations[MONTHLY_COST_ANNOTATION]).toBe(price?.usd.toFixed(2));
        expect(costAnnotationProblem(claim, price!)).toBeUndefined();
      }
      expect(scope.monthlyCosts.map((c) => c.usd)).toEqual(claims.map((c) => priceClaim(c, env)?.usd));
    }
  });

  test('refuses parameters outside what the environment allows, naming the field, the value and what is allowed', () => {
    expect(priceClaim(database({ size: 'large', storageGB: 50 }), staging)?.problems).toEqual([
      { field: 'spec.parameters.size', value: 'large', allowed: 'one of the sizes environment staging allows: small, medium' },
    ]);
    expect(priceClaim(database({ size: 'huge', storageGB: 50 }), prod)?.problems[0]).toEqual({
      field: 'spec.parameters.size',
      value: 'huge',
      allowed: 'one of the sizes environment prod allows: small, medium, large',
    });
    for (const storageGB of [-500, 0, 5000, 20.5, '500', undefined, null]) {
      const price = priceClaim(database({ size: 'small', storageGB }), prod);
      expect(price?.problems).toEqual([{ field: 'spec.parameters.storageGB', value: storageGB, allowed: 'an integer from 20 to 1000 (GB, environment prod)' }]);
      // a claim that cannot be priced never lowers a team's total
      expect(price?.usd).toBe(0);
    }
    expect(priceClaim(bucket({ expectedSizeGB: -1 }), prod)?.problems).toEqual([
      { field: 'spec.parameters.expectedSizeGB', value: -1, allowed: 'an integer from 1 to 100000 (GB the team expects to store)' },
    ]);
  });

  test("only the platform's claims are priced: another object, or the same kind in another API group, is not a claim", () => {
    expect(priceClaim({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, prod)).toBeUndefined();
    expect(priceClaim({ ...database({ size: 'large', storageGB: 500 }), apiVersion: 'db.evil.example/v1alpha1' }, prod)).toBeUndefined();
  });
});

describe('costAnnotationProblem: the annotation is for people, and may not say anything but the price', () => {
  const price = (object: Record<string, unknown>) => priceClaim(object, prod)!;
  const problem = (value: unknown) => {
    const claim = database({ size: 'large', storageGB: 500 }, { [MONTHLY_COST_ANNOTATION]: value });
    return costAnnotationProblem(claim, price(claim));
  };

  test('the price, written as paved writes it or with other decimals, and no annotation at all, are accepted', () => {
    expect(problem('398.56')).toBeUndefined();
    expect(problem('398.560')).toBeUndefined();
    const bare = database({ size: 'large', storageGB: 500 });
    expect(costAnnotationProblem(bare, price(bare))).toBeUndefined();
  });

  test('refuses a production database declared free, naming the annotation, its value and the computed price', () => {
    expect(problem('0.00')).toEqual({
      field: 'metadata.annotations.paved.dev/monthly-cost-usd',
      value: '0.00',
      allowed: 'the claim\'s price from its parameters, "398.56" (USD a month: db.m7g.large, Multi-AZ, 500 GB), or no annotation (paved prices every claim from its parameters)',
    });
  });

  test('refuses negative, non-numeric, empty, padded and non-string values', () => {
    for (const value of ['-398.56', 'free', '', ' 398.56', '398.56 USD', '3.9856e2', 398.56, null]) expect(problem(value)?.value).toBe(value);
  });

  test('refuses a bucket declared tiny but sized large', () => {
    const claim = bucket({ expectedSizeGB: 50000 }, { [MONTHLY_COST_ANNOTATION]: '0.23' });
    expect(costAnnotationProblem(claim, price(claim))?.allowed).toContain('"1150.00" (USD a month: S3 Standard, 50000 GB)');
  });
});
