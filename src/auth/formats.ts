// Format rules for the identifiers Apple issues. Checked before any request, because a wrong one
// only ever comes back from Apple as a bare 401.
import type { DiagnosticId } from '../report/diagnostics/index.js';

export type CredentialField = 'issuerId' | 'keyId' | 'bundleId' | 'appAppleId';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_ID = /^[A-Z0-9]{10}$/;
// Reverse-DNS: at least two dot-separated labels of letters, digits and hyphens.
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
// A Team ID is 10 upper-case alphanumerics; `TEAMID.com.example.app` is an App ID, not a bundle ID.
const TEAM_PREFIX = /^[A-Z0-9]{10}\./;
const APP_APPLE_ID = /^[1-9][0-9]{0,19}$/;

export function isIssuerId(v: string): boolean {
  return UUID.test(v);
}

export function isKeyId(v: string): boolean {
  return KEY_ID.test(v);
}

export function hasTeamPrefix(v: string): boolean {
  return TEAM_PREFIX.test(v) && BUNDLE_ID.test(v.slice(11));
}

export function isBundleId(v: string): boolean {
  return BUNDLE_ID.test(v) && !hasTeamPrefix(v);
}

export function isAppAppleId(v: string): boolean {
  return APP_APPLE_ID.test(v);
}

/**
 * The diagnostics id describing why `value` is not a valid `field`, or undefined when it is.
 * Ids live in src/report/diagnostics/auth.ts.
 */
export function formatProblem(field: CredentialField, value: string): DiagnosticId | undefined {
  switch (field) {
    case 'issuerId':
      return isIssuerId(value) ? undefined : 'auth.format.issuer-id';
    case 'keyId':
      if (isKeyId(value)) return undefined;
      return isKeyId(value.toUpperCase()) ? 'auth.format.key-id-case' : 'auth.format.key-id';
    case 'bundleId':
      if (hasTeamPrefix(value)) return 'auth.format.bundle-id-team-prefix';
      return isBundleId(value) ? undefined : 'auth.format.bundle-id';
    case 'appAppleId':
      return isAppAppleId(value) ? undefined : 'auth.format.app-apple-id';
  }
}

/** An App Store Connect API key ID's problem: the key ID rule, worded for the App Store Connect key. */
export function ascKeyIdProblem(value: string): DiagnosticId | undefined {
  const problem = formatProblem('keyId', value);
  return problem === 'auth.format.key-id' ? 'asc.format.key-id' : problem;
}

/** An absolute http:// or https:// URL (--api-url, --asc-url). */
export function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** `SubscriptionKey_2X9R4HXF34.p8` names its key ID; App Store Connect API keys are `AuthKey_*.p8`. */
export function keyIdFromFileName(fileName: string): { keyId: string; kind: 'in-app-purchase' | 'app-store-connect' } | undefined {
  const m = /^(SubscriptionKey|AuthKey|ApiKey)_([A-Z0-9]{10})\.p8$/i.exec(fileName);
  if (!m) return undefined;
  return { keyId: m[2]!.toUpperCase(), kind: m[1]!.toLowerCase() === 'subscriptionkey' ? 'in-app-purchase' : 'app-store-connect' };
}
