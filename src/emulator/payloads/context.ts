// The facts one generated notification shares across its nested payloads.
import type { Environment } from './ids.js';

export interface PurchaseContext {
  environment: Environment;
  bundleId: string;
  /** The app's Apple ID: in every notification container, in an AppTransaction only in production. */
  appAppleId: number;
  productId: string;
  transactionId: string;
  originalTransactionId: string;
  webOrderLineItemId: string;
  appTransactionId: string;
  subscriptionGroupIdentifier: string;
  signedDate: number;
  /** The UUID the app gave at purchase (Product.PurchaseOption.appAccountToken), when it gave one. */
  appAccountToken?: string;
  /** The first purchase of this original transaction, when earlier notifications already fixed it. */
  originalPurchaseDate?: number;
  /** How long a subscription period and a "day" of its life are here. */
  clock: PeriodClock;
}

export const DAY_MS = 24 * 3600_000;

/**
 * Subscription time. Production: a monthly period is a calendar month. Sandbox compresses time the way
 * Apple's sandbox does at its default renewal rate (App Store Connect Help, "Manage Sandbox Apple
 * Account settings": 1 month renews in 5 minutes), and every other span of a subscription's life
 * (grace period, time since the first purchase) by the same factor. docs/apple/signed-data.md#sandbox-time
 */
export interface PeriodClock {
  /** What a day of subscription life lasts here, in ms. */
  day: number;
  /** The end of a period that starts at `start`. */
  after(start: number): number;
  /** The start of a period that ends at `end`. */
  before(end: number): number;
}

/** Apple's sandbox, default rate: 1 week = 3 min, 1 month = 5 min, 1 year = 1 h. The emulator's products are monthly. */
export const SANDBOX_MONTH_MS = 5 * 60_000;

const PRODUCTION_CLOCK: PeriodClock = {
  day: DAY_MS,
  after: (start) => addUtcMonths(start, 1),
  before: (end) => addUtcMonths(end, -1),
};

const SANDBOX_CLOCK: PeriodClock = {
  day: SANDBOX_MONTH_MS / 30,
  after: (start) => start + SANDBOX_MONTH_MS,
  before: (end) => end - SANDBOX_MONTH_MS,
};

export function clockFor(environment: Environment): PeriodClock {
  return environment === 'Sandbox' ? SANDBOX_CLOCK : PRODUCTION_CLOCK;
}

/** `ms` moved by whole calendar months (UTC), the day clamped to the target month's length. */
function addUtcMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/** Apple's purchase and expiry dates are whole seconds. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/**
 * appAppleId in a notification's data, summary, externalPurchaseToken or appData: real sandbox
 * notifications carry it too (test/fixtures/apple: every sandbox one but TEST and the early real-8).
 * A sandbox TEST has none (real-1, real-2); whether a production TEST has it is unconfirmed (kept).
 */
export function appAppleIdField(ctx: PurchaseContext, notificationType?: string): { appAppleId?: number } {
  return notificationType === 'TEST' && ctx.environment === 'Sandbox' ? {} : { appAppleId: ctx.appAppleId };
}

/** An AppTransaction's appAppleId: StoreKit documents it as nil in sandbox (AppTransaction.appID). */
export function appTransactionAppAppleId(ctx: PurchaseContext): { appAppleId?: number } {
  return ctx.environment === 'Production' ? { appAppleId: ctx.appAppleId } : {};
}

/** Product IDs for the plan the customer moves to or from. */
export function relatedProductId(ctx: PurchaseContext, direction: 'same' | 'higher' | 'lower'): string {
  if (direction === 'same') return ctx.productId;
  return `${ctx.productId}.${direction === 'higher' ? 'premium' : 'basic'}`;
}
