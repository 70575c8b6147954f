import type { DiagnosticDef } from './types.js';

// Wording for the App Store Server API client and the commands built on it (send-test, test-status,
// history): Apple's error codes, transport failures, 401 triage, polling and history filters.

const ASC_URL_PLACE =
  'App Store Connect → Apps → your app → App Information → App Store Server Notifications → {urlField}';

/** One entry per error code Apple documents for Request a Test Notification, Get Test Notification Status and Get Notification History (plus the general and retryable ones). */
const errorCodes = [
  {
    id: 'api.error.4000000',
    severity: 'fail',
    title: '4000000 GeneralBadRequestError: Apple rejected the request as invalid',
    explain: 'Apple gives no detail for this code. It usually means a malformed body or a wrong path for the endpoint.',
    fix: 'Run again with --debug to see the request; check --api-url and the options you passed.',
  },
  {
    id: 'api.error.4000002',
    severity: 'fail',
    title: '4000002 InvalidAppIdentifierError: the app identifier in the token is not valid',
    explain: 'The token’s `bid` claim must be the plain bundle ID of the app (case-sensitive), not `<TEAM ID>.<bundle ID>`.',
    fix: 'Set --bundle-id (or ASN_BUNDLE_ID) to the bundle ID exactly as in App Store Connect.',
  },
  {
    id: 'api.error.4000006',
    severity: 'fail',
    title: '4000006 InvalidTransactionIdError: the transaction ID is malformed',
    explain: 'Transaction IDs are decimal numbers, such as 2000000123456789.',
    fix: 'Pass a numeric transaction ID (original or any later one) to --transaction-id.',
  },
  {
    id: 'api.error.4000012',
    severity: 'fail',
    title: '4000012 StartDateTooFarInPastError: the start date is older than Apple keeps history',
    explain: 'History reaches back 180 days in production and 30 days in sandbox.',
    fix: 'Use a later --since (at most 180d in production, 30d in sandbox).',
  },
  {
    id: 'api.error.4000013',
    severity: 'fail',
    title: '4000013 StartDateAfterEndDateError: the start date is not before the end date',
    fix: 'Make --since earlier than --until.',
  },
  {
    id: 'api.error.4000014',
    severity: 'fail',
    title: '4000014 InvalidPaginationTokenError: Apple did not accept the pagination token',
    explain: 'Pagination tokens are valid only with the request they came from.',
    fix: 'Run the history command again from the first page.',
  },
  {
    id: 'api.error.4000015',
    severity: 'fail',
    title: '4000015 InvalidStartDateError: the start date is not valid',
    fix: 'Give --since as a duration (24h, 7d) or an ISO 8601 date within the history window.',
  },
  {
    id: 'api.error.4000016',
    severity: 'fail',
    title: '4000016 InvalidEndDateError: the end date is not valid',
    fix: 'Give --until as a duration (1h) or an ISO 8601 date after --since.',
  },
  {
    id: 'api.error.4000017',
    severity: 'fail',
    title: '4000017 PaginationTokenExpiredError: the pagination token expired while paging',
    explain: 'Apple does not publish how long a pagination token lives.',
    fix: 'Run the history command again, with a narrower --since/--until window so it needs fewer pages.',
  },
  {
    id: 'api.error.4000018',
    severity: 'fail',
    title: '4000018 InvalidNotificationTypeError: Apple does not know that notification type or subtype',
    fix: 'Use a V2 notificationType (e.g. SUBSCRIBED, DID_RENEW) and a subtype that belongs to it.',
  },
  {
    id: 'api.error.4000019',
    severity: 'fail',
    title: '4000019 MultipleFiltersSuppliedError: notificationType and transactionId were both sent',
    fix: 'Filter by --type or by --transaction-id, not both.',
  },
  {
    id: 'api.error.4000020',
    severity: 'fail',
    title: '4000020 InvalidTestNotificationTokenError: Apple did not accept that test notification token',
    explain: 'The token must be the testNotificationToken exactly as Request a Test Notification returned it.',
    fix: 'Copy the token from `asn-doctor send-test` output, or run send-test again for a new one.',
  },
  {
    id: 'api.error.4040001',
    severity: 'fail',
    title: '4040001 AccountNotFoundError: Apple found no customer account for that transaction',
    fix: 'Check the transaction ID, and that it belongs to this environment ({environment}).',
  },
  {
    id: 'api.error.4040002',
    severity: 'fail',
    title: '4040002 AccountNotFoundRetryableError: the account was not found yet',
    explain: 'Apple marks this code retryable; it was retried and still failed.',
    fix: 'Try again in a few minutes.',
  },
  {
    id: 'api.error.4040003',
    severity: 'fail',
    title: '4040003 AppNotFoundError: Apple found no app for these credentials',
    explain: 'The bundle ID in the token does not match an app of the key’s team in this environment.',
    fix: 'Check --bundle-id, and that the key belongs to the team that owns the app.',
  },
  {
    id: 'api.error.4040004',
    severity: 'fail',
    title: '4040004 AppNotFoundRetryableError: the app was not found yet',
    explain: 'Apple marks this code retryable; it was retried and still failed. New apps can take a while to appear.',
    fix: 'Try again later; check --bundle-id meanwhile.',
  },
  {
    id: 'api.error.4040005',
    severity: 'fail',
    title: '4040005 OriginalTransactionIdNotFoundError: Apple does not know that original transaction ID',
    fix: 'Check the transaction ID and the environment ({environment}); sandbox purchases exist only in sandbox.',
  },
  {
    id: 'api.error.4040006',
    severity: 'fail',
    title: '4040006 OriginalTransactionIdNotFoundRetryableError: the original transaction was not found yet',
    explain: 'Apple marks this code retryable; it was retried and still failed.',
    fix: 'Try again in a few minutes.',
  },
  {
    id: 'api.error.4040007',
    severity: 'fail',
    title: '4040007 ServerNotificationURLNotFoundError: no App Store Server Notifications URL is set for {environment}',
    explain:
      'Apple sends the TEST notification to the {environment} URL of the app. None is set, so there is nothing to send to.',
    fix: `Set it in ${ASC_URL_PLACE} (Version 2), then run send-test again; a URL saved in the last hour may not have reached Apple yet.`,
  },
  {
    id: 'api.error.4040008',
    severity: 'info',
    title: '4040008 TestNotificationNotFoundError: no result for that test notification yet',
    explain:
      'Apple answers this until it has tried the delivery, and also for tokens it does not know or that are older than about six months.',
    fix: 'Wait a little and ask again with the same --env as the send-test that made the token (`asn-doctor test-status <token> --env <env>`); if it persists, run send-test for a new token.',
  },
  {
    id: 'api.error.4040010',
    severity: 'fail',
    title: '4040010 TransactionIdNotFoundError: Apple does not know that transaction ID',
    explain: 'Most often a sandbox transaction looked up in production (or the reverse), or a token for another bundle ID.',
    fix: 'Check --env ({environment}) and --bundle-id against where the purchase was made.',
  },
  {
    id: 'api.error.4290000',
    severity: 'fail',
    title: '4290000 RateLimitExceededError: Apple’s rate limit for this endpoint is used up',
    explain:
      'Limits are per app and per endpoint, counted over an hour; sandbox gets a tenth of production (test notifications: 1 request/s in production, 1 per 10 s in sandbox). {retryAt}',
    fix: 'Wait until the time Apple gave in Retry-After, and make sure other jobs are not calling the same endpoint in a loop.',
  },
  {
    id: 'api.error.5000000',
    severity: 'fail',
    title: '5000000 GeneralInternalError: Apple’s server failed',
    explain: 'Apple does not mark this code retryable.',
    fix: 'Try again later; if it persists, check https://developer.apple.com/system-status/ and quote the x-apple-request-uuid to Apple.',
  },
  {
    id: 'api.error.5000001',
    severity: 'fail',
    title: '5000001 GeneralInternalRetryableError: Apple’s server failed, and kept failing on retry',
    explain: 'Apple marks this code retryable; asn-doctor retried with backoff and gave up.',
    fix: 'Try again in a few minutes; check https://developer.apple.com/system-status/.',
  },
  {
    id: 'api.error.unknown',
    severity: 'fail',
    title: '{errorCode}: {errorMessage}',
    explain: 'asn-doctor has no explanation for this error code.',
    fix: 'Look the code up in Apple’s App Store Server API error codes page; run with --debug to see the request.',
  },
] as const satisfies readonly DiagnosticDef[];

