// AppTransaction for RESCIND_CONSENT's appData.signedAppTransactionInfo and Get App Transaction Info
// (docs/apple/signed-data.md#app-transaction-payload). StoreKit documents appID and appVersionID as nil in sandbox.
import { randomBytes, randomUUID } from 'node:crypto';
import { DAY_MS, appTransactionAppAppleId, seconds, type PurchaseContext } from './context.js';

export function buildAppTransaction(ctx: PurchaseContext): Record<string, unknown> {
  return {
    receiptType: ctx.environment,
    ...appTransactionAppAppleId(ctx),
    bundleId: ctx.bundleId,
    applicationVersion: '1',
    // Apple's App Store gives each build an external version ID; sandbox builds have none.
    ...(ctx.environment === 'Production' ? { versionExternalIdentifier: 873_412_556 } : {}),
    receiptCreationDate: ctx.signedDate,
    originalPurchaseDate: seconds(ctx.signedDate - 400 * DAY_MS),
    originalApplicationVersion: '1',
    deviceVerification: randomBytes(48).toString('base64'),
    deviceVerificationNonce: randomUUID(),
    appTransactionId: ctx.appTransactionId,
    originalPlatform: 'iOS',
  };
}
