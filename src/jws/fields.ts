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

/**
 * Date values that stand for "no date": 0, and the placeholders StoreKit writes from Swift's
 * Date.distantPast and Date.distantFuture (Xcode's AppTransaction has originalPurchaseDate
 * -62135769600000). Swift counts those in the Julian calendar, so JavaScript's ISO form of the same
 * number reads two days off (0000-12-30); the name says what they are.
 */
export const DATE_SENTINELS: ReadonlyMap<number, string> = new Map([
  [0, '1970-01-01T00:00:00.000Z, the epoch: not set'],
  [-62_135_769_600_000, "0001-01-01, Swift's Date.distantPast: a placeholder, not a real date"],
  [64_092_211_200_000, "4001-01-01, Swift's Date.distantFuture: a placeholder, not a real date"],
]);

/** Milliunit price fields: 9990 means 9.99 in the currency. */
export const MILLIUNIT_FIELDS = new Set(['price', 'renewalPrice', 'commitmentPrice', 'commitmentRenewalPrice']);

/** Date fields are int64 ms since the epoch; Xcode may send fractional ms. */
export function isDateField(name: string): boolean {
  return /Date$/.test(name) || name === 'signedDate';
}
