// What each notificationType/subtype says about the purchase, as plain facts. The transaction and
// renewal builders read only this, so "EXPIRED/VOLUNTARY has auto-renew off and an expiry in the past"
// is written down exactly once.
import type { TypePair } from '../../apple/notification-types.js';

export type Container = 'data' | 'summary' | 'externalPurchaseToken' | 'appData';
export type ProductKind = 'subscription' | 'consumable';

export interface Scenario {
  container: Container;
  /** What the nested transaction is for; absent for TEST and non-data containers. */
  product?: ProductKind;
  /** data.status (auto-renewable subscriptions only): 1 active, 2 expired, 3 billing retry, 4 grace, 5 revoked. */
  status?: 1 | 2 | 3 | 4 | 5;
  transactionReason: 'PURCHASE' | 'RENEWAL';
  /** The customer's first purchase in the group: transactionId equals originalTransactionId. */
  firstPurchase: boolean;
  /** Whether the current period has already ended. */
  expired: boolean;
  autoRenewStatus: 0 | 1;
  expirationIntent?: 1 | 2 | 3 | 4 | 5;
  isInBillingRetryPeriod?: boolean;
  /** Billing grace period: still running, or already over. */
  grace?: 'running' | 'over';
  revocation?: { reason: 0 | 1; type: 'REFUND_FULL' | 'FAMILY_REVOKE' };
  ownership: 'PURCHASED' | 'FAMILY_SHARED';
  /** A promotional offer / offer code was redeemed for this transaction. */
  offer?: boolean;
  /** Product the subscription renews into, relative to the current one. */
  autoRenewInto: 'same' | 'higher' | 'lower';
  /** The current transaction is an immediate upgrade to a higher product. */
  upgradedNow?: boolean;
  priceIncreaseStatus?: 0 | 1;
  /** RENEWAL_EXTENDED: the expiry was pushed out. */
  extended?: boolean;
  consumptionRequestReason?: string;
}

const ACTIVE: Scenario = {
  container: 'data',
  product: 'subscription',
  status: 1,
  transactionReason: 'PURCHASE',
  firstPurchase: false,
  expired: false,
  autoRenewStatus: 1,
  ownership: 'PURCHASED',
  autoRenewInto: 'same',
};

export function scenarioFor(pair: TypePair): Scenario {
  const s = pair.subtype;
  switch (pair.notificationType) {
    case 'TEST':
      return { ...ACTIVE, container: 'data', product: undefined, status: undefined };
    case 'SUBSCRIBED':
      return { ...ACTIVE, firstPurchase: s === 'INITIAL_BUY' };
    case 'DID_CHANGE_RENEWAL_PREF':
      if (s === 'UPGRADE') return { ...ACTIVE, upgradedNow: true };
      if (s === 'DOWNGRADE') return { ...ACTIVE, autoRenewInto: 'lower' };
      return ACTIVE; // a pending downgrade was cancelled: renews into the same product again
    case 'DID_CHANGE_RENEWAL_STATUS':
      return { ...ACTIVE, autoRenewStatus: s === 'AUTO_RENEW_DISABLED' ? 0 : 1 };
    case 'OFFER_REDEEMED':
      if (s === 'INITIAL_BUY') return { ...ACTIVE, offer: true, firstPurchase: true };
      if (s === 'UPGRADE') return { ...ACTIVE, offer: true, upgradedNow: true };
      if (s === 'DOWNGRADE') return { ...ACTIVE, offer: true, autoRenewInto: 'lower' };
      return { ...ACTIVE, offer: true };
    case 'DID_RENEW':
      return { ...ACTIVE, transactionReason: 'RENEWAL' };
    case 'EXPIRED':
      return {
        ...ACTIVE,
        status: 2,
        expired: true,
        autoRenewStatus: 0,
        isInBillingRetryPeriod: false,
        expirationIntent: s === 'VOLUNTARY' ? 1 : s === 'BILLING_RETRY' ? 2 : s === 'PRICE_INCREASE' ? 3 : s === 'PRODUCT_NOT_FOR_SALE' ? 4 : 5,
        ...(s === 'PRICE_INCREASE' ? { priceIncreaseStatus: 0 as const } : {}),
      };
    case 'DID_FAIL_TO_RENEW':
      return {
        ...ACTIVE,
        status: s === 'GRACE_PERIOD' ? 4 : 3,
        expired: true,
        expirationIntent: 2,
        isInBillingRetryPeriod: true,
        ...(s === 'GRACE_PERIOD' ? { grace: 'running' as const } : {}),
      };
    case 'GRACE_PERIOD_EXPIRED':
      return { ...ACTIVE, status: 3, expired: true, expirationIntent: 2, isInBillingRetryPeriod: true, grace: 'over' };
    case 'PRICE_INCREASE':
      return { ...ACTIVE, priceIncreaseStatus: s === 'ACCEPTED' ? 1 : 0 };
    case 'REFUND':
      return { ...ACTIVE, status: 5, autoRenewStatus: 0, revocation: { reason: 0, type: 'REFUND_FULL' } };
    case 'REFUND_DECLINED':
    case 'REFUND_REVERSED':
      return ACTIVE;
    case 'CONSUMPTION_REQUEST':
      return {
        ...ACTIVE,
        product: 'consumable',
        status: undefined,
        consumptionRequestReason: 'UNINTENDED_PURCHASE',
      };
    case 'RENEWAL_EXTENDED':
      return { ...ACTIVE, extended: true };
    case 'RENEWAL_EXTENSION':
      if (s === 'SUMMARY') return { ...ACTIVE, container: 'summary', product: undefined, status: undefined };
      return ACTIVE; // FAILURE: this one subscription could not be extended
    case 'REVOKE':
      return { ...ACTIVE, status: 5, ownership: 'FAMILY_SHARED', revocation: { reason: 0, type: 'FAMILY_REVOKE' } };
    case 'EXTERNAL_PURCHASE_TOKEN':
      return { ...ACTIVE, container: 'externalPurchaseToken', product: undefined, status: undefined };
    case 'ONE_TIME_CHARGE':
      return { ...ACTIVE, product: 'consumable', status: undefined, firstPurchase: true };
    case 'RESCIND_CONSENT':
      return { ...ACTIVE, container: 'appData', product: undefined, status: undefined };
    case 'METADATA_UPDATE':
    case 'MIGRATION':
    case 'PRICE_CHANGE':
    default:
      return ACTIVE;
  }
}
