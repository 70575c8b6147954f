// The facts one generated notification shares across its nested payloads.
import type { Environment } from './ids.js';

export interface PurchaseContext {
  environment: Environment;
  bundleId: string;
  /** Included only in production payloads (Apple leaves appAppleId out of sandbox ones). */
  appAppleId: number;
  productId: string;
  transactionId: string;
  originalTransactionId: string;
  webOrderLineItemId: string;
  appTransactionId: string;
  subscriptionGroupIdentifier: string;
  signedDate: number;
}

export const DAY_MS = 24 * 3600_000;
export const PERIOD_MS = 30 * DAY_MS;

/** Apple's purchase and expiry dates are whole seconds. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** appAppleId goes into production payloads only. */
export function appAppleIdField(ctx: PurchaseContext): { appAppleId?: number } {
  return ctx.environment === 'Production' ? { appAppleId: ctx.appAppleId } : {};
}

/** Product IDs for the plan the customer moves to or from. */
export function relatedProductId(ctx: PurchaseContext, direction: 'same' | 'higher' | 'lower'): string {
  if (direction === 'same') return ctx.productId;
  return `${ctx.productId}.${direction === 'higher' ? 'premium' : 'basic'}`;
}
