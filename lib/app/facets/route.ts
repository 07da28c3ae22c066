import type { PlatformEnvironment } from '../../k8s/platform-environment';
import type { Team } from '../../org/team';
import type { GatewayProperties } from '../../private/kubevela';
import { isDnsName, isInZone } from '../../private/names';
import type { PropChecker } from '../../private/problems';
import { LISTEN_PORTS_ANNOTATION, ROUTE_LISTEN_PORTS } from '../../org/route-policy';
import type { Facet } from './facet';

/**
 * The `spec.tls[].secretName` every route carries. The load balancer
 * terminates TLS with the ACM certificate the cloud stack issues for the
 * environment's zone (`*.zone` and the zone), which the AWS Load Balancer
 * Controller finds from the route's `spec.tls` hosts; it never reads this
 * Secret. KubeVela's `gateway` trait writes `spec.tls` only with a secret name.
 */
export const ROUTE_TLS_SECRET_NAME = 'tls-from-acm';

export { LISTEN_PORTS_ANNOTATION, ROUTE_LISTEN_PORTS } from '../../org/route-policy';

/**
 * Whether a host is covered by the certificate of a zone (`*.zone` and the
 * zone itself): a wildcard covers exactly one label.
 */
export function coveredByZoneCertificate(host: string, zone: string): boolean {
  if (host === zone) return true;
  return host.endsWith(`.${zone}`) && !host.slice(0, -(zone.length + 1)).includes('.');
}

/**
 * The app's public route, when it has a `domain`: the `gateway` trait.
 * @internal
 */
export const routeFacet: Facet = (props, { check, platform, scope }) => {
  if (props.domain === undefined) return {};
  const route = routeTrait(check, platform, props.team, props.domain, props.port, scope.node.path, props.health?.readiness?.path);
  return route ? { traits: [{ type: 'gateway', properties: route }] } : {};
};

/**
 * Checks an app's public host in one environment and returns its `gateway`
 * trait: the host must be a DNS name inside the zone the environment serves
 * for the team, covered by that zone's certificate, outside the zones other
 * environments serve, and no other app's in this environment. The route gets
 * TLS (HTTPS, HTTP redirected) on the environment's ingress class, with
 * prefix matching of `/`; the load balancer checks the app's readiness path
 * (or any HTTP answer on `/`) and drains a stopping target for 30 s.
 */
function routeTrait(check: PropChecker, platform: PlatformEnvironment, team: Team, domain: string, port: number, path: string, readinessPath?: string): GatewayProperties | undefined {
  if (!check.check(isDnsName(domain), 'domain', domain, 'a lower-case DNS name such as "my-app.payments.example.com"')) return undefined;
  const env = platform.environment;
  const zone = env.zoneFor(team);
  if (!check.check(team.ownsDomain(domain), 'domain', domain, `a name inside team ${team.name}'s zone "${team.zone}"`)) return undefined;
  const elsewhere = platform.org.environments.filter((e) => e !== env && isInZone(domain, e.zoneFor(team)) && isInZone(e.zoneFor(team), zone));
  if (elsewhere.length > 0) {
    check.fail('domain', domain, `a name environment ${env.name} serves: "${domain}" lies in "${elsewhere[0].zoneFor(team)}", the zone environment ${elsewhere[0].name} serves for team ${team.name}`);
    return undefined;
  }
  if (
    !check.check(
      coveredByZoneCertificate(domain, zone),
      'domain',
      domain,
      `a name environment ${env.name} serves with TLS for team ${team.name}: "${zone}" or one label below it, such as "my-app.${zone}" (its certificate covers "${zone}" and "*.${zone}")`,
    )
  )
    return undefined;
  const first = platform._claimHost(domain, path);
  if (!check.check(first === undefined, 'domain', domain, `a host no other app serves in environment ${env.name} (already served by ${first})`)) return undefined;
  return {
    domain,
    http: { '/': port },
    class: env.ingressClass,
    classInSpec: true,
    pathType: 'Prefix',
    secretName: ROUTE_TLS_SECRET_NAME,
    annotations: {
      [LISTEN_PORTS_ANNOTATION]: ROUTE_LISTEN_PORTS,
      // the load balancer's own check: the app's readiness path, or any HTTP answer on / (as the TCP readiness check)
      'alb.ingress.kubernetes.io/healthcheck-path': readinessPath ?? '/',
      'alb.ingress.kubernetes.io/success-codes': readinessPath === undefined ? '200-499' : '200-399',
      // a stopping pod leaves the target group within its shutdown delay's reach
      'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
    },
  };
}
