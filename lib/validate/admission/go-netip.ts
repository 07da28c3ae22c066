/**
 * Go's net/netip addresses and prefixes, as the Kubernetes CEL ip and cidr
 * libraries use them: `ParseAddr` and `ParsePrefix` with their error
 * messages, the canonical text form (RFC 5952 for IPv6), and the address
 * predicates (`IsLoopback`, `IsGlobalUnicast`, ...).
 *
 * @internal
 */
import { goQuote } from './go-strings';

/** An IPv4 (32 bits) or IPv6 (128 bits) address, with an IPv6 zone when it has one. */
export interface Addr {
  readonly bits: 32 | 128;
  readonly value: bigint;
  readonly zone: string;
}

/** A network prefix: an address (host bits as given) and a prefix length. */
export interface Prefix {
  readonly addr: Addr;
  readonly length: number;
}

/** A parse error, worded as Go's `parseAddrError` / `parsePrefixError`. */
export class NetipError extends Error {}

const addrError = (input: string, msg: string, at?: string): NetipError => new NetipError(`ParseAddr(${goQuote(input)}): ${msg}${at !== undefined && at !== '' ? ` (at ${goQuote(at)})` : ''}`);

function parseIPv4Fields(input: string, s: string): bigint {
  const fields: number[] = [];
  let val = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digLen === 1 && val === 0) throw addrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digLen++;
      if (val > 255) throw addrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') throw addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (fields.length === 3) throw addrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digLen = 0;
    } else throw addrError(input, 'unexpected character', s.slice(i));
  }
  if (fields.length < 3) throw addrError(input, 'IPv4 address too short');
  fields.push(val);
  return fields.reduce((acc, f) => (acc << 8n) | BigInt(f), 0n);
}

const hexValue = (c: string): number => {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
};

/** parseIPv6: sixteen bytes and a zone. */
function parseIPv6(input: string): Addr {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') throw addrError(input, 'zone must be a non-empty string');
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { bits: 128, value: 0n, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexValue(s[off]);
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) throw addrError(input, 'each colon-separated field must have at most 4 hex digits', s);
      if (acc > 0xffff) throw addrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) throw addrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) throw addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) throw addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const v4 = parseIPv4Fields(input, s);
      for (let b = 0; b < 4; b++) ip[i + b] = Number((v4 >> BigInt(8 * (3 - b))) & 0xffn);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') throw addrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw addrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw addrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) throw addrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) throw addrError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) throw addrError(input, 'the :: must expand to at least one field of zeros', s);
  return { bits: 128, value: ip.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n), zone };
}

/** `netip.ParseAddr`. */
export function parseAddr(s: string): Addr {
  for (const c of s) {
    if (c === '.') return { bits: 32, value: parseIPv4Fields(s, s), zone: '' };
    if (c === ':') return parseIPv6(s);
    if (c === '%') throw addrError(s, 'missing IPv6 address');
  }
  throw addrError(s, 'unable to parse IP');
}

/** `Addr.Is4In6`: an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
export const is4In6 = (a: Addr): boolean => a.bits === 128 && a.value >> 32n === 0xffffn;

const group = (a: Addr, i: number): number => Number((a.value >> BigInt(16 * (7 - i))) & 0xffffn);
const v4Byte = (a: Addr, i: number): number => Number((a.value >> BigInt(8 * (3 - i))) & 0xffn);

/** `Addr.String`: dotted quad, or RFC 5952 (the longest run of two or more zero groups as `::`). */
export function addrString(a: Addr): string {
  if (a.bits === 32) return [0, 1, 2, 3].map((i) => v4Byte(a, i)).join('.');
  if (is4In6(a)) {
    const v4 = a.value & 0xffffffffn;
    return `::ffff:${[0, 1, 2, 3].map((i) => Number((v4 >> BigInt(8 * (3 - i))) & 0xffn)).join('.')}${a.zone ? `%${a.zone}` : ''}`;
  }
  let zeroStart = -1;
  let zeroLength = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && group(a, j) === 0) j++;
    if (j - i >= 2 && j - i > zeroLength) {
      zeroStart = i;
      zeroLength = j - i;
    }
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === zeroStart) {
      out += '::';
      i += zeroLength - 1;
      continue;
    }
    if (i > 0 && !out.endsWith(':')) out += ':';
    out += group(a, i).toString(16);
  }
  return out + (a.zone ? `%${a.zone}` : '');
}

const unmap = (a: Addr): Addr => (is4In6(a) ? { bits: 32, value: a.value & 0xffffffffn, zone: '' } : a);

export const isUnspecified = (a: Addr): boolean => a.value === 0n && a.zone === '';
export const isLoopback = (addr: Addr): boolean => {
  const a = unmap(addr);
  return a.bits === 32 ? v4Byte(a, 0) === 127 : a.value === 1n;
};
export const isMulticast = (addr: Addr): boolean => {
  const a = unmap(addr);
  return a.bits === 32 ? (v4Byte(a, 0) & 0xf0) === 0xe0 : group(a, 0) >> 8 === 0xff;
};
export const isLinkLocalMulticast = (addr: Addr): boolean => {
  const a = unmap(addr);
  return a.bits === 32 ? v4Byte(a, 0) === 224 && v4Byte(a, 1) === 0 && v4Byte(a, 2) === 0 : (group(a, 0) & 0xff0f) === 0xff02;
};
export const isLinkLocalUnicast = (addr: Addr): boolean => {
  const a = unmap(addr);
  return a.bits === 32 ? v4Byte(a, 0) === 169 && v4Byte(a, 1) === 254 : (group(a, 0) & 0xffc0) === 0xfe80;
};
export const isGlobalUnicast = (addr: Addr): boolean => {
  const a = unmap(addr);
  if (a.bits === 32 && (a.value === 0n || a.value === 0xffffffffn)) return false;
  return !(a.bits === 128 && a.value === 0n) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
};

const prefixError = (input: string, msg: string): NetipError => new NetipError(`netip.ParsePrefix(${goQuote(input)}): ${msg}`);

/** `netip.ParsePrefix`. */
export function parsePrefix(s: string): Prefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw prefixError(s, "no '/'");
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw prefixError(s, e instanceof Error ? e.message : String(e));
  }
  if (addr.bits === 128 && addr.zone !== '') throw prefixError(s, 'IPv6 zones cannot be present in a prefix');
  const bits = s.slice(slash + 1);
  if ((bits.length > 1 && (bits[0] < '1' || bits[0] > '9')) || !/^[0-9]+$/.test(bits) || BigInt(bits) > 2n ** 63n - 1n) throw prefixError(s, `bad bits after slash: ${goQuote(bits)}`);
  const length = Number(bits);
  if (length > addr.bits) throw prefixError(s, 'prefix length out of range');
  return { addr, length };
}

const hostMask = (bits: number, length: number): bigint => (1n << BigInt(bits - length)) - 1n;

/** `Prefix.Masked`: the host bits cleared. */
export const prefixMasked = (p: Prefix): Prefix => ({ addr: { ...p.addr, value: p.addr.value & ~hostMask(p.addr.bits, p.length) }, length: p.length });

/** `Prefix.Contains`. */
export function prefixContains(p: Prefix, a: Addr): boolean {
  if (a.zone !== '' || a.bits !== p.addr.bits) return false;
  const network = ~hostMask(a.bits, p.length);
  return (a.value & network) === (p.addr.value & network);
}

/** `Prefix.String`. */
export const prefixString = (p: Prefix): string => `${addrString(p.addr)}/${p.length}`;