const transport = [
  {
    id: 'api.http.status',
    severity: 'fail',
    title: '{method} {url} answered HTTP {status} with {body}',
    explain: 'The answer carried no App Store Server API error body ({errorCode, errorMessage}).',
    fix: 'Check --api-url (Apple’s hosts are api.storekit.apple.com and api.storekit-sandbox.apple.com); run with --debug for timings.',
  },
  {
    id: 'api.http.401',
    severity: 'fail',
    title: 'Apple answered 401 Unauthorized: it did not accept the token for {environment}',
    fix: 'Work through the likely causes in the triage list, most likely first.',
    troubleshooting: 'auth401',
  },
  {
    id: 'api.http.403',
    severity: 'fail',
    title: '{url} answered 403 Forbidden',
    explain: 'The App Store Server API does not document 403 for this endpoint; a proxy or firewall in between may have answered.',
    fix: 'Check --api-url and any proxy between you and Apple.',
  },
  {
    id: 'api.network.timeout',
    severity: 'fail',
    title: 'No answer from {url} within {timeout}',
    explain: 'The server accepted nothing or stopped answering. Timeouts are not retried: the request may already have been acted on.',
    fix: 'Check the network path to {host}; raise --timeout if the link is slow.',
  },
  {
    id: 'api.network.refused',
    severity: 'fail',
    title: 'Nothing is listening at {host} ({code})',
    fix: 'Check --api-url; if it is the emulator, start it with `asn-doctor emulator`.',
  },
  {
    id: 'api.network.reset',
    severity: 'fail',
    title: 'The connection to {host} was reset ({code}), and kept being reset on retry',
    fix: 'Check proxies and firewalls between you and {host}; try again.',
  },
  {
    id: 'api.network.tls',
    severity: 'fail',
    title: 'The TLS connection to {host} failed: {reason}',
    explain: '{detail}',
    fix: 'Check for a TLS-intercepting proxy or an outdated CA bundle between you and {host}.',
  },
  {
    id: 'api.network.dns',
    severity: 'fail',
    title: '{host} did not resolve ({code})',
    fix: 'Check DNS and the host name in --api-url.',
  },
  {
    id: 'api.network.other',
    severity: 'fail',
    title: 'The request to {host} failed: {reason}',
    explain: '{detail}',
    fix: 'Run again with --debug to see the request and its timing.',
  },
  {
    id: 'api.response.not-json',
    severity: 'fail',
    title: '{url} answered {status} with a body that is not valid JSON ({contentType}): {detail}',
    explain: 'Body start: {snippet}',
    fix: 'Check --api-url points at the App Store Server API (or the emulator), not a web page or a proxy error page.',
  },
  {
    id: 'api.response.wrong-shape',
    severity: 'fail',
    title: '{url} answered {status}, but {detail}',
    fix: 'Check --api-url points at the App Store Server API (or the emulator); run with --debug.',
  },
  {
    id: 'api.base-url.invalid',
    severity: 'fail',
    title: '--api-url {value} is not a usable base URL ({reason})',
    fix: 'Give an http(s) origin with an optional path and no query, e.g. https://api.storekit-sandbox.apple.com or http://127.0.0.1:8443.',
  },
  {
    id: 'api.base-url.legacy',
    severity: 'info',
    title: '{host} is Apple’s older host name; it still works, Apple now recommends {recommended}',
  },
  {
    id: 'api.base-url.env-from-host',
    severity: 'warn',
    title: '--api-url names Apple’s {hostEnvironment} host, so this run uses {hostEnvironment}, not {asked}',
  },
  {
    id: 'api.retry',
    severity: 'info',
    title: 'retrying in {delay}: {reason} (attempt {attempt})',
  },
  {
    id: 'api.rate-limit.wait',
    severity: 'info',
    title: 'Rate limited: waiting {delay} as Apple’s Retry-After asks',
  },
] as const satisfies readonly DiagnosticDef[];

