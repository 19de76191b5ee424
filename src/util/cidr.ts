// IPv4 CIDR arithmetic on top of ipaddr.js (parsing and validation are the library's).
import ipaddr from 'ipaddr.js';

export interface Ipv4Block {
  /** Network address as an unsigned 32-bit integer. */
  readonly start: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; undefined when it is not a valid IPv4 CIDR. Host bits are masked off. */
export function parseCidr(text: string): Ipv4Block | undefined {
  if (!ipaddr.IPv4.isValidCIDR(text)) return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const value = address.toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
  const size = 2 ** (32 - prefix);
  return { start: Math.floor(value / size) * size, prefix };
}

/** True when the text's host bits are zero (10.0.0.0/16, not 10.0.0.1/16). */
export function isNetworkAddress(text: string): boolean {
  const block = parseCidr(text);
  return block !== undefined && formatCidr(block) === text;
}

export function blockSize(block: Ipv4Block): number {
  return 2 ** (32 - block.prefix);
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start < b.start + blockSize(b) && b.start < a.start + blockSize(a);
}

export function formatCidr(block: Ipv4Block): string {
  const bytes = [24, 16, 8, 0].map((shift) => Math.floor(block.start / 2 ** shift) % 256);
  return `${bytes.join('.')}/${block.prefix}`;
}

/** The index-th block of `newPrefix` inside `parent`. */
export function subnetAt(parent: Ipv4Block, newPrefix: number, index: number): Ipv4Block {
  return { start: parent.start + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}
