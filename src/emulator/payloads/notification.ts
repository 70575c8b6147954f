// responseBodyV2DecodedPayload for any type/subtype pair (docs/apple/signed-data.md#notification-payload), with signed nested data.
import { randomUUID } from 'node:crypto';
import type { TypePair } from '../../apple/notification-types.js';
import type { JwsSigner } from '../signer.js';
import { buildAppTransaction } from './app-transaction.js';
import { DAY_MS, appAppleIdField, seconds, type PurchaseContext } from './context.js';
import { newAppTransactionId, newSubscriptionGroupId, newTransactionId, newWebOrderLineItemId, type Environment } from './ids.js';
import { buildRenewalInfo } from './renewal.js';
import { scenarioFor, type Scenario } from './scenario.js';
import { buildTransaction } from './transaction.js';

export interface NotificationInput {
  pair: TypePair;
  environment: Environment;
  bundleId: string;
  appAppleId: number;
  productId?: string;
  transactionId?: string;
  originalTransactionId?: string;
  /** Reuse a UUID (retries keep the same one); fresh otherwise. */
  notificationUUID?: string;
  now?: number;
}

export interface BuiltNotification {
  payload: Record<string, unknown>;
  notificationUUID: string;
  /** Transaction IDs the payload carries (for history's transactionId filter). */
  transactionIds: string[];
}

export function buildNotification(input: NotificationInput, signer: JwsSigner): BuiltNotification {
  const sc = scenarioFor(input.pair);
  const ctx = purchaseContext(input, sc);
  const notificationUUID = input.notificationUUID ?? randomUUID();
  const payload: Record<string, unknown> = { notificationType: input.pair.notificationType };
  if (input.pair.subtype) payload.subtype = input.pair.subtype;
  payload.notificationUUID = notificationUUID;
  let transactionIds: string[] = [];
  switch (sc.container) {
    case 'summary':
      payload.summary = buildSummary(ctx);
      break;
    case 'externalPurchaseToken':
      payload.externalPurchaseToken = buildExternalPurchaseToken(ctx, input.pair.subtype);
      break;
    case 'appData':
      payload.appData = {
        ...appAppleIdField(ctx),
        bundleId: ctx.bundleId,
        environment: ctx.environment,
        signedAppTransactionInfo: signer.sign(buildAppTransaction(ctx)),
      };
      break;
    default:
      payload.data = buildData(sc, ctx, signer);
      if (sc.product) transactionIds = [...new Set([ctx.transactionId, ctx.originalTransactionId])];
  }
  payload.version = '2.0';
  payload.signedDate = ctx.signedDate;
  return { payload, notificationUUID, transactionIds };
}

function purchaseContext(input: NotificationInput, sc: Scenario): PurchaseContext {
  const env = input.environment;
  const transactionId = input.transactionId ?? newTransactionId(env);
  const firstPurchase = sc.firstPurchase || sc.product === 'consumable';
  const originalTransactionId = input.originalTransactionId ?? (firstPurchase ? transactionId : newTransactionId(env));
  const defaultProduct = sc.product === 'consumable' ? `${input.bundleId}.coins100` : `${input.bundleId}.monthly`;
  return {
    environment: env,
    bundleId: input.bundleId,
    appAppleId: input.appAppleId,
    productId: input.productId ?? defaultProduct,
    transactionId,
    originalTransactionId,
    webOrderLineItemId: newWebOrderLineItemId(env),
    appTransactionId: newAppTransactionId(),
    subscriptionGroupIdentifier: newSubscriptionGroupId(),
    signedDate: input.now ?? Date.now(),
  };
}

function buildData(sc: Scenario, ctx: PurchaseContext, signer: JwsSigner): Record<string, unknown> {
  const data: Record<string, unknown> = { ...appAppleIdField(ctx), bundleId: ctx.bundleId };
  // TEST carries only bundleId and environment (plus appAppleId outside sandbox).
  if (!sc.product) return { ...data, environment: ctx.environment };
  data.bundleVersion = '1';
  data.environment = ctx.environment;
  data.signedTransactionInfo = signer.sign(buildTransaction(sc, ctx));
  if (sc.product === 'subscription') {
    data.signedRenewalInfo = signer.sign(buildRenewalInfo(sc, ctx));
    if (sc.status !== undefined) data.status = sc.status;
  }
  if (sc.consumptionRequestReason) data.consumptionRequestReason = sc.consumptionRequestReason;
  return data;
}

function buildSummary(ctx: PurchaseContext): Record<string, unknown> {
  return {
    requestIdentifier: randomUUID(),
    environment: ctx.environment,
    ...appAppleIdField(ctx),
    bundleId: ctx.bundleId,
    productId: ctx.productId,
    storefrontCountryCodes: ['USA', 'CAN', 'GBR'],
    failedCount: 0,
    succeededCount: 128,
  };
}

function buildExternalPurchaseToken(ctx: PurchaseContext, subtype: string | undefined): Record<string, unknown> {
  const id = randomUUID();
  // No environment field here: Apple marks sandbox tokens by the SANDBOX prefix of externalPurchaseId.
  const token: Record<string, unknown> = {
    externalPurchaseId: ctx.environment === 'Sandbox' ? `SANDBOX_${id}` : id,
    tokenCreationDate: seconds(ctx.signedDate - (subtype === 'CREATED' ? 60_000 : 20 * DAY_MS)),
    ...appAppleIdField(ctx),
    bundleId: ctx.bundleId,
  };
  if (subtype === 'CREATED') {
    token.tokenExpirationDate = seconds(ctx.signedDate + 30 * DAY_MS);
    token.tokenType = 'ACQUISITION';
  }
  return token;
}
