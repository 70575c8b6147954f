// AppTransaction for RESCIND_CONSENT's appData.signedAppTransactionInfo (docs/apple/signed-data.md#app-transaction-payload).
import { randomBytes, randomUUID } from 'node:crypto';
import { DAY_MS, appAppleIdField, seconds, type PurchaseContext } from './context.js';

export function buildAppTransaction(ctx: PurchaseContext): Record<string, unknown> {
  return {
    receiptType: ctx.environment,
    ...appAppleIdField(ctx),
    bundleId: ctx.bundleId,
    applicationVersion: '1',
    // Apple's App Store gives each build an external version ID; sandbox builds have 0.
    versionExternalIdentifier: ctx.environment === 'Sandbox' ? 0 : 873_412_556,
    receiptCreationDate: ctx.signedDate,
    originalPurchaseDate: seconds(ctx.signedDate - 400 * DAY_MS),
    originalApplicationVersion: '1',
    deviceVerification: randomBytes(48).toString('base64'),
    deviceVerificationNonce: randomUUID(),
    appTransactionId: ctx.appTransactionId,
    originalPlatform: 'iOS',
  };
}
