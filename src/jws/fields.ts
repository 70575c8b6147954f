// Apple's field facts used to explain payloads: enum numbers with their names, notification-type
// meanings (apple-facts.md §6), which fields are dates and which are milliunit prices.

const NOTIFICATION_MEANING: Record<string, string> = {
  SUBSCRIBED: 'The customer subscribed.',
  DID_CHANGE_RENEWAL_PREF: 'The customer changed the plan of a subscription.',
  DID_CHANGE_RENEWAL_STATUS: 'Auto-renew was turned on or off.',
  OFFER_REDEEMED: 'A promotional offer or offer code was redeemed.',
  DID_RENEW: 'The subscription renewed.',
  EXPIRED: 'The subscription expired.',
  DID_FAIL_TO_RENEW: 'Renewal failed on billing; the subscription is in billing retry.',
  GRACE_PERIOD_EXPIRED: 'The billing grace period ended without a renewal.',
  PRICE_INCREASE: 'A subscription price increase.',
  REFUND: 'Apple refunded a transaction: revoke what it granted.',
  REFUND_DECLINED: 'Apple declined a refund request.',
  REFUND_REVERSED: 'Apple reversed an earlier refund: restore what it granted.',
  CONSUMPTION_REQUEST: 'The customer asked for a refund; Apple asks for consumption information.',
  RENEWAL_EXTENDED: "A subscription's renewal date was extended.",
  RENEWAL_EXTENSION: 'A renewal-date extension for all active subscribers.',
  REVOKE: 'Family Sharing access was revoked.',
  // Neutral: whether the endpoint took it is the delivery's outcome, which send-test and test-status report.
  TEST: 'A test notification you requested (Request a Test Notification); it carries no transaction.',
  EXTERNAL_PURCHASE_TOKEN: 'An External Purchase API token event.',
  ONE_TIME_CHARGE: 'A consumable, non-consumable or non-renewing purchase.',
  METADATA_UPDATE: 'Advanced Commerce API: subscription metadata changed.',
  MIGRATION: 'Advanced Commerce API: a subscription was migrated.',
  MIGRATE: 'Advanced Commerce API: a subscription was migrated.',
  PRICE_CHANGE: 'Advanced Commerce API: subscription price changed.',
  RESCIND_CONSENT: "A parent or guardian withdrew consent for a child's use of the app.",
};

/** What a subtype adds, by `TYPE/SUBTYPE`; `TYPE/` is the meaning of no subtype where that says something. */
const SUBTYPE_MEANING: Record<string, string> = {
  'SUBSCRIBED/INITIAL_BUY': 'First purchase of this subscription group (or access through Family Sharing).',
  'SUBSCRIBED/RESUBSCRIBE': 'Subscribed again in the same group after the subscription had lapsed.',
  'DID_CHANGE_RENEWAL_PREF/UPGRADE': 'Upgrade: takes effect now.',
  'DID_CHANGE_RENEWAL_PREF/DOWNGRADE': 'Downgrade: takes effect at the next renewal.',
  'DID_CHANGE_RENEWAL_PREF/': 'No subtype: a pending downgrade was cancelled.',
  'DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_ENABLED': 'Auto-renew is now on.',
  'DID_CHANGE_RENEWAL_STATUS/AUTO_RENEW_DISABLED': 'Auto-renew is now off (also happens after a refund request).',
  'OFFER_REDEEMED/INITIAL_BUY': 'Redeemed with a first purchase.',
  'OFFER_REDEEMED/RESUBSCRIBE': 'Redeemed to come back to an inactive subscription.',
  'OFFER_REDEEMED/UPGRADE': 'Redeemed with an upgrade: takes effect now.',
  'OFFER_REDEEMED/DOWNGRADE': 'Redeemed with a downgrade: takes effect at the next renewal.',
  'OFFER_REDEEMED/': 'No subtype: redeemed for the already-active subscription.',
  'DID_RENEW/BILLING_RECOVERY': 'An earlier failed renewal recovered.',
  'EXPIRED/VOLUNTARY': 'The customer turned auto-renew off.',
  'EXPIRED/BILLING_RETRY': 'Billing retry ended without a successful renewal.',
  'EXPIRED/PRICE_INCREASE': 'The customer did not consent to a price increase.',
  'EXPIRED/PRODUCT_NOT_FOR_SALE': 'The product was not available for purchase at renewal.',
  'DID_FAIL_TO_RENEW/GRACE_PERIOD': 'In the billing grace period: keep giving service.',
  'PRICE_INCREASE/PENDING': 'Waiting for the customer to consent.',
  'PRICE_INCREASE/ACCEPTED': 'The customer consented, or was notified where no consent is needed.',
  'RENEWAL_EXTENSION/SUMMARY': 'The extension finished; summary holds the counts.',
  'RENEWAL_EXTENSION/FAILURE': 'The extension failed for one subscription.',
  'EXTERNAL_PURCHASE_TOKEN/UNREPORTED': 'A token was not reported to Apple in time.',
  'EXTERNAL_PURCHASE_TOKEN/CREATED': 'A custom-link token was created.',
  'EXTERNAL_PURCHASE_TOKEN/ACTIVE_TOKEN_REMINDER': 'Monthly reminder that a token is still active.',
};

/** One line: the type's meaning, then what its subtype (or the absence of one) adds. */
export function notificationMeaning(type: string, subtype: string | undefined): string | undefined {
  const base = NOTIFICATION_MEANING[type];
  if (!base) return undefined;
  const extra = SUBTYPE_MEANING[`${type}/${subtype ?? ''}`];
  return extra ? `${base} ${extra}` : base;
}

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
