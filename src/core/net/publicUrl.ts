/**
 * Which URLs a workspace file may make the editor fetch: https on a public host only. A URL in a
 * requirements.txt comes from whoever wrote the repository; without this it could point the editor
 * at the cloud metadata service (169.254.169.254, fd00:ec2::254), at localhost or at the LAN.
 *
 * Pure: the caller resolves the host name (dns.lookup) and hands the addresses in. Between that
 * lookup and the connection fetch() resolves the name again, so a name whose DNS answer changes
 * in that moment (DNS rebinding) can still reach a private address once; closing that would mean
 * connecting to the checked address ourselves.
 */
import { isIP } from 'node:net';

export type UrlVerdict = { readonly allowed: true; readonly url: URL } | { readonly allowed: false; readonly reason: string };

// Special-use names (RFC 6761, 6762 and ICANN's .internal) that never name a public host.
const PRIVATE_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa'];

/**
 * The verdict on `raw` given the addresses its host resolved to. Without `addresses` only the
 * URL itself is judged (scheme, credentials, host name or IP literal).
 */
export function publicUrlPolicy(raw: string, addresses?: readonly string[]): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('it is not a valid URL');
  }
  if (url.protocol !== 'https:') return refuse(`only https URLs are fetched, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) return refuse('the URL carries credentials, which are never sent to fetch a file');
  const hostReason = hostRefusal(url.hostname);
  if (hostReason) return refuse(hostReason);
  if (addresses) {
    if (addresses.length === 0) return refuse(`${url.hostname} did not resolve to any address`);
    for (const address of addresses) {
      const range = nonPublicRange(address);
      if (range) return refuse(`${url.hostname} resolves to ${address}, ${range}`);
    }
  }
  return { allowed: true, url };
}

function refuse(reason: string): UrlVerdict {
  return { allowed: false, reason };
}

/** Why a URL's hostname (as URL.hostname gives it) is not a public host, or undefined. */
function hostRefusal(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const literal = host.startsWith('[') ? host.slice(1, -1) : isIP(host) ? host : undefined;
  if (literal !== undefined) {
    const range = nonPublicRange(literal);
    return range ? `${hostname} is ${range}` : undefined;
  }
  if (PRIVATE_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) return `${hostname} is a local name, not a public host`;
  // A single label (`metadata`, `intranet`) is completed by the local search domains.
  if (!host.includes('.')) return `${hostname} is not a fully qualified public host name`;
  return undefined;
}

/**
 * The name of the non-public range `address` (IPv4 or IPv6, brackets and zone allowed) lies in,
 * or undefined when it is a public unicast address. Something that is not an address at all is
 * not public either.
 */
export function nonPublicRange(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = ipv4Number(bare);
  if (v4 !== undefined) return ipv4Range(v4);
  const v6 = ipv6Groups(bare);
  return v6 ? ipv6Range(v6) : 'not an IP address';
}

// [first address, prefix length, what it is]; everything else in IPv4 is public unicast.
const IPV4_RANGES: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (where cloud metadata services answer)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

function ipv4Range(n: number): string | undefined {
  for (const [first, bits, what] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === ipv4Number(first)) return what;
  }
  return undefined;
}

function ipv6Range(g: readonly number[]): string | undefined {
  const embeddedV4 = (hi: number, lo: number) => ipv4Range(((hi << 16) | lo) >>> 0);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // IPv4 carried in IPv6: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d, what DNS64 answers on
  // IPv6-only networks) and 6to4 (2002:aabb:ccdd::): as public as the IPv4 address inside.
  if (zeros(0, 5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!);
  if (zeros(0, 8)) return 'an unspecified address';
  if (zeros(0, 7) && g[7] === 1) return 'a loopback address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'a unique-local address (where cloud metadata services answer)';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast address';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'a documentation address';
  // Global unicast is 2000::/3; the rest is unassigned or reserved.
  if ((g[0]! & 0xe000) !== 0x2000) return 'a reserved address';
  return undefined;
}

function ipv4Number(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(text: string): number[] | undefined {
  let s = text.toLowerCase();
  const dotted = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (dotted) {
    const n = ipv4Number(dotted[1]!);
    if (n === undefined) return undefined;
    s = `${s.slice(0, s.length - dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((h) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN)));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...tail].some(Number.isNaN)) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const fill = 8 - head.length - tail.length;
  return fill >= 1 ? [...head, ...new Array<number>(fill).fill(0), ...tail] : undefined;
}

/**
 * A URL as it may appear in an info-level log line: scheme, host and path; never userinfo, query
 * or fragment (a `?…` says a query was left out).
 */
export function urlForLog(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not a valid URL)';
  }
}