/** 401 triage, most likely cause first. */
const unauthorized = [
  {
    id: 'api.401.formats-ok',
    severity: 'pass',
    title: 'Issuer ID, key ID, bundle ID and key file have the expected form',
  },
  {
    id: 'api.401.claims-ok',
    severity: 'pass',
    title: 'The token’s header and claims follow Apple’s rules (ES256, kid, typ, iss, iat, exp ≤ 60 min, aud, bid) and its signature verifies',
  },
  {
    id: 'api.401.sandbox-accepts',
    severity: 'fail',
    title: 'Sandbox accepts the same credentials, production does not: the app most likely has no release in production yet',
    explain:
      'Apps without a live production release are not authorized for any production endpoint; sandbox works until then. A key that is valid for sandbox is an In-App Purchase key, so the key type is not the problem.',
    fix: 'Use --env sandbox until the first version is live on the App Store.',
    troubleshooting: 'auth401',
  },
  {
    id: 'api.401.sandbox-rejects',
    severity: 'fail',
    title: 'Sandbox rejects the same credentials too: the key, key ID, issuer ID or bundle ID is wrong',
    explain:
      'The same token works for both environments when it is right. Usual causes: an App Store Connect API key (AuthKey_*.p8) instead of an In-App Purchase key (SubscriptionKey_*.p8), a key ID that does not belong to the .p8, an issuer ID of another team, a bundle ID with wrong case, or a revoked key.',
    fix: 'Create or pick the key under Users and Access → Integrations → In-App Purchase, and use its key ID and the issuer ID shown there.',
    troubleshooting: 'auth401',
  },
  {
    id: 'api.401.credentials-rejected',
    severity: 'fail',
    title: 'Sandbox rejects these credentials: the key, key ID, issuer ID or bundle ID is wrong',
    explain:
      'Sandbox accepts any app, released or not, so the token itself is refused. Usual causes: an App Store Connect API key (AuthKey_*.p8) instead of an In-App Purchase key (SubscriptionKey_*.p8), a key ID that does not belong to the .p8, an issuer ID of another team, a bundle ID with wrong case, or a revoked key.',
    fix: 'Create or pick the key under Users and Access → Integrations → In-App Purchase, and use its key ID and the issuer ID shown there.',
    troubleshooting: 'auth401',
  },
  {
    id: 'api.401.sandbox-unknown',
    severity: 'skip',
    title: 'Sandbox cross-check not possible: {reason}',
  },
  {
    id: 'api.401.remaining',
    severity: 'info',
    title: 'Not checkable from here: the key may be revoked, belong to another team, or be an App Store Connect API key rather than an In-App Purchase key',
    fix: 'Compare the key ID with Users and Access → Integrations → In-App Purchase; revoked keys show as revoked there.',
    troubleshooting: 'auth401',
  },
] as const satisfies readonly DiagnosticDef[];

