// Which addresses check-url may connect to. Without --allow-private, nothing is sent to an address
// Apple could not reach either (loopback, private, link-local and cloud metadata, the other special
// ranges): check-url reports what Apple would do and stops. The first URL and every redirect hop go
// through the same rules, and every connection is pinned to an address that passed them (a second
// DNS answer cannot swap in another one).
import type { LookupFunction } from 'node:net';
import { diagnostic } from '../report/diagnostics/index.js';
import { classifyAddressDetailed, isHardUnreachable, type AddressClassification } from './address-classes.js';
import type { ResolvedAddress } from './dns.js';

export interface RefusedAddress {
  address: ResolvedAddress;
  classification: AddressClassification;
}

/** The addresses that may be contacted, and the ones that may not (empty with --allow-private). */
export function splitContactable(addresses: readonly ResolvedAddress[], allowPrivate: boolean): { allowed: ResolvedAddress[]; refused: RefusedAddress[] } {
  const allowed: ResolvedAddress[] = [];
  const refused: RefusedAddress[] = [];
  for (const address of addresses) {
    const classification = classifyAddressDetailed(address.address);
    if (!allowPrivate && classification && isHardUnreachable(classification.class)) refused.push({ address, classification });
    else allowed.push(address);
  }
  return { allowed, refused };
}

/** "a loopback address", "the IPv6 form of 127.0.0.1, a loopback address", … */
export function addressKind(c: AddressClassification): string {
  const kind = diagnostic(`address.${c.class}`).title;
  return c.embeds ? diagnostic('address.embeds', { embeds: c.embeds, kind }).title : kind;
}

/** IPv4 first: Apple documents only an IPv4 sender range. */
export function preferredAddress(addresses: readonly ResolvedAddress[]): ResolvedAddress | undefined {
  return addresses.find((a) => a.family === 4) ?? addresses[0];
}

/** A lookup for undici that answers `host` with `address` and refuses every other name. */
export function pinnedLookup(host: string, address: ResolvedAddress): LookupFunction {
  return ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    if (hostname.toLowerCase() !== host.toLowerCase()) {
      callback(Object.assign(new Error(`${hostname} was not checked; not contacted`), { code: 'ENOTFOUND' }));
      return;
    }
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    if (all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as LookupFunction;
}
