/**
 * What a team's route may ask of the shared load balancer: one policy, read by
 * the app's route (lib/app/facets/route.ts), the tenant rule that checks every
 * route in paved and in the cluster (lib/validate/tenant-rules/routes.ts), and
 * the docs. The load balancer, its listeners, certificates, logs and rule
 * order are the platform's: a team sets only what concerns its own target group.
 */

/**
 * The listeners every route asks the shared load balancer for: HTTP, which
 * redirects to HTTPS (the IngressClass's `sslRedirectPort`), and HTTPS.
 */
export const ROUTE_LISTEN_PORTS = '[{"HTTP": 80}, {"HTTPS": 443}]';

/** The annotation that asks the AWS Load Balancer Controller for listeners. */
export const LISTEN_PORTS_ANNOTATION = 'alb.ingress.kubernetes.io/listen-ports';

/**
 * The annotations a team's route may carry, besides the listeners (which must
 * be {@link ROUTE_LISTEN_PORTS}): its own target group's health check and
 * attributes. Everything else the controllers read (the group and its order,
 * scheme, certificates, WAF, access logs, security groups, actions and
 * conditions, extra DNS names) would change the load balancer or the DNS
 * every team shares.
 */
export const TEAM_ROUTE_ANNOTATIONS: readonly string[] = Object.freeze([
  LISTEN_PORTS_ANNOTATION,
  'alb.ingress.kubernetes.io/healthcheck-path',
  'alb.ingress.kubernetes.io/healthcheck-interval-seconds',
  'alb.ingress.kubernetes.io/healthcheck-timeout-seconds',
  'alb.ingress.kubernetes.io/healthy-threshold-count',
  'alb.ingress.kubernetes.io/unhealthy-threshold-count',
  'alb.ingress.kubernetes.io/success-codes',
  'alb.ingress.kubernetes.io/target-group-attributes',
]);

/**
 * The annotation prefixes the platform's traffic controllers read (the AWS
 * Load Balancer Controller, external-dns, Kubernetes' own service load
 * balancers and ingress class): on a team's Ingress or Service, only
 * {@link TEAM_ROUTE_ANNOTATIONS} may use them.
 */
export const ROUTE_CONTROLLED_PREFIXES: readonly string[] = Object.freeze([
  'alb.ingress.kubernetes.io/',
  'external-dns.alpha.kubernetes.io/',
  'service.beta.kubernetes.io/',
  'service.kubernetes.io/',
  'kubernetes.io/ingress.class',
]);
