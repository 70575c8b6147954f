// Checks shared by the emulator and trigger commands: delivery URLs and the state folder.
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

/** The state folder could not be used: exit 2 naming the folder and, for a write, why in words. */
export function stateDirError(dir: string, err: unknown): UsageError {
  const reason = err instanceof NotWritableError ? notWritableReason(err.code) : (err as Error).message;
  return usageErrorFrom('emulator.state-dir', { dir: err instanceof NotWritableError ? err.dir : dir, reason }, { cause: err });
}
