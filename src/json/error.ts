// The error document: what every command prints with --json when it cannot give its result (bad
// input, missing credentials, a network failure, an interrupt). Also a line of an NDJSON stream.
import type { ApiEnvironment } from '../api/endpoints.js';
import type { Check } from '../report/check.js';

/** A stable machine code, one line naming the problem and, where there is one, one naming the fix. */
export interface ErrorBody {
  /** Stable machine code, e.g. `usage.unknownOption`, `input.not-a-payload`, `api.http.401`. */
  code: string;
  /** One line naming the problem. */
  message: string;
  /** One line naming the fix. */
  fix?: string;
}

/** A command stopped without its result. The exit code tells why (2 usage or input, 3 could not finish, 130 interrupted). */
export interface ErrorDocument {
  ok: false;
  error: ErrorBody;
}

/** The App Store Server API answered 401 (exit 1): the error, with the likely causes checked from here. */
export interface ApiUnauthorizedDocument {
  ok: false;
  error: ErrorBody;
  environment: ApiEnvironment;
  baseUrl: string;
  /** The likely causes, each a check: `fail` where this machine found the cause. */
  triage: Check[];
}
