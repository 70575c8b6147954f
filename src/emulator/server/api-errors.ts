// Apple's App Store Server API error codes the emulator answers with (docs/apple/api.md#error-codes).
// The HTTP status is the code's first three digits.
export const API_ERRORS = {
  GeneralBadRequest: { errorCode: 4000000, errorMessage: 'Invalid request.' },
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
  ServerNotificationUrlNotFound: { errorCode: 4040007, errorMessage: 'No App Store Server Notification URL found for provided app. Check that a URL is configured in App Store Connect for this environment.' },
  TestNotificationNotFound: { errorCode: 4040008, errorMessage: 'Either the test notification token is expired or the notification and status are not yet available.' },
  TransactionIdNotFound: { errorCode: 4040010, errorMessage: 'Transaction id not found.' },
  RateLimitExceeded: { errorCode: 4290000, errorMessage: 'Rate limit exceeded.' },
  GeneralInternal: { errorCode: 5000000, errorMessage: 'An unknown error occurred.' },
  GeneralInternalRetryable: { errorCode: 5000001, errorMessage: 'An unknown error occurred. Please try again.' },
} as const;

export type ApiError = (typeof API_ERRORS)[keyof typeof API_ERRORS];

export function httpStatusOf(err: ApiError): number {
  return Math.floor(err.errorCode / 10_000);
}
