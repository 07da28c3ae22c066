import type { RuleContext } from './context';
import { claimsRule } from './claims';
import { definitionsRule } from './definitions';
import { imagesRule, podImagesRule } from './images';
import { kindsRule } from './kinds';
import { hostsRule, routesRule } from './routes';
import type { TenantRule } from './rule';

export * from './context';
export * from './rule';
export { deployerKinds } from './kinds';
export { imagesOf } from './images';
export { registryOf } from '../../org/image-policy';

/**
 * Every tenant rule of one environment, in a stable order: the rules of every
 * team's namespaces, then each team's own (its kinds, its hosts).
 */
export function tenantRules(ctx: RuleContext): TenantRule[] {
  const rules = [definitionsRule(ctx), routesRule(ctx), imagesRule(ctx), podImagesRule(ctx), claimsRule(ctx), ...ctx.teams.flatMap((t) => [kindsRule(t), hostsRule(ctx, t)])];
  return rules.map((r) => ({ ...r, teams: r.team === undefined ? ctx.teams.map((t) => t.name) : [r.team] }));
}
export * from './check';
export * from './policy';
