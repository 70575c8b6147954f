import type { ApiTokenParts } from '../auth/sign.js';
import type { ApiEnvironment } from '../api/endpoints.js';
import type { CredentialSource } from '../auth/credentials.js';
import type { Check, CheckCounts } from '../report/check.js';

/** The signed token and what went into it. */
export interface TokenJson {
  ok: true;
  /** The signed ES256 JWT (a bearer token for the App Store Server API). */
  token: string;
  header: ApiTokenParts['header'];
  claims: ApiTokenParts['claims'];
  /** `exp` as an ISO 8601 date. */
  expiresAt: string;
  environment: ApiEnvironment;
  /** Where each credential came from, keyed by field name. */
  sources: Record<string, CredentialSource>;
  /** Non-fatal findings about the key and its file. */
  warnings: Check[];
}

/** The token checked against Apple's rules (exit 1 when one is broken). */
export interface TokenInspectJson {
  ok: boolean;
  /** The token's header as it was, values exact. */
  header: Record<string, unknown>;
  /** The token's claims as they were, values exact. */
  claims: Record<string, unknown>;
  checks: Check[];
  counts: CheckCounts;
}
