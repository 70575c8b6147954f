// The App Store Server API error codes asn-doctor's endpoints can answer with (Apple's error pages;
// the APIError enums of Apple's libraries). Wording lives in the diagnostics registry as
// `api.error.<code>` (a code without an entry there does not compile); this table holds only what code
// needs: the name and whether a retry helps.
import type { DiagnosticId } from '../report/diagnostics/index.js';

export interface ApiErrorCodeInfo {
  name: string;
  /** Apple marks these "Retryable": the same request may succeed later. */
  retryable: boolean;
}

const CODES = {
  4000000: { name: 'GeneralBadRequestError', retryable: false },
  4000002: { name: 'InvalidAppIdentifierError', retryable: false },
  4000006: { name: 'InvalidTransactionIdError', retryable: false },
  4000012: { name: 'StartDateTooFarInPastError', retryable: false },
  4000013: { name: 'StartDateAfterEndDateError', retryable: false },
  4000014: { name: 'InvalidPaginationTokenError', retryable: false },
  4000015: { name: 'InvalidStartDateError', retryable: false },
  4000016: { name: 'InvalidEndDateError', retryable: false },
  4000017: { name: 'PaginationTokenExpiredError', retryable: false },
  4000018: { name: 'InvalidNotificationTypeError', retryable: false },
  4000019: { name: 'MultipleFiltersSuppliedError', retryable: false },
  4000020: { name: 'InvalidTestNotificationTokenError', retryable: false },
  4040001: { name: 'AccountNotFoundError', retryable: false },
  4040002: { name: 'AccountNotFoundRetryableError', retryable: true },
  4040003: { name: 'AppNotFoundError', retryable: false },
  4040004: { name: 'AppNotFoundRetryableError', retryable: true },
  4040005: { name: 'OriginalTransactionIdNotFoundError', retryable: false },
  4040006: { name: 'OriginalTransactionIdNotFoundRetryableError', retryable: true },
  4040007: { name: 'ServerNotificationURLNotFoundError', retryable: false },
  4040008: { name: 'TestNotificationNotFoundError', retryable: false },
  4040010: { name: 'TransactionIdNotFoundError', retryable: false },
  4290000: { name: 'RateLimitExceededError', retryable: true },
  5000000: { name: 'GeneralInternalError', retryable: false },
  5000001: { name: 'GeneralInternalRetryableError', retryable: true },
} as const satisfies Readonly<Record<number, ApiErrorCodeInfo>>;

/** An error code this table (and so the registry) knows. */
export type KnownApiErrorCode = keyof typeof CODES;

export const API_ERROR_CODES: Readonly<Record<number, ApiErrorCodeInfo>> = CODES;

function isKnownCode(code: number): code is KnownApiErrorCode {
  return Object.hasOwn(CODES, code);
}

export const RATE_LIMIT_EXCEEDED = 4290000;
export const TEST_NOTIFICATION_NOT_FOUND = 4040008;

export function errorCodeInfo(code: number | undefined): ApiErrorCodeInfo | undefined {
  return code === undefined ? undefined : API_ERROR_CODES[code];
}

/** The diagnostics id for an error code; unknown codes share one entry. */
export function errorDiagnosticId(code: number | undefined): DiagnosticId {
  return code !== undefined && isKnownCode(code) ? `api.error.${code}` : 'api.error.unknown';
}
