// Apple's field facts used to explain payloads: enum numbers with their names, which fields are dates
// and which are milliunit prices. What each notification type means is in src/apple/notification-types.ts.

/** Integer enums: field name -> value -> name. Unknown values are shown as they are. */
export const ENUM_NAMES: Record<string, Record<number, string>> = {
  status: { 1: 'active', 2: 'expired', 3: 'billing retry', 4: 'billing grace period', 5: 'revoked' },
  offerType: { 1: 'introductory offer', 2: 'promotional offer', 3: 'offer code', 4: 'win-back offer' },
  expirationIntent: {
    1: 'customer cancelled',
    2: 'billing error',
    3: 'no consent to price increase',
    4: 'product not available',
    5: 'other',
  },
  autoRenewStatus: { 0: 'off', 1: 'on' },
  priceIncreaseStatus: { 0: 'customer has not responded', 1: 'consented, or notified without needing consent' },
  revocationReason: { 0: 'other reason', 1: 'refunded due to an issue in the app' },
};

/** Milliunit price fields: 9990 means 9.99 in the currency. */
export const MILLIUNIT_FIELDS = new Set(['price', 'renewalPrice', 'commitmentPrice', 'commitmentRenewalPrice']);

/** Date fields are int64 ms since the epoch; Xcode may send fractional ms. */
export function isDateField(name: string): boolean {
  return /Date$/.test(name) || name === 'signedDate';
}
