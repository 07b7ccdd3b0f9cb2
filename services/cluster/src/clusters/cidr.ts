/** IPv4 CIDR arithmetic on plain numbers (a 32-bit address fits a double exactly). */

export interface Cidr {
  /** The network address (host bits zero). */
  network: number;
  prefix: number;
  /** Number of addresses in the block. */
  size: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/p`; null when it is not an IPv4 CIDR whose host bits are zero. */
export function parseCidr(text: string): Cidr | null {
  const match = CIDR_RE.exec(text.trim());
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o, i) => o > 255 || String(o) !== match[i + 1])) return null;
  if (prefix > 32) return null;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return null;
  return { network: address, prefix, size };
}

export function formatCidr(cidr: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${o.join('.')}/${cidr.prefix}`;
}

export const contains = (outer: Cidr, inner: Cidr) =>
  inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;

export const overlaps = (a: Cidr, b: Cidr) =>
  a.network < b.network + b.size && b.network < a.network + a.size;

/** The `index`-th block of prefix `prefix` inside `outer`. */
export function subnet(outer: Cidr, prefix: number, index: number): Cidr {
  const size = 2 ** (32 - prefix);
  return { network: outer.network + index * size, prefix, size };
}