const testNotification = [
  {
    id: 'api.test.delivered',
    severity: 'pass',
    title: 'Delivered: the {environment} URL answered the TEST notification with a success status; your endpoint works',
  },
  {
    id: 'api.test.not-delivered',
    severity: 'fail',
    title: 'Not delivered: the last attempt ended with {result}; your endpoint did not accept the TEST notification',
  },
  {
    id: 'api.test.unknown-result',
    severity: 'fail',
    title: '{result}: a sendAttemptResult asn-doctor does not know',
    fix: 'Run `asn-doctor check-url <your URL>` to test every stage of the delivery.',
  },
  {
    id: 'api.test.no-attempt-yet',
    severity: 'fail',
    title: 'No delivery attempt recorded within {waited}',
    explain: 'Apple answered 4040008 to every look-up: it had not tried the delivery yet, or the token is not known to it.',
    fix: 'Ask again later with `{lookUp}` (tokens stay valid for months), or wait longer with --wait.',
  },
  {
    id: 'api.test.check-url-stage',
    severity: 'info',
    title: 'Reproduce it locally: `asn-doctor check-url {url}` and read its {stage} checks',
  },
  {
    id: 'api.test.test-payload-hint',
    severity: 'info',
    title: 'TEST notifications carry only bundleId and environment in data: no signedTransactionInfo, no signedRenewalInfo',
    explain: 'Handlers that decode a transaction unconditionally crash on TEST and answer 500. Answer 200 to every notification you verified, including TEST.',
  },
  {
    id: 'api.test.schedule.sandbox',
    severity: 'info',
    title: 'Sandbox makes one attempt only: a failed sandbox delivery is not retried',
    fix: 'Fix the server, then run send-test again.',
  },
  {
    id: 'api.test.schedule.production',
    severity: 'info',
    title: 'Production retries a failed delivery up to 5 times, 1, 12, 24, 48 and 72 hours after the previous attempt',
    explain: 'The same notificationUUID comes back with each retry; `{lookUp}` shows the attempts as they happen.',
  },
  {
    id: 'api.test.payload-verified',
    severity: 'pass',
    title: 'The TEST signedPayload verifies ({signer}): {summary}',
  },
  {
    id: 'api.test.payload-not-verified',
    severity: 'fail',
    title: 'The TEST signedPayload does not verify: {reason}',
    fix: 'If this is the emulator, pass its CA with --root FILE; see `asn-doctor decode` for details.',
  },
  {
    id: 'api.test.payload-missing',
    severity: 'warn',
    title: 'The status answer carries no signedPayload to decode',
  },
  {
    id: 'api.test.token-format',
    severity: 'fail',
    title: 'The test notification token {value} is not in the form Apple returns',
    fix: 'Pass the testNotificationToken exactly as `asn-doctor send-test` printed it.',
  },
  {
    id: 'api.poll.interval',
    severity: 'info',
    title: 'Polling every {interval} ({why})',
  },
  {
    id: 'api.poll.raised',
    severity: 'warn',
    title: '--poll-interval {requested} is faster than Apple allows for {environment}; using {interval}',
  },
] as const satisfies readonly DiagnosticDef[];

