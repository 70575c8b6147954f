// Apple's field facts used to explain payloads: enum numbers with their names, notification-type
// meanings (apple-facts.md §6), which fields are dates and which are milliunit prices.

export const NOTIFICATION_MEANING: Record<string, string> = {
  SUBSCRIBED: 'The customer subscribed (INITIAL_BUY: first time; RESUBSCRIBE: again in the same group).',
  DID_CHANGE_RENEWAL_PREF: 'The customer changed plan (UPGRADE now; DOWNGRADE at next renewal; no subtype: a pending downgrade was cancelled).',
  DID_CHANGE_RENEWAL_STATUS: 'Auto-renew was turned on or off.',
  OFFER_REDEEMED: 'A promotional offer or offer code was redeemed.',
  DID_RENEW: 'The subscription renewed (BILLING_RECOVERY: an earlier failed renewal recovered).',
  EXPIRED: 'The subscription expired.',
  DID_FAIL_TO_RENEW: 'Renewal failed on billing; the subscription is in billing retry (GRACE_PERIOD: keep giving service).',
  GRACE_PERIOD_EXPIRED: 'The billing grace period ended without a renewal.',
  PRICE_INCREASE: 'A price increase is pending consent (PENDING) or was accepted (ACCEPTED).',
  REFUND: 'Apple refunded a transaction: revoke what it granted.',
  REFUND_DECLINED: 'Apple declined a refund request.',
  REFUND_REVERSED: 'Apple reversed an earlier refund: restore what it granted.',
  CONSUMPTION_REQUEST: 'The customer asked for a refund; Apple asks for consumption information.',
  RENEWAL_EXTENDED: "A subscription's renewal date was extended.",
  RENEWAL_EXTENSION: 'Result of a renewal-date extension for all subscribers (SUMMARY) or one that failed (FAILURE).',
  REVOKE: 'Family Sharing access was revoked.',
  TEST: 'A test notification you requested (Request a Test Notification): your endpoint works.',
  EXTERNAL_PURCHASE_TOKEN: 'An External Purchase API token event.',
  ONE_TIME_CHARGE: 'A consumable, non-consumable or non-renewing purchase.',
  METADATA_UPDATE: 'Advanced Commerce API: subscription metadata changed.',
  MIGRATION: 'Advanced Commerce API: a subscription was migrated.',
  MIGRATE: 'Advanced Commerce API: a subscription was migrated.',
  PRICE_CHANGE: 'Advanced Commerce API: subscription price changed.',
  RESCIND_CONSENT: "A parent or guardian withdrew consent for a child's use of the app.",
};

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
