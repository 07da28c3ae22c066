/**
 * IPv4 CIDR arithmetic.
 * @internal
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; undefined when malformed or when host bits are set. */
export function parseCidr(value: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((base & ~mask) >>> 0 !== 0) return undefined;
  return { base, prefix };
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

/** Formats a block. */
export function formatCidr(c: Cidr): string {
  return `${c.base >>> 24}.${(c.base >>> 16) & 255}.${(c.base >>> 8) & 255}.${c.base & 255}/${c.prefix}`;
}

/** The `index`-th sub-block of `newPrefix` bits inside `parent` (like Terraform's cidrsubnet). */
export function subnet(parent: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) throw new Error(`cannot cut /${newPrefix} blocks from a /${parent.prefix}`);
  const count = 2 ** (newPrefix - parent.prefix);
  if (index < 0 || index >= count) throw new Error(`a /${parent.prefix} holds only ${count} /${newPrefix} blocks`);
  return { base: (parent.base + index * 2 ** (32 - newPrefix)) >>> 0, prefix: newPrefix };
}