const history = [
  {
    id: 'api.history.filters-exclusive',
    severity: 'fail',
    title: '--type and --transaction-id cannot be used together: Apple accepts only one of them',
    fix: 'Drop one; to see one customer’s notifications of one type, use --transaction-id and read the type column.',
  },
  {
    id: 'api.history.subtype-needs-type',
    severity: 'fail',
    title: '--subtype {subtype} needs --type as well',
    fix: 'Add the type the subtype belongs to, e.g. --type SUBSCRIBED --subtype INITIAL_BUY.',
  },
  {
    id: 'api.history.start-not-before-end',
    severity: 'fail',
    title: 'The start ({start}) is not before the end ({end})',
    fix: 'Make --since earlier than --until.',
  },
  {
    id: 'api.history.start-too-old',
    severity: 'fail',
    title: '--since {start} is older than {days} days: Apple keeps {environment} history only that long',
    fix: 'Use --since {earliest} or later (e.g. --since {days}d).',
  },
  {
    id: 'api.history.start-moved',
    severity: 'info',
    title: 'Start moved to {start}, just inside Apple’s {days}-day window',
  },
  {
    id: 'api.history.type-unknown',
    severity: 'warn',
    title: 'notificationType {type} is not one asn-doctor knows; sending it anyway',
  },
  {
    id: 'api.history.subtype-unknown',
    severity: 'warn',
    title: 'Subtype {subtype} is not known for {type} (known: {known}); sending it anyway',
  },
  {
    id: 'api.history.transaction-id-format',
    severity: 'fail',
    title: '--transaction-id {value} is not a transaction ID (they are decimal numbers)',
    fix: 'Pass the numeric transactionId or originalTransactionId, e.g. --transaction-id 2000000123456789.',
  },
  {
    id: 'api.history.enum-format',
    severity: 'fail',
    title: '{flag} {value} is not a notification type or subtype name',
    fix: 'Use Apple’s names, e.g. --type DID_RENEW or --type SUBSCRIBED --subtype INITIAL_BUY.',
  },
  {
    id: 'api.history.time-format',
    severity: 'fail',
    title: '{flag} {value} is not a time',
    fix: 'Give a duration back from now (90m, 24h, 7d, 2w), an ISO 8601 date or date-time (2026-11-01, 2026-11-01T08:00:00Z), or epoch milliseconds.',
  },
  {
    id: 'api.history.limit-format',
    severity: 'fail',
    title: '--limit {value} is not a positive whole number',
    fix: 'Pass e.g. --limit 50.',
  },
  {
    id: 'api.history.undecodable',
    severity: 'warn',
    title: 'A history item could not be decoded: {reason}',
  },
  {
    id: 'api.history.summary',
    severity: 'info',
    title: '{count} from {pages}; {failed} not delivered',
  },
  {
    id: 'api.history.none',
    severity: 'info',
    title: 'No notifications between {start} and {end} for these filters',
    explain: 'History holds only notifications aimed at a Version 2 URL.',
  },
] as const satisfies readonly DiagnosticDef[];

const options = [
  {
    id: 'api.option.seconds',
    severity: 'fail',
    title: '{flag} {value} is not a number of seconds',
    fix: 'Pass a number of seconds, e.g. {flag} {example}.',
  },
] as const satisfies readonly DiagnosticDef[];

export const apiDiagnostics = [
  ...errorCodes,
  ...transport,
  ...unauthorized,
  ...testNotification,
  ...history,
  ...options,
] as const satisfies readonly DiagnosticDef[];
