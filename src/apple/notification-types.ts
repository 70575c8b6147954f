// Apple's version 2 notification types and subtypes: the one catalogue. The emulator and trigger accept
// only these pairs (as Apple's Get Notification History does), history notes a type it does not know,
// and decode explains each one in a line. docs/apple/notification-types.md holds the same table with
// Apple's sources; test/apple/notification-types.test.ts fails when the two drift apart.

interface TypeEntry {
  /** What the notification says happened, in one sentence. */
  meaning: string;
  /** Subtypes in Apple's order, each with what it adds. The first is the default where one is needed. */
  subtypes: Readonly<Record<string, string>>;
  /**
   * The type also (or only) comes without a subtype: `true`, or what the absence of a subtype says.
   * Absent: a subtype is always sent.
   */
  bare?: true | string;
}

const CATALOGUE: Readonly<Record<string, TypeEntry>> = {
  SUBSCRIBED: {
    meaning: 'The customer subscribed.',
    subtypes: {
      INITIAL_BUY: 'First purchase of this subscription group (or access through Family Sharing).',
      RESUBSCRIBE: 'Subscribed again in the same group after the subscription had lapsed.',
    },
  },
  DID_CHANGE_RENEWAL_PREF: {
    meaning: 'The customer changed the plan of a subscription.',
    subtypes: { UPGRADE: 'Upgrade: takes effect now.', DOWNGRADE: 'Downgrade: takes effect at the next renewal.' },
    bare: 'No subtype: a pending downgrade was cancelled.',
  },
  DID_CHANGE_RENEWAL_STATUS: {
    meaning: 'Auto-renew was turned on or off.',
    subtypes: { AUTO_RENEW_ENABLED: 'Auto-renew is now on.', AUTO_RENEW_DISABLED: 'Auto-renew is now off (also happens after a refund request).' },
  },
  OFFER_REDEEMED: {
    meaning: 'A promotional offer or offer code was redeemed.',
    subtypes: {
      INITIAL_BUY: 'Redeemed with a first purchase.',
      RESUBSCRIBE: 'Redeemed to come back to an inactive subscription.',
      UPGRADE: 'Redeemed with an upgrade: takes effect now.',
      DOWNGRADE: 'Redeemed with a downgrade: takes effect at the next renewal.',
    },
    bare: 'No subtype: redeemed for the already-active subscription.',
  },
  DID_RENEW: { meaning: 'The subscription renewed.', subtypes: { BILLING_RECOVERY: 'An earlier failed renewal recovered.' }, bare: true },
  EXPIRED: {
    meaning: 'The subscription expired.',
    subtypes: {
      VOLUNTARY: 'The customer turned auto-renew off.',
      BILLING_RETRY: 'Billing retry ended without a successful renewal.',
      PRICE_INCREASE: 'The customer did not consent to a price increase.',
      PRODUCT_NOT_FOR_SALE: 'The product was not available for purchase at renewal.',
    },
    bare: true,
  },
  DID_FAIL_TO_RENEW: {
    meaning: 'Renewal failed on billing; the subscription is in billing retry.',
    subtypes: { GRACE_PERIOD: 'In the billing grace period: keep giving service.' },
    bare: true,
  },
  GRACE_PERIOD_EXPIRED: { meaning: 'The billing grace period ended without a renewal.', subtypes: {}, bare: true },
  PRICE_INCREASE: {
    meaning: 'A subscription price increase.',
    subtypes: { PENDING: 'Waiting for the customer to consent.', ACCEPTED: 'The customer consented, or was notified where no consent is needed.' },
  },
  REFUND: { meaning: 'Apple refunded a transaction: revoke what it granted.', subtypes: {}, bare: true },
  REFUND_DECLINED: { meaning: 'Apple declined a refund request.', subtypes: {}, bare: true },
  REFUND_REVERSED: { meaning: 'Apple reversed an earlier refund: restore what it granted.', subtypes: {}, bare: true },
  CONSUMPTION_REQUEST: { meaning: 'The customer asked for a refund; Apple asks for consumption information.', subtypes: {}, bare: true },
  RENEWAL_EXTENDED: { meaning: "A subscription's renewal date was extended.", subtypes: {}, bare: true },
  RENEWAL_EXTENSION: {
    meaning: 'A renewal-date extension for all active subscribers.',
    subtypes: { SUMMARY: 'The extension finished; summary holds the counts.', FAILURE: 'The extension failed for one subscription.' },
  },
  REVOKE: { meaning: 'Family Sharing access was revoked.', subtypes: {}, bare: true },
  // Neutral: whether the endpoint took it is the delivery's outcome, which send-test and test-status report.
  TEST: { meaning: 'A test notification you requested (Request a Test Notification); it carries no transaction.', subtypes: {}, bare: true },
  EXTERNAL_PURCHASE_TOKEN: {
    meaning: 'An External Purchase API token event.',
    subtypes: {
      UNREPORTED: 'A token was not reported to Apple in time.',
      CREATED: 'A custom-link token was created.',
      ACTIVE_TOKEN_REMINDER: 'Monthly reminder that a token is still active.',
    },
  },
  ONE_TIME_CHARGE: { meaning: 'A consumable, non-consumable or non-renewing purchase.', subtypes: {}, bare: true },
  METADATA_UPDATE: { meaning: 'Advanced Commerce API: subscription metadata changed.', subtypes: {}, bare: true },
  MIGRATION: { meaning: 'Advanced Commerce API: a subscription was migrated.', subtypes: {}, bare: true },
  PRICE_CHANGE: { meaning: 'Advanced Commerce API: subscription price changed.', subtypes: {}, bare: true },
  RESCIND_CONSENT: { meaning: "A parent or guardian withdrew consent for a child's use of the app.", subtypes: {}, bare: true },
};

