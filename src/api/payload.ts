// Decodes and verifies the signedPayload of a test status or a history item with the jws domain.
// The verifier (X.509 parsing) loads on first use: runs that end in an API error never pay for it.
import type { SignedDataResult } from '../jws/index.js';
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
export function payloadSummary(result: SignedDataResult): {
  notificationType?: string;
  subtype?: string;
  notificationUUID?: string;
  signedDate?: number;
  environment?: string;
  bundleId?: string;
} {
  const p = result.payload;
  const data = (typeof p.data === 'object' && p.data !== null ? p.data : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const out: ReturnType<typeof payloadSummary> = {};
  const set = <K extends keyof typeof out>(k: K, v: (typeof out)[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('notificationType', str(p.notificationType));
  set('subtype', str(p.subtype));
  set('notificationUUID', str(p.notificationUUID));
  set('signedDate', typeof p.signedDate === 'number' ? p.signedDate : undefined);
  set('environment', str(data.environment));
  set('bundleId', str(data.bundleId));
  return out;
}
