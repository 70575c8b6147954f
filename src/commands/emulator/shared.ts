// Option parsing shared by the emulator and trigger commands.
import type { UsageError } from '../../errors.js';
import { isLoopbackHost } from '../../util/net.js';
import { NotWritableError } from '../../util/atomic-write.js';
import { notWritableReason, usageErrorFrom } from '../../report/diagnostics/errors.js';

/**
 * Checks a delivery URL: https anywhere, http only on loopback (returns the host so the caller can
 * warn that Apple never would).
 */
export function checkDeliveryUrl(flag: string, url: string): { url: string; httpLoopbackHost?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageErrorFrom('emulator.bad-url', { flag, url });
  }
  if (parsed.protocol === 'https:') return { url: parsed.href };
  if (parsed.protocol !== 'http:') throw usageErrorFrom('emulator.bad-url', { flag, url });
  if (!isLoopbackHost(parsed.hostname)) throw usageErrorFrom('emulator.http-not-loopback', { flag, url });
  return { url: parsed.href, httpLoopbackHost: parsed.host };
}

export function list(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as string[]) : [String(value)];
}

export function parseEnvironment(value: unknown, command: string): 'Sandbox' | 'Production' {
  const v = String(value ?? 'sandbox').toLowerCase();
  if (v === 'sandbox') return 'Sandbox';
  if (v === 'production') return 'Production';
  throw usageErrorFrom('emulator.bad-option', { flag: '--environment', value: String(value), reason: 'use sandbox or production', command });
}

/** The state folder could not be used: exit 2 naming the folder and, for a write, why in words. */
export function stateDirError(dir: string, err: unknown): UsageError {
  const reason = err instanceof NotWritableError ? notWritableReason(err.code) : (err as Error).message;
  return usageErrorFrom('emulator.state-dir', { dir: err instanceof NotWritableError ? err.dir : dir, reason }, { cause: err });
}

export function parseAppAppleId(value: unknown, command: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw usageErrorFrom('emulator.bad-option', { flag: '--app-apple-id', value: String(value), reason: 'use a whole number', command });
  }
  return n;
}
