// AppTransaction for RESCIND_CONSENT's appData.signedAppTransactionInfo (apple-facts §6.6, last paragraph).
import { randomBytes, randomUUID } from 'node:crypto';
import { DAY_MS, appAppleIdField, seconds, type PurchaseContext } from './context.js';

export function buildAppTransaction(ctx: PurchaseContext): Record<string, unknown> {
  return {
    receiptType: ctx.environment,
    ...appAppleIdField(ctx),
    bundleId: ctx.bundleId,
    applicationVersion: '1',
    receiptCreationDate: ctx.signedDate,
    requestDate: ctx.signedDate,
    originalPurchaseDate: seconds(ctx.signedDate - 400 * DAY_MS),
    originalApplicationVersion: '1',
    deviceVerification: randomBytes(48).toString('base64'),
    deviceVerificationNonce: randomUUID(),
    appTransactionId: ctx.appTransactionId,
    originalPlatform: 'iOS',
  };
}
