import type { ApiTokenParts, AscTokenParts } from '../auth/sign.js';
import type { TokenKind, TokenKindFrom } from '../auth/inspect.js';
import type { ApiEnvironment } from '../api/endpoints.js';
import type { CredentialSource } from '../auth/credentials.js';
import type { Check, CheckCounts } from '../report/check.js';

/** The signed token and what went into it. */
export interface TokenJson {
  ok: true;
  /** Which API the token is for: here the App Store Server API (signed with the In-App Purchase key). */
  kind: 'app-store-server';
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

/** `token --asc`: an App Store Connect API token, signed with the App Store Connect API key. */
export interface AscTokenJson {
  ok: true;
  kind: 'app-store-connect';
  /** The signed ES256 JWT (a bearer token for the App Store Connect API). */
  token: string;
  header: AscTokenParts['header'];
  /** A team key's token has `iss`; an individual key's has `sub: "user"` and no `iss`. Never `bid`. */
  claims: AscTokenParts['claims'];
  /** `exp` as an ISO 8601 date. */
  expiresAt: string;
  keyKind: 'team' | 'individual';
  /** Where each credential came from, keyed by field name. */
  sources: Record<string, CredentialSource>;
  /** Non-fatal findings about the key and its file. */
  warnings: Check[];
}

/** The token checked against the rules of the API it is for (exit 1 when one is broken). */
export interface TokenInspectJson {
  ok: boolean;
  /** Which API's rules it was checked against. */
  kind: TokenKind;
  /** How that was decided: `option` (--as), `claims`, `key-file` (the --key file's name) or `default`. */
  kindFrom: TokenKindFrom;
  /** The token's header as it was, values exact. */
  header: Record<string, unknown>;
  /** The token's claims as they were, values exact. */
  claims: Record<string, unknown>;
  checks: Check[];
  counts: CheckCounts;
}
