// Apple's App Store Server API error codes the emulator answers with (docs/apple/api.md#error-codes).
// The HTTP status is the code's first three digits. Codes are Apple's; the messages of the codes the
// transaction endpoints added (4000005, 4000021…4000031, 4000048) follow Apple's error descriptions,
// and 4040019's is the text of Apple's library test resource.
export const API_ERRORS = {
  GeneralBadRequest: { errorCode: 4000000, errorMessage: 'Invalid request.' },
  InvalidRequestRevision: { errorCode: 4000005, errorMessage: 'Invalid request revision.' },
  InvalidTransactionId: { errorCode: 4000006, errorMessage: 'Invalid transaction id.' },
  StartDateTooFarInPast: { errorCode: 4000012, errorMessage: 'Invalid request. The start date is earlier than the allowed start date.' },
  StartDateAfterEndDate: { errorCode: 4000013, errorMessage: 'Invalid request. The end date precedes the start date or the dates are the same.' },
  InvalidPaginationToken: { errorCode: 4000014, errorMessage: 'Invalid request. The pagination token is invalid.' },
  InvalidStartDate: { errorCode: 4000015, errorMessage: 'Invalid request. The start date is not a timestamp value in milliseconds.' },
  InvalidEndDate: { errorCode: 4000016, errorMessage: 'Invalid request. The end date is not a timestamp value in milliseconds.' },
  PaginationTokenExpired: { errorCode: 4000017, errorMessage: 'Invalid request. The pagination token is expired.' },
  InvalidNotificationType: { errorCode: 4000018, errorMessage: 'Invalid request. The notification type or subtype is invalid.' },
  MultipleFiltersSupplied: { errorCode: 4000019, errorMessage: 'Invalid request. Only one of transactionId or notificationType may be supplied.' },
  InvalidTestNotificationToken: { errorCode: 4000020, errorMessage: 'Invalid request. The test notification token is invalid.' },
  InvalidSort: { errorCode: 4000021, errorMessage: 'Invalid request. The sort parameter is invalid.' },
  InvalidProductType: { errorCode: 4000022, errorMessage: 'Invalid request. The product type parameter is invalid.' },
  InvalidProductId: { errorCode: 4000023, errorMessage: 'Invalid request. The product id parameter is invalid.' },
  InvalidSubscriptionGroupIdentifier: { errorCode: 4000024, errorMessage: 'Invalid request. The subscription group identifier parameter is invalid.' },
  InvalidInAppOwnershipType: { errorCode: 4000026, errorMessage: 'Invalid request. The in-app ownership type parameter is invalid.' },
  InvalidRevoked: { errorCode: 4000030, errorMessage: 'Invalid request. The revoked parameter is invalid.' },
  InvalidStatus: { errorCode: 4000031, errorMessage: 'Invalid request. The status parameter is invalid.' },
  AppTransactionIdNotSupported: { errorCode: 4000048, errorMessage: 'Invalid request. This endpoint does not support an app transaction id.' },
  ServerNotificationUrlNotFound: { errorCode: 4040007, errorMessage: 'No App Store Server Notification URL found for provided app. Check that a URL is configured in App Store Connect for this environment.' },
  TestNotificationNotFound: { errorCode: 4040008, errorMessage: 'Either the test notification token is expired or the notification and status are not yet available.' },
  TransactionIdNotFound: { errorCode: 4040010, errorMessage: 'Transaction id not found.' },
  AppTransactionDoesNotExist: { errorCode: 4040019, errorMessage: 'No AppTransaction exists for the customer.' },
  RateLimitExceeded: { errorCode: 4290000, errorMessage: 'Rate limit exceeded.' },
  GeneralInternal: { errorCode: 5000000, errorMessage: 'An unknown error occurred.' },
  GeneralInternalRetryable: { errorCode: 5000001, errorMessage: 'An unknown error occurred. Please try again.' },
} as const;

export type ApiError = (typeof API_ERRORS)[keyof typeof API_ERRORS];

export function httpStatusOf(err: ApiError): number {
  return Math.floor(err.errorCode / 10_000);
}
