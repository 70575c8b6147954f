// JWSRenewalInfoDecodedPayload for a subscription scenario (docs/apple/signed-data.md#renewal-info-payload), fields in Apple's order.
import { relatedProductId, seconds, type PurchaseContext } from './context.js';
import type { Scenario } from './scenario.js';
import { currentPeriod, originalPurchaseDateOf } from './transaction.js';

export function buildRenewalInfo(sc: Scenario, ctx: PurchaseContext): Record<string, unknown> {
  const period = currentPeriod(sc, ctx);
  const productId = sc.upgradedNow ? relatedProductId(ctx, 'higher') : ctx.productId;
  const info: Record<string, unknown> = {};
  if (sc.expirationIntent !== undefined) info.expirationIntent = sc.expirationIntent;
  info.originalTransactionId = ctx.originalTransactionId;
  info.autoRenewProductId = sc.autoRenewInto === 'lower' ? relatedProductId(ctx, 'lower') : productId;
  info.productId = productId;
  info.autoRenewStatus = sc.autoRenewStatus;
  if (sc.isInBillingRetryPeriod !== undefined) info.isInBillingRetryPeriod = sc.isInBillingRetryPeriod;
  if (sc.priceIncreaseStatus !== undefined) info.priceIncreaseStatus = sc.priceIncreaseStatus;
  if (sc.grace) {
    info.gracePeriodExpiresDate = seconds(sc.grace === 'running' ? ctx.signedDate + 6 * ctx.clock.day : ctx.signedDate - ctx.clock.day);
  }
  if (sc.offer) {
    info.offerType = 3;
    info.offerIdentifier = 'ASNDOCTOR_OFFER_CODE';
    info.offerDiscountType = 'PAY_AS_YOU_GO';
    info.offerPeriod = 'P1M';
  }
  if (sc.autoRenewStatus === 1) {
    info.renewalPrice = sc.priceIncreaseStatus !== undefined ? 12990 : sc.autoRenewInto === 'lower' ? 4990 : 9990;
    info.currency = 'USD';
  }
  info.signedDate = ctx.signedDate;
  info.environment = ctx.environment;
  info.recentSubscriptionStartDate = originalPurchaseDateOf(sc, ctx, period);
  info.renewalDate = period.expiresDate;
  info.appTransactionId = ctx.appTransactionId;
  // Renewal info carries the token too (appAccountToken in Apple's JWSRenewalInfoDecodedPayload model).
  if (ctx.appAccountToken) info.appAccountToken = ctx.appAccountToken;
  return info;
}
