import type { Org } from '../org/org';
import type { RoutingContext } from '../validate/routes';

/**
 * What the platform's part of each environment provides to routes (the
 * IngressClass {@link PublicIngressClass} installs and the zones
 * {@link ExternalDnsAddOn} serves), by environment: how a team's part of the
 * tree, which does not hold them, is checked.
 */
export function routingContextOf(org: Org): Record<string, RoutingContext> {
  return Object.fromEntries(org.environments.map((env) => [env.name, { ingressClasses: [env.ingressClass], zones: org.zonesServedBy(env) }]));
}
