import { cidrsOverlap, parseCidr } from '../../../lib/private/cidr';
import { MAX_LAYOUT_ZONES, subnetLayout } from '../../../lib/org/subnet-layout';

const parsed = (c: string) => {
  const p = parseCidr(c);
  if (!p) throw new Error(`bad block ${c}`);
  return p;
};

describe('subnetLayout', () => {
  test('cuts a /16 into one /19 per zone for nodes and one /22 per zone for load balancers, in the last eighth', () => {
    expect(subnetLayout('10.10.0.0/16', 3)).toEqual({
      privateCidrs: ['10.10.0.0/19', '10.10.32.0/19', '10.10.64.0/19'],
      publicCidrs: ['10.10.224.0/22', '10.10.228.0/22', '10.10.232.0/22'],
    });
  });

  test('cuts a /20 into /23 private and /26 public blocks', () => {
    expect(subnetLayout('10.2.0.0/20', 2)).toEqual({ privateCidrs: ['10.2.0.0/23', '10.2.2.0/23'], publicCidrs: ['10.2.14.0/26', '10.2.14.64/26'] });
  });

  test.each([2, 3, 6, MAX_LAYOUT_ZONES])('gives %p zones blocks inside the VPC that overlap no other', (zones) => {
    const layout = subnetLayout('10.0.0.0/16', zones);
    const all = [...(layout?.privateCidrs ?? []), ...(layout?.publicCidrs ?? [])].map(parsed);
    expect(all).toHaveLength(2 * zones);
    all.forEach((a, i) => {
      expect(cidrsOverlap(a, parsed('10.0.0.0/16'))).toBe(true);
      all.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b)).toBe(false));
    });
  });

  test('has no layout for more zones than it can serve, or for a malformed block', () => {
    expect(subnetLayout('10.0.0.0/16', MAX_LAYOUT_ZONES + 1)).toBeUndefined();
    expect(subnetLayout('10.0.0.0/16', 0)).toBeUndefined();
    expect(subnetLayout('10.0.0.1/16', 2)).toBeUndefined();
  });
});
