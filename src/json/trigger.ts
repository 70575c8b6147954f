import type { RedirectHop } from '../delivery/post.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';

/** Delivered: what Apple would record for it (exit 0 SUCCESS, 1 otherwise). */
export interface TriggerDeliveredJson {
  ok: boolean;
  mode: 'deliver';
  result: SendAttemptResult;
  /** The handler's HTTP status; null when it never answered. */
  status: number | null;
  notificationUUID: string;
  /** The root CA the payload chains to (the emulator's, never Apple's). */
  rootCaPath: string | null;
  notApple: true;
  notificationType: string;
  subtype: string | null;
  environment: string;
  url: string;
  timeMs: number;
  /** The network error, when there was one (e.g. `ECONNREFUSED`). */
  errorCode?: string;
  /** The redirects answered (Apple follows none). */
  redirects?: RedirectHop[];
  /** The emulator that signed, recorded and delivered it (`--via`). */
  via?: string;
}

/** `--print`: the signed body, not sent. */
export interface TriggerPrintedJson {
  ok: true;
  mode: 'print';
  /** The exact body Apple would POST. */
  body: { signedPayload: string };
  notificationUUID: string;
  rootCaPath: string;
  notApple: true;
}

/** `trigger --json`: one document; `mode` tells whether it was delivered or only printed. */
export type TriggerJson = TriggerDeliveredJson | TriggerPrintedJson;
