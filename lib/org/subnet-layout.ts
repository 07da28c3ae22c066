/**
 * How an environment's VPC block is cut into subnets.
 * @internal
 */
import { formatCidr, parseCidr, subnet } from '../private/cidr';

/** The most zones the layout can serve: 7 of the 8 equal blocks hold node subnets, the 8th the public ones. */
export const MAX_LAYOUT_ZONES = 7;

/** Subnet blocks per zone, index = zone. */
export interface SubnetLayout {
  /** Node (private) subnets: one eighth of the VPC block each. */
  readonly privateCidrs: readonly string[];
  /** Load balancer (public) subnets: one sixty-fourth of the VPC block each, all inside the last eighth. */
  readonly publicCidrs: readonly string[];
}

/**
 * Cuts `vpcCidr` into 8 equal blocks: blocks 0..zones-1 become the private subnets
 * (pods take their IPs from them, so they get the room), the last block is cut
 * into 8 again for the public subnets, which only hold load balancers and NAT
 * gateways. For a /16: private /19 (8,187 usable addresses), public /22; for a
 * /20: private /23, public /26. Returns undefined when the block is malformed or
 * the zones do not fit.
 */
export function subnetLayout(vpcCidr: string, zones: number): SubnetLayout | undefined {
  const vpc = parseCidr(vpcCidr);
  if (!vpc || vpc.prefix > 26 || !Number.isInteger(zones) || zones < 1 || zones > MAX_LAYOUT_ZONES) return undefined;
  const eighth = vpc.prefix + 3;
  const publicBlock = subnet(vpc, eighth, 7);
  const indexes = Array.from({ length: zones }, (_, i) => i);
  return {
    privateCidrs: indexes.map((i) => formatCidr(subnet(vpc, eighth, i))),
    publicCidrs: indexes.map((i) => formatCidr(subnet(publicBlock, eighth + 3, i))),
  };
}
