// Which IP addresses Apple's senders cannot reach: special-purpose ranges from the IANA registries
// (RFC 1918, 6598, 3927, 3879, 4193, 4291, 5737, 6890). One BlockList per class so we can name the
// class. IPv6 forms that embed an IPv4 address (NAT64, 6to4, IPv4-compatible and -translated) are
// classified by the IPv4 address they lead to.
import net from 'node:net';

export type AddressClass =
  | 'unspecified'
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'reserved'
  | 'broadcast'
  | 'ietf-protocol'
  | 'relay-anycast'
  | 'unique-local'
  | 'site-local'
  | 'discard-only'
  | 'ipv4-compatible'
  | 'ipv4-translated'
  | 'nat64'
  | 'nat64-local'
  | '6to4';

const RANGES: [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['cgnat', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['ietf-protocol', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['relay-anycast', '192.88.99.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['broadcast', '255.255.255.255', 32, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['discard-only', '100::', 64, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['site-local', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  // Never add ::ffff:0:0/96: BlockList matches IPv4 through its mapped form, so that rule would
  // block every IPv4 address. IPv4 rules above already match ::ffff:a.b.c.d.
];

const lists = new Map<AddressClass, net.BlockList>();
for (const [cls, addr, prefix, type] of RANGES) {
  let list = lists.get(cls);
  if (!list) lists.set(cls, (list = new net.BlockList()));
  list.addSubnet(addr, prefix, type);
}

/**
 * IPv6 ranges that carry an IPv4 address: where a packet really goes depends on that address.
 * `offset` is the byte where the IPv4 address starts; `own` is the class when the embedded address
 * is an ordinary public one.
 */
const EMBEDDING: { prefix: number[]; bits: number; offset: number; own: AddressClass }[] = [
  // ::/96, IPv4-compatible (RFC 4291 §2.5.5.1, deprecated): never routed on the Internet.
  { prefix: [], bits: 96, offset: 12, own: 'ipv4-compatible' },
  // ::ffff:0:0:0/96, IPv4-translated (RFC 2765): meaningful only behind a local SIIT translator.
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], bits: 96, offset: 12, own: 'ipv4-translated' },
  // 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052): reaches the IPv4 address through a translator.
  { prefix: [0, 0x64, 0xff, 0x9b], bits: 96, offset: 12, own: 'nat64' },
  // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): a translator inside your own network, usually as a /96.
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 1], bits: 48, offset: 12, own: 'nat64-local' },
  // 2002::/16, 6to4 (RFC 3056; relays deprecated by RFC 7526): the IPv4 address is bytes 2-5.
  { prefix: [0x20, 0x02], bits: 16, offset: 2, own: '6to4' },
];

/** An address's special class (undefined for a public one), and the IPv4 address it embeds, if any. */
export interface AddressClassification {
  class: AddressClass;
  /** For NAT64, 6to4 and the other IPv4-in-IPv6 forms: the IPv4 address that decided the class. */
  embeds?: string;
}

/** The special class of an address, or undefined for a public (globally routable) one. */
export function classifyAddress(address: string): AddressClass | undefined {
  return classifyAddressDetailed(address)?.class;
}

export function classifyAddressDetailed(address: string): AddressClassification | undefined {
  const family = net.isIP(address);
  if (family === 0) return undefined;
  if (family === 6) {
    const bytes = ipv6Bytes(address);
    // :: and ::1 sit inside ::/96 but are classes of their own.
    const exact = bytes && !isExactly(bytes, ['::', '::1']) ? embeddedClass(bytes) : undefined;
    if (exact) return exact;
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [cls, list] of lists) if (list.check(address, type)) return { class: cls };
  return undefined;
}

function embeddedClass(bytes: number[]): AddressClassification | undefined {
  for (const e of EMBEDDING) {
    if (!startsWith(bytes, e.prefix, e.bits)) continue;
    const embeds = bytes.slice(e.offset, e.offset + 4).join('.');
    const inner = classifyAddress(embeds);
    return { class: inner ?? e.own, embeds };
  }
  return undefined;
}

function startsWith(bytes: number[], prefix: number[], bits: number): boolean {
  const whole = Math.floor(bits / 8);
  for (let i = 0; i < whole; i += 1) if (bytes[i] !== (prefix[i] ?? 0)) return false;
  return true;
}

function isExactly(bytes: number[], addresses: string[]): boolean {
  return addresses.some((a) => ipv6Bytes(a)!.every((b, i) => b === bytes[i]));
}

/** The 16 bytes of a valid IPv6 address (dotted-quad tail and zone allowed). */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** Which special classes Apple's senders can still reach: only through a public translator or relay. */
export function isHardUnreachable(cls: AddressClass): cls is Exclude<AddressClass, 'nat64' | '6to4'> {
  return cls !== 'nat64' && cls !== '6to4';
}

const apple = new net.BlockList();
apple.addSubnet('17.0.0.0', 8, 'ipv4');

export const APPLE_RANGE = '17.0.0.0/8';

/** Whether an address is inside Apple's documented sender range 17.0.0.0/8. */
export function isAppleAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return apple.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
