// Identifiers shaped like Apple's: numeric strings for transactions, UUIDs for notifications.
import { randomInt } from 'node:crypto';

export type Environment = 'Sandbox' | 'Production';

function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 1) s += String(randomInt(10));
  return s;
}

/** Sandbox transaction IDs start with 2000000, production ones are plain 15-16 digit numbers. */
export function newTransactionId(env: Environment): string {
  return env === 'Sandbox' ? `2000000${digits(9)}` : `51000${digits(10)}`;
}

export function newWebOrderLineItemId(env: Environment): string {
  return env === 'Sandbox' ? `2000000${digits(9)}` : `51000${digits(10)}`;
}

export function newAppTransactionId(): string {
  return `70${digits(16)}`;
}

export function newSubscriptionGroupId(): string {
  return `21${digits(6)}`;
}
