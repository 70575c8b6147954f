// Where the App Store Connect API lives. One host for every environment (the notification URL of each
// environment is an attribute of the app, not a host); ASN_ASC_URL / --asc-url point at the emulator.
// docs/apple/delivery.md#app-store-connect-api-apps-resource
import { isLoopbackHost } from '../util/net.js';

export const ASC_BASE_URL = 'https://api.appstoreconnect.apple.com';

export type AscTarget = 'apple' | 'local' | 'custom';

export interface ResolvedAscBaseUrl {
  /** Origin plus any path prefix (the emulator's /asc), without a trailing slash. */
  baseUrl: string;
  target: AscTarget;
}

/** Apple's base URL, or the one given (already checked to be an http(s) URL). */
export function resolveAscBaseUrl(ascUrl: string | undefined): ResolvedAscBaseUrl {
  if (!ascUrl) return { baseUrl: ASC_BASE_URL, target: 'apple' };
  const url = new URL(ascUrl);
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (url.hostname.toLowerCase() === new URL(ASC_BASE_URL).hostname) return { baseUrl, target: 'apple' };
  return { baseUrl, target: isLoopbackHost(url.hostname) ? 'local' : 'custom' };
}
