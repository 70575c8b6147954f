// Public API of the App Store Server API domain, for doctor, demo and anything else that asks Apple.
export { ApiClient, DEFAULT_TIMEOUT_MS, type ApiClientOptions, type ApiCall, type ApiResponse, type ApiEvent } from './client.js';
export { APPLE_BASE_URLS, resolveBaseUrl, sandboxCounterpart, type ApiEnvironment, type ApiTarget, type ResolvedBaseUrl } from './endpoints.js';
export { ApiHttpError, ApiNetworkError, ApiResponseError, isApiError, type ApiError } from './errors.js';
export { API_ERROR_CODES, errorDiagnosticId } from './error-codes.js';
export { apiErrorToAsn, describeApiError } from './explain.js';
export { describeApiEvent } from './events.js';
export { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter, type RetryPolicy } from './retry.js';
export { pollInterval, historyPageInterval, requestsPerSecond } from './rate-limits.js';
export { openApiSession, type ApiSession, type ApiSessionOptions } from './session.js';
export { requestTestNotification, getTestNotificationStatus, pollTestStatus, hasAttempts, type TestStatus, type PollResult } from './test-notification.js';
export { attemptReport, type AttemptReport } from './attempt-report.js';
export { buildHistoryRequest, historyPages, lastAttemptResult, parseTimeSpec, HistoryInputError, HISTORY_WINDOW_DAYS, type HistoryFilters, type HistoryRequestBody, type HistoryItem } from './history.js';
export { triageUnauthorized, probeSandbox } from './unauthorized.js';
export { decodePayload, payloadSummary, loadVerifier, type DecodedPayload, type PayloadSummary } from './payload.js';
