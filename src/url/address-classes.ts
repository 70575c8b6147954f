// Which IP addresses Apple's senders cannot reach: special-purpose ranges from the IANA registries
// (RFC 1918, 6598, 3927, 4193, 4291, 5737, 6890). One BlockList per class so we can name the class.
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
  | 'discard-only'
  | 'nat64';

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
  ['nat64', '64:ff9b::', 96, 'ipv6'],
  ['discard-only', '100::', 64, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
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

/** The special class of an address, or undefined for a public (globally routable) one. */
export function classifyAddress(address: string): AddressClass | undefined {
  const family = net.isIP(address);
  if (family === 0) return undefined;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [cls, list] of lists) if (list.check(address, type)) return cls;
  return undefined;
}

/** NAT64 is reachable through a translator, so it is a warning rather than a hard failure. */
export function isHardUnreachable(cls: AddressClass): boolean {
  return cls !== 'nat64';
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
