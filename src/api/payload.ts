// Decodes and verifies the signedPayload of a test status or a history item with the jws domain.
// The verifier (X.509 parsing) loads on first use: runs that end in an API error never pay for it.
import type { SignedDataResult } from '../jws/index.js';
import { claimsOf } from '../jws/kind.js';
import type { ApiEnvironment } from './endpoints.js';

let jws: Promise<typeof import('../jws/index.js')> | undefined;
/** Starts loading the verifier; call early so it loads while the network is busy. */
export function loadVerifier(): Promise<typeof import('../jws/index.js')> {
  jws ??= import('../jws/index.js');
  return jws;
}

export interface PayloadOptions {
  roots?: Buffer[];
  bundleId?: string;
  environment: ApiEnvironment;
}

export type DecodedPayload = { ok: true; result: SignedDataResult } | { ok: false; reason: string };

export async function decodePayload(signed: string, opts: PayloadOptions): Promise<DecodedPayload> {
  const { decodeSignedData, NotAPayloadError } = await loadVerifier();
  try {
    const result = await decodeSignedData(signed, {
      ...(opts.roots ? { roots: opts.roots } : {}),
      ...(opts.bundleId ? { bundleId: opts.bundleId } : {}),
      environment: opts.environment === 'sandbox' ? 'Sandbox' : 'Production',
    });
    return { ok: true, result };
  } catch (err) {
    if (err instanceof NotAPayloadError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** The payload fields a one-line summary needs, read whether or not the signature verified. */
export interface PayloadSummary {
  notificationType?: string;
  subtype?: string;
  notificationUUID?: string;
  signedDate?: number;
  environment?: string;
  bundleId?: string;
}

export function payloadSummary(result: SignedDataResult): PayloadSummary {
  const p = result.payload;
  // Where Apple's verifier reads bundleId and environment (data, summary, externalPurchaseToken, appData).
  const claims = claimsOf(result.kind, p);
  const out: PayloadSummary = {};
  const text = (k: 'notificationType' | 'subtype' | 'notificationUUID' | 'environment' | 'bundleId', v: unknown) => {
    if (typeof v === 'string') out[k] = v;
  };
  text('notificationType', p.notificationType);
  text('subtype', p.subtype);
  text('notificationUUID', p.notificationUUID);
  if (typeof p.signedDate === 'number') out.signedDate = p.signedDate;
  text('environment', claims.environment);
  text('bundleId', claims.bundleId);
  return out;
}
