/**
 * IP address classification for the SSRF guard: which addresses a fetch must not reach by default.
 * Parses IPv4 and IPv6 (with `::`, an embedded dotted quad, and a zone id) without trusting string
 * forms, so `::ffff:7f00:1`, `0:0:0:0:0:ffff:127.0.0.1` and `[::1]` are all seen for what they are.
 */
import { isIP } from 'node:net';

/** Why an address is refused, or undefined when it is a public unicast address. */
export function blockedAddressReason(address: string): string | undefined {
  const ip = stripBrackets(address);
  const kind = isIP(ip.replace(/%.*$/, ''));
  if (kind === 4) return ipv4Reason(parseIpv4(ip));
  if (kind === 6) return ipv6Reason(parseIpv6(ip));
  return `"${address}" is not an IP address`;
}

export function isIpLiteral(host: string): boolean {
  return isIP(stripBrackets(host).replace(/%.*$/, '')) !== 0;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** A dotted quad as an unsigned 32-bit number. */
function parseIpv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

interface V4Range {
  base: string;
  bits: number;
  reason: string;
}

const CLOUD_METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200']);

const V4_RANGES: V4Range[] = [
  { base: '0.0.0.0', bits: 8, reason: 'an unspecified ("this network") address' },
  { base: '10.0.0.0', bits: 8, reason: 'a private address' },
  { base: '100.64.0.0', bits: 10, reason: 'a carrier-grade NAT (shared) address' },
  { base: '127.0.0.0', bits: 8, reason: 'a loopback address' },
  { base: '169.254.0.0', bits: 16, reason: 'a link-local address' },
  { base: '172.16.0.0', bits: 12, reason: 'a private address' },
  { base: '192.0.0.0', bits: 24, reason: 'an IETF protocol address' },
  { base: '192.0.2.0', bits: 24, reason: 'a documentation address' },
  { base: '192.88.99.0', bits: 24, reason: 'a 6to4 relay address' },
  { base: '192.168.0.0', bits: 16, reason: 'a private address' },
  { base: '198.18.0.0', bits: 15, reason: 'a benchmarking address' },
  { base: '198.51.100.0', bits: 24, reason: 'a documentation address' },
  { base: '203.0.113.0', bits: 24, reason: 'a documentation address' },
  { base: '224.0.0.0', bits: 4, reason: 'a multicast address' },
  { base: '240.0.0.0', bits: 4, reason: 'a reserved or broadcast address' },
];

function ipv4Reason(value: number): string | undefined {
  const dotted = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  if (CLOUD_METADATA_V4.has(dotted)) return 'the cloud metadata address';
  for (const range of V4_RANGES) {
    const mask = range.bits === 0 ? 0 : (~0 << (32 - range.bits)) >>> 0;
    if ((value & mask) >>> 0 === (parseIpv4(range.base) & mask) >>> 0) return range.reason;
  }
  return undefined;
}

/** Eight 16-bit groups. Accepts `::` and a trailing dotted quad; a zone id (`%eth0`) is dropped. */
function parseIpv6(input: string): number[] {
  let ip = input.replace(/%.*$/, '').toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]);
    tail.push(v4 >>> 16, v4 & 0xffff);
    ip = ip.slice(0, -dotted[1].length);
    if (ip.endsWith(':') && !ip.endsWith('::')) ip = ip.slice(0, -1);
  }
  const [head, rest] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const groups = (s: string | undefined) =>
    s
      ? s
          .split(':')
          .filter((g) => g !== '')
          .map((g) => parseInt(g, 16))
      : [];
  const front = groups(head);
  const back = [...groups(rest), ...tail];
  const fill = rest === undefined ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...fill, ...back];
}

function ipv6Reason(g: number[]): string | undefined {
  const firstSix = g.slice(0, 6);
  const embeddedV4 = ((g[6] << 16) | g[7]) >>> 0;
  if (g.every((x) => x === 0)) return 'the unspecified address';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'a loopback address';
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return 'an IPv4-mapped IPv6 address';
  if (firstSix.every((x) => x === 0)) return 'an IPv4-compatible IPv6 address';
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const inner = ipv4Reason(embeddedV4);
    if (inner) return `a NAT64 address of ${inner}`;
  }
  if (g[0] === 0x2002) {
    const inner = ipv4Reason(((g[1] << 16) | g[2]) >>> 0);
    if (inner) return `a 6to4 address of ${inner}`;
  }
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'the cloud metadata address';
  if ((g[0] & 0xfe00) === 0xfc00) return 'a unique-local address';
  if ((g[0] & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0] & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g[0] & 0xff00) === 0xff00) return 'a multicast address';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'a documentation address';
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'a discard-only address';
  return undefined;
}
