// Notification V2 types and subtypes (Apple's notificationType and subtype pages; apple-facts §6.3-6.4).
// Used to catch typos in history filters; unknown values still pass with a warning, since Apple
// adds types and its own libraries keep unknown strings.

export const NOTIFICATION_SUBTYPES_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  SUBSCRIBED: ['INITIAL_BUY', 'RESUBSCRIBE'],
  DID_CHANGE_RENEWAL_PREF: ['UPGRADE', 'DOWNGRADE'],
  DID_CHANGE_RENEWAL_STATUS: ['AUTO_RENEW_ENABLED', 'AUTO_RENEW_DISABLED'],
  OFFER_REDEEMED: ['INITIAL_BUY', 'RESUBSCRIBE', 'UPGRADE', 'DOWNGRADE'],
  DID_RENEW: ['BILLING_RECOVERY'],
  EXPIRED: ['VOLUNTARY', 'BILLING_RETRY', 'PRICE_INCREASE', 'PRODUCT_NOT_FOR_SALE'],
  DID_FAIL_TO_RENEW: ['GRACE_PERIOD'],
  GRACE_PERIOD_EXPIRED: [],
  PRICE_INCREASE: ['PENDING', 'ACCEPTED'],
  REFUND: [],
  REFUND_DECLINED: [],
  REFUND_REVERSED: [],
  CONSUMPTION_REQUEST: [],
  RENEWAL_EXTENDED: [],
  RENEWAL_EXTENSION: ['SUMMARY', 'FAILURE'],
  REVOKE: [],
  TEST: [],
  EXTERNAL_PURCHASE_TOKEN: ['UNREPORTED', 'CREATED', 'ACTIVE_TOKEN_REMINDER'],
  ONE_TIME_CHARGE: [],
  METADATA_UPDATE: [],
  MIGRATION: [],
  PRICE_CHANGE: [],
  RESCIND_CONSENT: [],
};

export const NOTIFICATION_TYPES: readonly string[] = Object.keys(NOTIFICATION_SUBTYPES_BY_TYPE);
