// Verifies what arrives with the decoder `decode` uses (same code path as Apple's payloads) and boils
// the result down to what a listen line shows.
import { decodeSignedData, NotAPayloadError, type SignedDataResult } from '../jws/index.js';
import type { Verifier } from './server.js';
import type { NotificationSummary } from './types.js';

export function listenVerifier(opts: { roots: Buffer[] }): Verifier {
  return async (signedPayload) => {
    try {
      return summarize(await decodeSignedData(signedPayload, { roots: opts.roots }));
    } catch (err) {
      if (err instanceof NotAPayloadError) {
        return { verified: false, appleRoot: false, reason: 'listen.malformed.not-jws', reasonText: err.message };
      }
      throw err;
    }
  };
}

export function summarize(r: SignedDataResult): NotificationSummary {
  const p = r.payload;
  const data = (p.data ?? p.summary ?? p.externalPurchaseToken ?? p.appData ?? {}) as Record<string, unknown>;
  const s: NotificationSummary = { verified: r.verified, appleRoot: r.verification.anchor?.apple ?? false, decoded: r };
  if (!r.verified) {
    s.reason = r.verification.reason ?? r.verification.status;
    const failed = r.verification.checks.find((c) => c.id === r.verification.reason) ?? r.verification.checks.find((c) => c.status === 'fail');
    s.reasonText = failed?.title ?? String(r.verification.status);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const set = <K extends keyof NotificationSummary>(k: K, v: NotificationSummary[K] | undefined) => {
    if (v !== undefined) s[k] = v;
  };
  set('notificationType', str(p.notificationType));
  set('subtype', str(p.subtype));
  set('notificationUUID', str(p.notificationUUID));
  set('environment', str(data.environment));
  set('bundleId', str(data.bundleId));
  set('signedDate', typeof p.signedDate === 'number' ? p.signedDate : undefined);
  return s;
}
