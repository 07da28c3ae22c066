/**
 * The Kubernetes CEL ip and cidr libraries (k8s.io/apiserver/pkg/cel/library/ip.go,
 * cidr.go): `ip()`, `isIP()`, `ip.isCanonical()`, `family`, `isUnspecified`,
 * `isLoopback`, `isLinkLocalMulticast`, `isLinkLocalUnicast`,
 * `isGlobalUnicast`, `cidr()`, `isCIDR()`, `containsIP`, `containsCIDR`,
 * `ip()` of a CIDR, `masked`, `prefixLength`, and `string()` of both.
 *
 * @internal
 */
import { type CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { types } from './cel-types';
import {
  type Addr,
  type Prefix,
  addrString,
  is4In6,
  isGlobalUnicast,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseAddr,
  parsePrefix,
  prefixContains,
  prefixMasked,
  prefixString,
} from './go-netip';
import { goQuote } from './go-strings';

const { STRING, BOOL, INT } = CelScalar;
const IP = types.ip.cel;
const CIDR = types.cidr.cel;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** parseIPAddr of ip.go: no zones, no IPv4-mapped IPv6. */
export function parseIp(raw: string): Addr {
  let addr: Addr;
  try {
    addr = parseAddr(raw);
  } catch (e) {
    throw new Error(`IP Address ${goQuote(raw)} parse error during conversion from string: ${message(e)}`);
  }
  if (addr.zone !== '') throw new Error(`IP address ${goQuote(raw)} with zone value is not allowed`);
  if (is4In6(addr)) throw new Error(`IPv4-mapped IPv6 address ${goQuote(raw)} is not allowed`);
  return addr;
}

/** parseCIDR and stringToCIDR of cidr.go (which wrap the error twice, as upstream's messages show). */
export function parseCidr(raw: string): Prefix {
  let prefix: Prefix;
  try {
    prefix = parsePrefix(raw);
  } catch (e) {
    throw new Error(`network address parse error during conversion from string: network address parse error during conversion from string: ${message(e)}`);
  }
  if (is4In6(prefix.addr)) throw new Error(`network address parse error during conversion from string: IPv4-mapped IPv6 address ${goQuote(raw)} is not allowed`);
  return prefix;
}

const ipValue = (a: Addr) => types.ip.make(addrString(a), a);
const cidrValue = (p: Prefix) => types.cidr.make(prefixString(p), p);

function read<T>(t: { read(v: never): T | undefined }, v: unknown): T {
  const r = t.read(v as never);
  if (r === undefined) throw new Error('no such overload');
  return r;
}
const addrOf = (v: unknown): Addr => read(types.ip, v);
const prefixOf = (v: unknown): Prefix => read(types.cidr, v);

const succeeds = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

/** containsCIDR as fixed upstream (kubernetes#130450, 1.33): the other network masked to this one's length. */
function containsCidr(p: Prefix, other: Prefix): boolean {
  if (p.addr.bits !== other.addr.bits || p.length > other.length) return false;
  return prefixMasked(p).addr.value === prefixMasked({ addr: other.addr, length: p.length }).addr.value;
}

const ipPredicate = (name: string, f: (a: Addr) => boolean): CelFunc =>
  celMethod(name, IP, [], BOOL, function () {
    return f(addrOf(this));
  });

export const NET_FUNCTIONS: CelFunc[] = [
  celFunc('ip', [STRING], IP, (s) => ipValue(parseIp(s))),
  celFunc('isIP', [STRING], BOOL, (s) => succeeds(() => parseIp(s))),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => addrString(parseIp(s)) === s),
  celFunc('string', [IP], STRING, (v) => addrString(addrOf(v))),
  celMethod('family', IP, [], INT, function () {
    return addrOf(this).bits === 32 ? 4n : 6n;
  }),
  ipPredicate('isUnspecified', isUnspecified),
  ipPredicate('isLoopback', isLoopback),
  ipPredicate('isLinkLocalMulticast', isLinkLocalMulticast),
  ipPredicate('isLinkLocalUnicast', isLinkLocalUnicast),
  ipPredicate('isGlobalUnicast', isGlobalUnicast),
  celFunc('cidr', [STRING], CIDR, (s) => cidrValue(parseCidr(s))),
  celFunc('isCIDR', [STRING], BOOL, (s) => succeeds(() => parseCidr(s))),
  celFunc('string', [CIDR], STRING, (v) => prefixString(prefixOf(v))),
  celMethod('containsIP', CIDR, [IP], BOOL, function (ip) {
    return prefixContains(prefixOf(this), addrOf(ip));
  }),
  celMethod('containsIP', CIDR, [STRING], BOOL, function (s) {
    // upstream reports a malformed address here as 'no such overload' (MaybeNoSuchOverloadErr of the CIDR)
    let addr: Addr;
    try {
      addr = parseIp(s);
    } catch {
      throw new Error('no such overload');
    }
    return prefixContains(prefixOf(this), addr);
  }),
  celMethod('containsCIDR', CIDR, [CIDR], BOOL, function (other) {
    return containsCidr(prefixOf(this), prefixOf(other));
  }),
  celMethod('containsCIDR', CIDR, [STRING], BOOL, function (s) {
    return containsCidr(prefixOf(this), parseCidr(s));
  }),
  celMethod('ip', CIDR, [], IP, function () {
    return ipValue(prefixOf(this).addr);
  }),
  celMethod('masked', CIDR, [], CIDR, function () {
    return cidrValue(prefixMasked(prefixOf(this)));
  }),
  celMethod('prefixLength', CIDR, [], INT, function () {
    return BigInt(prefixOf(this).length);
  }),
];
