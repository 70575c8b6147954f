import type { ListenEvent } from '../listen/types.js';

/** The first line: where the receiver listens. */
export interface ListenListeningRecord {
  ok: true;
  event: 'listening';
  url: string;
  /** The CA that signed the receiver's certificate (with `--tls`). */
  caPath?: string;
  /** Where notifications are relayed; null when not forwarding. */
  forwardTo: string | null;
}

/** One request the receiver got, whatever became of it. `ok`: a verified notification answered 2xx. */
export interface ListenRequestRecord extends ListenEvent {
  ok: boolean;
  event: 'request';
}

/** `listen --json`: NDJSON, a first `event: "listening"` line, then one line per request. */
export type ListenRecord = ListenListeningRecord | ListenRequestRecord;
