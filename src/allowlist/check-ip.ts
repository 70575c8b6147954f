// `allowlist --check <ip>`: is this address inside Apple's documented sender range?
import net from 'node:net';
import { APPLE_RANGE, classifyAddress, isAppleAddress, type AddressClass } from '../url/address-classes.js';
import { stripBrackets } from '../url/rules.js';

export interface IpCheck {
  ip: string;
  family: 4 | 6;
  inRange: boolean;
  range: string;
  /** A special-purpose class (private, loopback …) when the address is one. */
  addressClass?: AddressClass;
}

/** undefined when `ip` is not an IP address. */
export function checkAppleIp(input: string): IpCheck | undefined {
  const ip = stripBrackets(input.trim());
  const family = net.isIP(ip);
  if (family === 0) return undefined;
  const cls = classifyAddress(ip);
  return { ip, family: family as 4 | 6, inRange: isAppleAddress(ip), range: APPLE_RANGE, ...(cls ? { addressClass: cls } : {}) };
}
