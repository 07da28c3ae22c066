import { App } from 'cdk8s';
import { AppConstruct, Org, PlatformEnvironment, TeamScope, coveredByZoneCertificate } from '../../../lib';
import { ORG_PROPS, errorOf, findObject, objectsOf, trait } from '../../util';

/** An environment with both teams onboarded; `apps` are [team, id, domain]. */
function environment(envName: string, apps: readonly [string, string, string][]) {
  const org = new Org(ORG_PROPS);
  const platform = new PlatformEnvironment(new App(), envName, { org, environment: org.environment(envName) });
  const scopes = new Map(org.teams.map((t) => [t.name, new TeamScope(platform, t.name, { team: t })]));
  return apps.map(([team, id, domain]) => {
    const scope = scopes.get(team) as TeamScope;
    return new AppConstruct(scope, id, { team: scope.team, image: `${id}:1.0.0`, port: 8080, domain });
  });
}

describe('a public route', () => {
  test("each environment serves its own zone per team: production the team's zone, others a subdomain of it", () => {
    const org = new Org(ORG_PROPS);
    const payments = org.team('payments');
    expect(org.environment('prod').zoneFor(payments)).toBe('payments.example.com');
    expect(org.environment('staging').zoneFor(payments)).toBe('staging.payments.example.com');
    expect(org.zonesServedBy(org.environment('staging'))).toEqual(['staging.payments.example.com', 'staging.search.example.com']);
  });

  test("gets HTTPS on the environment's class: TLS for its host, HTTP redirected by the class, prefix match of /", () => {
    const [app] = environment('staging', [['payments', 'orders', 'orders.staging.payments.example.com']]);
    expect(trait(findObject(objectsOf(app), 'Application', 'orders'), 'gateway')).toEqual({
      domain: 'orders.staging.payments.example.com',
      http: { '/': 8080 },
      class: 'alb',
      classInSpec: true,
      pathType: 'Prefix',
      secretName: 'tls-from-acm',
      annotations: {
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
        // the load balancer's health check: any HTTP answer on / (the app has a TCP readiness check), and a 30 s drain
        'alb.ingress.kubernetes.io/healthcheck-path': '/',
        'alb.ingress.kubernetes.io/success-codes': '200-499',
        'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
      },
    });
  });

  test('a host two apps claim in one environment is refused, naming the first', () => {
    expect(
      errorOf(() =>
        environment('prod', [
          ['payments', 'checkout', 'checkout.payments.example.com'],
          ['payments', 'checkout-v2', 'checkout.payments.example.com'],
        ]),
      ),
    ).toBe('prod/payments/checkout-v2: domain = "checkout.payments.example.com" is not allowed: a host no other app serves in environment prod (already served by prod/payments/checkout)');
  });

  test('the same name in two environments is two hosts: each environment claims its own', () => {
    expect(() =>
      environment('prod', [
        ['payments', 'a', 'a.payments.example.com'],
        ['search', 'a', 'a.search.example.com'],
      ]),
    ).not.toThrow();
  });

  test('a host outside the zone the environment serves, or deeper than its certificate, is refused with the zone and what is covered', () => {
    expect(errorOf(() => environment('staging', [['payments', 'orders', 'orders.payments.example.com']]))).toBe(
      'staging/payments/orders: domain = "orders.payments.example.com" is not allowed: a name environment staging serves with TLS for team payments: "staging.payments.example.com" or one label below it, such as "my-app.staging.payments.example.com" (its certificate covers "staging.payments.example.com" and "*.staging.payments.example.com")',
    );
    expect(errorOf(() => environment('prod', [['payments', 'orders', 'v2.orders.payments.example.com']]))).toMatch(
      /domain = "v2\.orders\.payments\.example\.com" is not allowed: a name environment prod serves with TLS for team payments: "payments\.example\.com" or one label below it/,
    );
  });

  test('production may not take a name inside a zone another environment serves', () => {
    expect(errorOf(() => environment('prod', [['payments', 'orders', 'staging.payments.example.com']]))).toBe(
      'prod/payments/orders: domain = "staging.payments.example.com" is not allowed: a name environment prod serves: "staging.payments.example.com" lies in "staging.payments.example.com", the zone environment staging serves for team payments',
    );
  });

  test('a wildcard certificate covers the zone and one label below it, nothing deeper', () => {
    expect(coveredByZoneCertificate('payments.example.com', 'payments.example.com')).toBe(true);
    expect(coveredByZoneCertificate('a.payments.example.com', 'payments.example.com')).toBe(true);
    expect(coveredByZoneCertificate('a.b.payments.example.com', 'payments.example.com')).toBe(false);
    expect(coveredByZoneCertificate('xpayments.example.com', 'payments.example.com')).toBe(false);
  });

  test('two environments that would serve the same zone are refused (one hosted zone per name)', () => {
    expect(errorOf(() => new Org({ ...ORG_PROPS, environments: ORG_PROPS.environments.map((e) => ({ ...e, dnsSubdomain: 'shared' })) }))).toContain(
      'environments[1].dnsSubdomain = "shared" is not allowed: a label no other environment uses (environments[0] (staging) serves "shared.<team zone>"; one hosted zone per name)',
    );
  });
});
