// JWSTransactionDecodedPayload for a scenario (docs/apple/signed-data.md#transaction-payload), fields in Apple's order.
import { relatedProductId, seconds, type PurchaseContext } from './context.js';
import type { Scenario } from './scenario.js';

export interface Period {
  purchaseDate: number;
  expiresDate: number;
}

/** The current subscription period implied by the scenario, relative to signedDate, on the context's clock. */
export function currentPeriod(sc: Scenario, ctx: PurchaseContext): Period {
  const { clock, signedDate: now } = ctx;
  let purchaseDate: number;
  if (sc.expired) purchaseDate = clock.before(now - 5 * clock.day);
  else if (sc.transactionReason === 'RENEWAL' || sc.firstPurchase) purchaseDate = now - Math.min(60_000, clock.day);
  else purchaseDate = now - 5 * clock.day;
  let expiresDate = clock.after(purchaseDate);
  if (sc.extended) expiresDate += 30 * clock.day;
  return { purchaseDate: seconds(purchaseDate), expiresDate: seconds(expiresDate) };
}

/** When the customer first bought this subscription: known from earlier notifications, or made up to fit the scenario. */
export function originalPurchaseDateOf(sc: Scenario, ctx: PurchaseContext, period: Period): number {
  if (ctx.originalPurchaseDate !== undefined) return Math.min(ctx.originalPurchaseDate, period.purchaseDate);
  return sc.firstPurchase ? period.purchaseDate : seconds(ctx.signedDate - 200 * ctx.clock.day);
}

export function buildTransaction(sc: Scenario, ctx: PurchaseContext): Record<string, unknown> {
  const subscription = sc.product === 'subscription';
  const period = currentPeriod(sc, ctx);
  const productId = sc.upgradedNow ? relatedProductId(ctx, 'higher') : ctx.productId;
  const tx: Record<string, unknown> = {
    transactionId: ctx.transactionId,
    originalTransactionId: ctx.originalTransactionId,
  };
  if (subscription) tx.webOrderLineItemId = ctx.webOrderLineItemId;
  tx.bundleId = ctx.bundleId;
  tx.productId = productId;
  if (subscription) tx.subscriptionGroupIdentifier = ctx.subscriptionGroupIdentifier;
  tx.purchaseDate = period.purchaseDate;
  tx.originalPurchaseDate = subscription ? originalPurchaseDateOf(sc, ctx, period) : period.purchaseDate;
  if (subscription) tx.expiresDate = period.expiresDate;
  tx.quantity = 1;
  tx.type = subscription ? 'Auto-Renewable Subscription' : 'Consumable';
  if (ctx.appAccountToken) tx.appAccountToken = ctx.appAccountToken;
  tx.inAppOwnershipType = sc.ownership;
  tx.signedDate = ctx.signedDate;
  if (sc.revocation) {
    tx.revocationReason = sc.revocation.reason;
    tx.revocationDate = seconds(ctx.signedDate - 60_000);
    tx.revocationType = sc.revocation.type;
    if (sc.revocation.type === 'REFUND_FULL') tx.revocationPercentage = 100_000;
  }
  tx.environment = ctx.environment;
  tx.transactionReason = sc.transactionReason;
  tx.storefront = 'USA';
  tx.storefrontId = '143441';
  tx.price = subscription ? 9990 : 4990;
  tx.currency = 'USD';
  if (sc.offer) {
    tx.offerType = 3;
    tx.offerIdentifier = 'ASNDOCTOR_OFFER_CODE';
    tx.offerDiscountType = 'PAY_AS_YOU_GO';
    tx.offerPeriod = 'P1M';
    tx.price = 4990;
  }
  tx.appTransactionId = ctx.appTransactionId;
  return tx;
}
