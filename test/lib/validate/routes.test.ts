import * as path from 'path';
import { type ManifestObject, loadManifests, validateObjects } from '../../../lib';
import { ROOT } from '../../cli-util';

/** The committed tree's prod cluster: its objects, each a fresh copy to plant problems in. */
const prod = () =>
  loadManifests(path.join(ROOT, 'gitops'))
    .objects.filter((m) => m.file.startsWith('prod/'))
    .map((m) => ({ file: m.file, object: JSON.parse(JSON.stringify(m.object)) as Record<string, any> }));
const CHECKOUT = 'prod/teams/payments/apps/checkout/application-checkout.yaml';
const gatewayOf = (objects: ManifestObject[], file = CHECKOUT) => {
  const app = objects.find((m) => m.file === file)?.object as Record<string, any>;
  return app.spec.components[0].traits.find((t: { type: string }) => t.type === 'gateway').properties as Record<string, any>;
};
const routeFindings = (objects: readonly ManifestObject[]) =>
  validateObjects(objects, { clusterPerTopLevelFolder: true })
    .findings.filter((f) => f.severity === 'error' || f.rule === 'unchecked')
    .map((f) => `${f.rule} ${f.file} ${f.field}: ${f.message}`);
/** The field of the checkout app's gateway trait (its index among the app's traits). */
const at = (field: string) => {
  const app = prod().find((m) => m.file === CHECKOUT)?.object as Record<string, any>;
  const index = app.spec.components[0].traits.findIndex((t: { type: string }) => t.type === 'gateway');
  return `spec.components[0].traits[${index}].properties.${field}`;
};

describe('paved validate checks every public route end to end', () => {
  test("the example tree's routes pass: class installed, TLS, HTTPS with redirect, served zones, one app per host, ports, NetworkPolicies", () => {
    expect(routeFindings(prod())).toEqual([]);
  });

  test('a route on a class nothing installs, naming the installed ones', () => {
    const objects = prod();
    gatewayOf(objects).class = 'nginx';
    expect(routeFindings(objects)).toEqual([`reference ${CHECKOUT} ${at('class')}: ingress class "nginx" is not installed in this cluster (installed: alb): nothing would serve the route`]);
  });

  test('a route without TLS, and one whose load balancer would not listen on HTTPS', () => {
    const objects = prod();
    delete gatewayOf(objects).secretName;
    gatewayOf(objects).annotations['alb.ingress.kubernetes.io/listen-ports'] = '[{"HTTP": 80}]';
    expect(routeFindings(objects)).toEqual([
      `policy ${CHECKOUT} ${at('annotations')}: the load balancer opens HTTP:80 for "checkout.payments.example.com", no HTTPS:443 listener (annotation alb.ingress.kubernetes.io/listen-ports): the route would not be served over HTTPS`,
      `policy ${CHECKOUT} ${at('secretName')}: route to "checkout.payments.example.com" has no TLS for its host: every public route is served over HTTPS`,
    ]);
  });

  test("HTTP served without a redirect to HTTPS, when the class's parameters do not redirect", () => {
    const objects = prod();
    delete objects.find((m) => m.object.kind === 'IngressClassParams')!.object.spec.sslRedirectPort;
    expect(routeFindings(objects).filter((f) => f.includes(CHECKOUT))).toEqual([
      `policy ${CHECKOUT} ${at('annotations')}: the load balancer serves "checkout.payments.example.com" on HTTP:80 without redirecting to HTTPS (sslRedirectPort "443" in the class's IngressClassParams, or annotation alb.ingress.kubernetes.io/ssl-redirect)`,
    ]);
  });

  test("a host outside the served zones, and one deeper than the zone's certificate", () => {
    const objects = prod();
    gatewayOf(objects).domain = 'checkout.example.org';
    gatewayOf(objects, 'prod/teams/payments/apps/my-app/application-my-app.yaml').domain = 'v2.my-app.payments.example.com';
    expect(routeFindings(objects)).toEqual([
      `reference ${CHECKOUT} ${at('domain')}: host "checkout.example.org" is in no zone this cluster serves (mobile.example.com, payments.example.com, search.example.com): no DNS record and no certificate would exist for it`,
      `reference prod/teams/payments/apps/my-app/application-my-app.yaml ${at('domain')}: host "v2.my-app.payments.example.com" lies more than one label below zone "payments.example.com": its certificate (*.payments.example.com) does not cover it`,
    ]);
  });

  test('a host two apps claim, naming both', () => {
    const objects = prod();
    gatewayOf(objects, 'prod/teams/payments/apps/my-app/application-my-app.yaml').domain = 'checkout.payments.example.com';
    expect(routeFindings(objects)).toEqual([
      `reference prod/teams/payments/apps/my-app/application-my-app.yaml ${at('domain')}: host "checkout.payments.example.com" is also claimed by Application payments/checkout (${CHECKOUT}): one app per host in a cluster`,
    ]);
  });

  test('a route to a port the container does not listen on, and a namespace whose NetworkPolicies keep the load balancer out', () => {
    const objects = prod();
    gatewayOf(objects).http = { '/': 9999 };
    const allow = objects.find((m) => m.file === 'prod/teams/payments/tenant/namespaces/payments/networkpolicy-allow-load-balancer.yaml');
    const withoutLoadBalancer = objects.filter((m) => m !== allow);
    expect(routeFindings(withoutLoadBalancer).filter((f) => f.includes(CHECKOUT))).toEqual([
      `reference ${CHECKOUT} ${at('http')}: the route sends to port 9999, but the component's container listens on 8443`,
      `policy ${CHECKOUT} ${at('http')}: no NetworkPolicy of namespace "payments" admits the load balancer (an ingress rule from an IP block) to port 9999: requests to "checkout.payments.example.com" would time out`,
    ]);
  });

  test("a tree without the platform's part is checked against the zones and classes it is given, and says what it could not check", () => {
    const teamOnly = prod().filter((m) => m.file.startsWith('prod/teams/payments/'));
    expect(routeFindings(teamOnly).filter((f) => f.includes(CHECKOUT))).toEqual([
      `reference ${CHECKOUT} ${at('class')}: ingress class "alb" is not installed in this cluster (installed: none): nothing would serve the route`,
      `unchecked ${CHECKOUT} ${at('domain')}: host "checkout.payments.example.com" not checked against served zones: no external-dns in this cluster's tree and no zones known`,
    ]);
    const routing = { prod: { ingressClasses: ['alb'], zones: ['payments.example.com'] } };
    expect(validateObjects(teamOnly, { clusterPerTopLevelFolder: true, routing, knownNamespaces: ['argocd'] }).findings.filter((f) => f.file === CHECKOUT)).toEqual([]);
  });
});
