// responseBodyV2DecodedPayload for any type/subtype pair (docs/apple/signed-data.md#notification-payload), with signed nested data.
import { randomUUID } from 'node:crypto';
import type { TypePair } from '../../apple/notification-types.js';
import type { JwsSigner } from '../signer.js';
import { buildAppTransaction } from './app-transaction.js';
import { DAY_MS, appAppleIdField, clockFor, seconds, type PurchaseContext } from './context.js';
import { newAppTransactionId, newSubscriptionGroupId, newTransactionId, newWebOrderLineItemId, type Environment } from './ids.js';
import { buildRenewalInfo } from './renewal.js';
import { scenarioFor, type ProductKind, type Scenario } from './scenario.js';
import { buildTransaction } from './transaction.js';

export interface NotificationInput {
  pair: TypePair;
  environment: Environment;
  bundleId: string;
  appAppleId: number;
  productId?: string;
  transactionId?: string;
  originalTransactionId?: string;
  appAccountToken?: string;
  /** What earlier notifications fixed about this original transaction (the emulator's transaction store). */
  known?: KnownPurchase;
  /** Reuse a UUID (retries keep the same one); fresh otherwise. */
  notificationUUID?: string;
  now?: number;
}

/** Facts of an original transaction that later notifications about it keep. */
export interface KnownPurchase {
  kind: ProductKind;
  appTransactionId: string;
  productId: string;
  subscriptionGroupIdentifier?: string;
  originalPurchaseDate?: number;
  appAccountToken?: string;
}

/** The decoded payloads a notification signed, for the emulator's transaction endpoints. */
export interface BuiltPurchase {
  kind: ProductKind;
  transaction: Record<string, unknown>;
  renewal?: Record<string, unknown>;
  /** data.status, for auto-renewable subscriptions. */
  status?: number;
  appTransaction: Record<string, unknown>;
}

export interface BuiltNotification {
  payload: Record<string, unknown>;
  notificationUUID: string;
  /** Transaction IDs the payload carries (for history's transactionId filter). */
  transactionIds: string[];
  /** What it says about a purchase (absent for TEST, summaries and external purchase tokens). */
  purchase?: BuiltPurchase;
  /** The customer's AppTransaction (RESCIND_CONSENT signs only this). */
  appTransaction?: Record<string, unknown>;
}

export function buildNotification(input: NotificationInput, signer: JwsSigner): BuiltNotification {
  const sc = scenarioFor(input.pair);
  const ctx = purchaseContext(input, sc);
  const notificationUUID = input.notificationUUID ?? randomUUID();
  const payload: Record<string, unknown> = { notificationType: input.pair.notificationType };
  if (input.pair.subtype) payload.subtype = input.pair.subtype;
  payload.notificationUUID = notificationUUID;
  let transactionIds: string[] = [];
  let purchase: BuiltPurchase | undefined;
  let appTransaction: Record<string, unknown> | undefined;
  switch (sc.container) {
    case 'summary':
      payload.summary = buildSummary(ctx);
      break;
    case 'externalPurchaseToken':
      payload.externalPurchaseToken = buildExternalPurchaseToken(ctx, input.pair.subtype);
      break;
    case 'appData':
      appTransaction = buildAppTransaction(ctx);
      payload.appData = {
        ...appAppleIdField(ctx),
        bundleId: ctx.bundleId,
        environment: ctx.environment,
        signedAppTransactionInfo: signer.sign(appTransaction),
      };
      break;
    default: {
      const built = buildData(sc, ctx, signer, input.pair.notificationType);
      payload.data = built.data;
      purchase = built.purchase;
      if (purchase) appTransaction = purchase.appTransaction;
      if (sc.product) transactionIds = [...new Set([ctx.transactionId, ctx.originalTransactionId])];
    }
  }
  payload.version = '2.0';
  payload.signedDate = ctx.signedDate;
  return { payload, notificationUUID, transactionIds, ...(purchase ? { purchase } : {}), ...(appTransaction ? { appTransaction } : {}) };
}

function purchaseContext(input: NotificationInput, sc: Scenario): PurchaseContext {
  const env = input.environment;
  const transactionId = input.transactionId ?? newTransactionId(env);
  const firstPurchase = sc.firstPurchase || sc.product === 'consumable';
  const originalTransactionId = input.originalTransactionId ?? (firstPurchase ? transactionId : newTransactionId(env));
  const defaultProduct = sc.product === 'consumable' ? `${input.bundleId}.coins100` : `${input.bundleId}.monthly`;
  // The same customer keeps its app transaction and token; the same kind of product keeps its product.
  const known = input.known;
  const sameKind = known && (known.kind === sc.product || !sc.product) ? known : undefined;
  const appAccountToken = input.appAccountToken ?? known?.appAccountToken;
  return {
    environment: env,
    bundleId: input.bundleId,
    appAppleId: input.appAppleId,
    productId: input.productId ?? sameKind?.productId ?? defaultProduct,
    transactionId,
    originalTransactionId,
    webOrderLineItemId: newWebOrderLineItemId(env),
    appTransactionId: known?.appTransactionId ?? newAppTransactionId(),
    subscriptionGroupIdentifier: sameKind?.subscriptionGroupIdentifier ?? newSubscriptionGroupId(),
    signedDate: input.now ?? Date.now(),
    ...(appAccountToken ? { appAccountToken } : {}),
    ...(sameKind?.originalPurchaseDate !== undefined ? { originalPurchaseDate: sameKind.originalPurchaseDate } : {}),
    clock: clockFor(env),
  };
}

function buildData(
  sc: Scenario,
  ctx: PurchaseContext,
  signer: JwsSigner,
  notificationType: string,
): { data: Record<string, unknown>; purchase?: BuiltPurchase } {
  const data: Record<string, unknown> = { ...appAppleIdField(ctx, notificationType), bundleId: ctx.bundleId };
  // TEST carries only bundleId and environment (plus appAppleId outside sandbox).
  if (!sc.product) return { data: { ...data, environment: ctx.environment } };
  data.bundleVersion = '1';
  data.environment = ctx.environment;
  const transaction = buildTransaction(sc, ctx);
  const purchase: BuiltPurchase = { kind: sc.product, transaction, appTransaction: buildAppTransaction(ctx) };
  data.signedTransactionInfo = signer.sign(transaction);
  if (sc.product === 'subscription') {
    purchase.renewal = buildRenewalInfo(sc, ctx);
    data.signedRenewalInfo = signer.sign(purchase.renewal);
    if (sc.status !== undefined) {
      data.status = sc.status;
      purchase.status = sc.status;
    }
  }
  if (sc.consumptionRequestReason) data.consumptionRequestReason = sc.consumptionRequestReason;
  return { data, purchase };
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
