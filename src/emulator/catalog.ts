// Every V2 notificationType with its valid subtypes (apple-facts §6.3). `null` means "no subtype".
// A null-prototype object: a type read from outside such as `constructor` or `__proto__` is simply
// unknown, never a property inherited from Object.
export const NOTIFICATION_SUBTYPES: Readonly<Record<string, readonly (string | null)[]>> = Object.freeze(Object.assign(Object.create(null) as Record<string, readonly (string | null)[]>, {
  SUBSCRIBED: ['INITIAL_BUY', 'RESUBSCRIBE'],
  DID_CHANGE_RENEWAL_PREF: ['UPGRADE', 'DOWNGRADE', null],
  DID_CHANGE_RENEWAL_STATUS: ['AUTO_RENEW_ENABLED', 'AUTO_RENEW_DISABLED'],
  OFFER_REDEEMED: ['INITIAL_BUY', 'RESUBSCRIBE', 'UPGRADE', 'DOWNGRADE', null],
  DID_RENEW: ['BILLING_RECOVERY', null],
  EXPIRED: ['VOLUNTARY', 'BILLING_RETRY', 'PRICE_INCREASE', 'PRODUCT_NOT_FOR_SALE', null],
  DID_FAIL_TO_RENEW: ['GRACE_PERIOD', null],
  GRACE_PERIOD_EXPIRED: [null],
  PRICE_INCREASE: ['PENDING', 'ACCEPTED'],
  REFUND: [null],
  REFUND_DECLINED: [null],
  REFUND_REVERSED: [null],
  CONSUMPTION_REQUEST: [null],
  RENEWAL_EXTENDED: [null],
  RENEWAL_EXTENSION: ['SUMMARY', 'FAILURE'],
  REVOKE: [null],
  TEST: [null],
  EXTERNAL_PURCHASE_TOKEN: ['UNREPORTED', 'CREATED', 'ACTIVE_TOKEN_REMINDER'],
  ONE_TIME_CHARGE: [null],
  METADATA_UPDATE: [null],
  MIGRATION: [null],
  PRICE_CHANGE: [null],
  RESCIND_CONSENT: [null],
}));

export const NOTIFICATION_TYPES = Object.keys(NOTIFICATION_SUBTYPES);

export interface TypePair {
  notificationType: string;
  subtype?: string;
}

/** Every valid type/subtype pair, in table order. */
export function allPairs(): TypePair[] {
  const pairs: TypePair[] = [];
  for (const [notificationType, subtypes] of Object.entries(NOTIFICATION_SUBTYPES)) {
    for (const s of subtypes) pairs.push(s === null ? { notificationType } : { notificationType, subtype: s });
  }
  return pairs;
}

export function pairLabel(p: TypePair): string {
  return p.subtype ? `${p.notificationType}/${p.subtype}` : p.notificationType;
}

export type PairCheck =
  | { ok: true; pair: TypePair }
  | { ok: false; reason: 'unknown-type'; valid: string[] }
  | { ok: false; reason: 'bad-subtype'; valid: string[] };

/**
 * Validates a type and optional subtype (case-insensitive). A type whose subtypes do not include
 * "none" needs one; listing the valid choices is the caller's job.
 */
export function checkPair(type: string, subtype?: string): PairCheck {
  const notificationType = type.trim().toUpperCase();
  const subtypes = NOTIFICATION_SUBTYPES[notificationType];
  if (!subtypes) return { ok: false, reason: 'unknown-type', valid: NOTIFICATION_TYPES };
  const wanted = subtype === undefined || subtype === '' ? null : subtype.trim().toUpperCase();
  const valid = subtypes.map((s) => (s === null ? '(none)' : s));
  if (wanted === null) {
    // Types that always carry a subtype default to the first one (e.g. SUBSCRIBED -> INITIAL_BUY).
    const first = subtypes[0] ?? null;
    return { ok: true, pair: first === null || subtypes.includes(null) ? { notificationType } : { notificationType, subtype: first } };
  }
  if (!subtypes.includes(wanted)) return { ok: false, reason: 'bad-subtype', valid };
  return { ok: true, pair: { notificationType, subtype: wanted } };
}
