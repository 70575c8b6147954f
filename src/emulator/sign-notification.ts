// Signs one notification of any type with the emulator's CA (the payload factory's public face).
import { checkPair, type TypePair } from '../apple/notification-types.js';
import { buildNotification, type BuiltNotification, type KnownPurchase } from './payloads/notification.js';
import type { Environment } from './payloads/ids.js';
import { createSigner, type JwsSigner } from './signer.js';
import type { EmulatorState } from './state.js';

export interface NotificationOptions {
  subtype?: string;
  bundleId?: string;
  environment?: Environment;
  appAppleId?: number;
  productId?: string;
  transactionId?: string;
  originalTransactionId?: string;
  /** appAccountToken on the transaction and renewal info (a UUID). */
  appAccountToken?: string;
  /** Facts earlier notifications fixed for this original transaction (the emulator's transaction store). */
  known?: KnownPurchase;
}

export interface SignedNotification extends BuiltNotification {
  signedPayload: string;
  pair: TypePair;
  environment: Environment;
  bundleId: string;
}

const signers = new WeakMap<EmulatorState, JwsSigner>();

export function signerFor(state: EmulatorState): JwsSigner {
  let s = signers.get(state);
  if (!s) {
    s = createSigner(state);
    signers.set(state, s);
  }
  return s;
}

/** Throws a plain Error naming the valid choices when the pair is unknown; callers map it. */
export function resolvePair(type: string, subtype?: string): TypePair {
  const checked = checkPair(type, subtype);
  if (checked.ok) return checked.pair;
  throw new UnknownPairError(checked.reason, checked.valid);
}

export class UnknownPairError extends Error {
  constructor(
    readonly reason: 'unknown-type' | 'bad-subtype',
    readonly valid: string[],
  ) {
    super(reason === 'unknown-type' ? 'unknown notificationType' : 'subtype not valid for this notificationType');
  }
}

export function signWithState(state: EmulatorState, pair: TypePair, opts: NotificationOptions): SignedNotification {
  const environment = opts.environment ?? 'Sandbox';
  const bundleId = opts.bundleId ?? state.identity.bundleId;
  const signer = signerFor(state);
  const built = buildNotification(
    {
      pair,
      environment,
      bundleId,
      appAppleId: opts.appAppleId ?? state.identity.appAppleId,
      ...(opts.productId ? { productId: opts.productId } : {}),
      ...(opts.transactionId ? { transactionId: opts.transactionId } : {}),
      ...(opts.originalTransactionId ? { originalTransactionId: opts.originalTransactionId } : {}),
      ...(opts.appAccountToken ? { appAccountToken: opts.appAccountToken } : {}),
      ...(opts.known ? { known: opts.known } : {}),
    },
    signer,
  );
  return { ...built, signedPayload: signer.sign(built.payload), pair, environment, bundleId };
}
