// The data a listener produces: one event per request it received, whatever became of it.
import type { SendAttemptResult } from '../apple/send-attempt-result.js';
import type { SignedDataResult } from '../jws/verify.js';

/** What became of one request. */
export type ListenEventKind =
  | 'notification' // a body with a signedPayload (verified or not)
  | 'malformed' // not JSON, or JSON without a signedPayload
  | 'too-large' // over the body limit: answered 413
  | 'wrong-method' // not a POST: answered 405
  | 'body-timeout' // the body did not arrive in time: answered 408
  | 'aborted' // the sender went away mid-request
  | 'bad-http'; // unparseable HTTP or headers that never finished

/** What the verifier found in a signedPayload; the listener shows it, it never decides the answer. */
export interface NotificationSummary {
  verified: boolean;
  /** True when the chain ended at Apple's root (false for the emulator's or another --root). */
  appleRoot: boolean;
  /** Named reason when not verified, e.g. `jws.chain.unknown-root`. */
  reason?: string;
  reasonText?: string;
  notificationType?: string;
  subtype?: string;
  notificationUUID?: string;
  environment?: string;
  bundleId?: string;
  signedDate?: number;
  /** The decoder's whole result, for --verbose rendering and --json. */
  decoded?: SignedDataResult;
}

export interface ForwardOutcome {
  url: string;
  /** The handler's status, when it answered. */
  status?: number;
  /** What Apple would have recorded had the handler been its target. */
  result: SendAttemptResult;
  ms: number;
  errorCode?: string;
  /** The status the listener answered the sender with because of this outcome. */
  answered: number;
}

export interface ListenEvent {
  seq: number;
  kind: ListenEventKind;
  receivedAt: string;
  method?: string;
  path?: string;
  remoteAddress?: string;
  bytes?: number;
  /** Sent by `asn-doctor check-url` (its probes are unsigned on purpose). */
  probe?: boolean;
  /** The status the listener answered (absent when the sender had gone). */
  status?: number;
  notification?: NotificationSummary;
  /** The body's signedPayload exactly as received (also when it is not a valid JWS), for `decode`. */
  signedPayload?: string;
  forward?: ForwardOutcome;
  /** Diagnostics id naming what went wrong with the request, e.g. `listen.too-large`. */
  reason?: string;
  /** That diagnostic's title, filled in. */
  detail?: string;
}
