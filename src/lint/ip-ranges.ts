/**
 * Special-purpose address ranges (RFC 6890 and the IANA special-purpose registries that succeed it, plus
 * multicast and the reserved 240/4): a publicly trusted certificate may not name any of them.
 */
import { canonicalIp } from '../hostname/ip.js';

interface Range {
  bytes: number[];
  prefix: number;
  name: string;
}

function v4(cidr: string, name: string): Range {
  const [address, prefix] = cidr.split('/');
  return { bytes: address!.split('.').map(Number), prefix: Number(prefix), name };
}

function v6(cidr: string, name: string): Range {
  const [address, prefix] = cidr.split('/');
  return { bytes: [...ipv6Bytes(address!)], prefix: Number(prefix), name };
}

/** Bytes of an IPv6 address in the canonical form `canonicalIp` produces (no embedded dotted IPv4). */
function ipv6Bytes(written: string): Uint8Array {
  // An embedded dotted IPv4 tail (`::ffff:10.0.0.1`) becomes two hex groups.
  const text = written.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [((+a << 8) | +b).toString(16), ((+c << 8) | +d).toString(16)].join(':'),
  );
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [
    ...headGroups,
    ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

const IPV4_RANGES: Range[] = [
  v4('0.0.0.0/8', 'this network (RFC 791)'),
  v4('10.0.0.0/8', 'private use (RFC 1918)'),
  v4('100.64.0.0/10', 'shared address space / CGNAT (RFC 6598)'),
  v4('127.0.0.0/8', 'loopback (RFC 1122)'),
  v4('169.254.0.0/16', 'link-local (RFC 3927)'),
  v4('172.16.0.0/12', 'private use (RFC 1918)'),
  v4('192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'),
  v4('192.0.2.0/24', 'documentation TEST-NET-1 (RFC 5737)'),
  v4('192.31.196.0/24', 'AS112-v4 (RFC 7535)'),
  v4('192.52.193.0/24', 'AMT (RFC 7450)'),
  v4('192.88.99.0/24', 'deprecated 6to4 relay anycast (RFC 7526)'),
  v4('192.168.0.0/16', 'private use (RFC 1918)'),
  v4('192.175.48.0/24', 'direct delegation AS112 service (RFC 7534)'),
  v4('198.18.0.0/15', 'benchmarking (RFC 2544)'),
  v4('198.51.100.0/24', 'documentation TEST-NET-2 (RFC 5737)'),
  v4('203.0.113.0/24', 'documentation TEST-NET-3 (RFC 5737)'),
  v4('224.0.0.0/4', 'multicast (RFC 5771)'),
  v4('240.0.0.0/4', 'reserved (RFC 1112)'),
];

const IPV6_RANGES: Range[] = [
  v6('::/127', 'unspecified or loopback (RFC 4291)'),
  v6('::ffff:0:0/96', 'IPv4-mapped (RFC 4291)'),
  v6('64:ff9b:1::/48', 'local-use IPv4/IPv6 translation (RFC 8215)'),
  v6('100::/64', 'discard-only (RFC 6666)'),
  v6('2001::/23', 'IETF protocol assignments (RFC 2928)'),
  v6('2001:db8::/32', 'documentation (RFC 3849)'),
  v6('2002::/16', '6to4 (RFC 3056)'),
  v6('3fff::/20', 'documentation (RFC 9637)'),
  v6('5f00::/16', 'segment routing SIDs (RFC 9602)'),
  v6('fc00::/7', 'unique local (RFC 4193)'),
  v6('fe80::/10', 'link-local (RFC 4291)'),
  v6('fec0::/10', 'deprecated site-local (RFC 3879)'),
  v6('ff00::/8', 'multicast (RFC 4291)'),
];

function inRange(bytes: ArrayLike<number>, range: Range): boolean {
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const take = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (range.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

/** The special-purpose range an IP address falls in (`10.0.0.0/8 private use (RFC 1918)`), or undefined. */
export function reservedRange(address: string): { cidr: string; name: string } | undefined {
  const canonical = canonicalIp(address);
  if (!canonical) return undefined;
  const isV4 = !canonical.includes(':');
  const bytes = isV4 ? canonical.split('.').map(Number) : ipv6Bytes(canonical);
  const range = (isV4 ? IPV4_RANGES : IPV6_RANGES).find((candidate) => inRange(bytes, candidate));
  if (!range) return undefined;
  const base = isV4 ? range.bytes.join('.') : canonicalIp(formatV6(range.bytes))!;
  return { cidr: `${base}/${range.prefix}`, name: range.name };
}

function formatV6(bytes: number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}
