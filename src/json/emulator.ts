import type { EmulatorInfo } from '../emulator/index.js';
import type { Environment } from '../emulator/payloads/ids.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';

/** The first line: where the emulator listens and the identity it accepts. */
export interface EmulatorListeningRecord extends EmulatorInfo {
  ok: true;
  event: 'listening';
  /** The file (mode 0600) holding `controlSecret`. */
  controlSecretPath: string;
  notifyUrl: string | null;
  sandboxNotifyUrl: string | null;
  timeScale: number;
  /** Everything it signs chains to its own root, never to Apple's. */
  notApple: true;
  /** This run's secret for the /_emulator/ control routes (header X-Emulator-Secret). */
  controlSecret: string;
}

/** One delivery attempt of a notification (`ok` when Apple would record SUCCESS). */
export interface EmulatorAttemptRecord {
  ok: boolean;
  event: 'attempt';
  notificationUUID: string;
  notificationType: string;
  subtype: string | null;
  environment: Environment;
  url: string;
  /** 1 for the first attempt, then each retry. */
  attempt: number;
  result: SendAttemptResult;
  /** The handler's HTTP status; null when it never answered. */
  status: number | null;
  timeMs: number;
  /** When the next retry is due (epoch ms); null when none is scheduled. */
  nextRetryAt: number | null;
}

/** An API request whose token the emulator did not accept (answered 401). */
export interface EmulatorRejectedRecord {
  ok: false;
  event: 'rejected';
  status: 401;
  path: string;
  reason: string;
}

/** A request refused before any route (wrong Host, another origin, no control secret …). */
export interface EmulatorRefusedRecord {
  ok: false;
  event: 'refused';
  path: string;
  status: number;
  reason: string;
}

/** `emulator --json`: NDJSON, a first `event: "listening"` line, then one line per event. */
export type EmulatorRecord = EmulatorListeningRecord | EmulatorAttemptRecord | EmulatorRejectedRecord | EmulatorRefusedRecord;
