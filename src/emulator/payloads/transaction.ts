// JWSTransactionDecodedPayload for a scenario (docs/apple/signed-data.md#transaction-payload), fields in Apple's order.
import { DAY_MS, PERIOD_MS, relatedProductId, seconds, type PurchaseContext } from './context.js';
import type { Scenario } from './scenario.js';

export interface Period {
  purchaseDate: number;
  expiresDate: number;
}

/** The current subscription period implied by the scenario, relative to signedDate. */
export function currentPeriod(sc: Scenario, ctx: PurchaseContext): Period {
  const now = ctx.signedDate;
  let purchaseDate: number;
  if (sc.expired) purchaseDate = now - PERIOD_MS - 5 * DAY_MS;
  else if (sc.transactionReason === 'RENEWAL' || sc.firstPurchase) purchaseDate = now - 60_000;
  else purchaseDate = now - 5 * DAY_MS;
  let expiresDate = purchaseDate + PERIOD_MS;
  if (sc.extended) expiresDate += 30 * DAY_MS;
  return { purchaseDate: seconds(purchaseDate), expiresDate: seconds(expiresDate) };
}

export function buildTransaction(sc: Scenario, ctx: PurchaseContext): Record<string, unknown> {
  const subscription = sc.product === 'subscription';
  const period = currentPeriod(sc, ctx);
  const originalPurchaseDate = sc.firstPurchase ? period.purchaseDate : seconds(ctx.signedDate - 200 * DAY_MS);
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
  tx.originalPurchaseDate = subscription ? originalPurchaseDate : period.purchaseDate;
  if (subscription) tx.expiresDate = period.expiresDate;
  tx.quantity = 1;
  tx.type = subscription ? 'Auto-Renewable Subscription' : 'Consumable';
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