/**
 * Spellings explained like a catalogued type but never accepted or sent: Apple's changelog writes
 * MIGRATE where its libraries write MIGRATION (docs/apple/notification-types.md).
 */
const EXPLAINED_AS: Readonly<Record<string, string>> = { MIGRATE: 'MIGRATION' };

/** The catalogue's entry for a type read from outside; never a property inherited from Object. */
function entry(type: string): TypeEntry | undefined {
  return Object.hasOwn(CATALOGUE, type) ? CATALOGUE[type] : undefined;
}

/**
 * Every type with its valid subtypes in Apple's order; `null` means "no subtype". A null-prototype
 * object: a type read from outside such as `constructor` or `__proto__` is simply unknown.
 */
export const NOTIFICATION_SUBTYPES: Readonly<Record<string, readonly (string | null)[]>> = Object.freeze(
  Object.assign(
    Object.create(null) as Record<string, readonly (string | null)[]>,
    Object.fromEntries(Object.entries(CATALOGUE).map(([type, e]) => [type, [...Object.keys(e.subtypes), ...(e.bare ? [null] : [])]])),
  ),
);

export const NOTIFICATION_TYPES: readonly string[] = Object.keys(CATALOGUE);

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
  if (!subtypes) return { ok: false, reason: 'unknown-type', valid: [...NOTIFICATION_TYPES] };
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

/** One line: the type's meaning, then what its subtype (or the absence of one) adds; undefined for an unknown type. */
export function notificationMeaning(type: string, subtype: string | undefined): string | undefined {
  const e = entry(type) ?? (Object.hasOwn(EXPLAINED_AS, type) ? entry(EXPLAINED_AS[type]!) : undefined);
  if (!e) return undefined;
  const extra = !subtype ? (typeof e.bare === 'string' ? e.bare : undefined) : Object.hasOwn(e.subtypes, subtype) ? e.subtypes[subtype] : undefined;
  return extra ? `${e.meaning} ${extra}` : e.meaning;
}
