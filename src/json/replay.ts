import type { ApiEnvironment } from '../api/endpoints.js';
import type { HistoryRequestBody } from '../api/history.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';
import type { RedirectHop } from '../delivery/post.js';
import type { ErrorBody } from './error.js';

/** What a replayed notification is, read from its signedPayload (not verified: your handler does that). */
export interface ReplayNotificationFields {
  /** Its place in the replay, oldest `signedDate` first, from 1. */
  seq: number;
  notificationUUID: string;
  notificationType: string | null;
  subtype: string | null;
  signedDate: number;
  /** Where it was read: `history page 2`, `line 12` of the --from file, or a file name in the --from folder. */
  from: string;
}

/** One notification sent to your handler: its answer, named as Apple would record it (`ok`: SUCCESS). */
export interface ReplayDeliveryRecord extends ReplayNotificationFields {
  kind: 'notification';
  ok: boolean;
  result: SendAttemptResult;
  /** The handler's HTTP status; null when it never answered. */
  status: number | null;
  timeMs: number;
  /** The network error, when there was one (e.g. `ECONNREFUSED`). */
  errorCode?: string;
  /** The redirects followed on the way (Apple follows them too). */
  redirects?: RedirectHop[];
}

/** `--dry-run`: a notification that would be sent (nothing is sent). */
export interface ReplayPlannedRecord extends ReplayNotificationFields {
  kind: 'planned';
  ok: true;
}

/** A line of the --from file (or a file of the --from folder) that holds no notification to send. */
export interface ReplayBadInputRecord {
  kind: 'bad-input';
  ok: false;
  /** `line 7`, or the file name in the folder. */
  from: string;
  error: ErrorBody;
}

/** The last line: what was found, sent and delivered (exit 0 when every planned notification was delivered). */
export interface ReplaySummaryRecord {
  kind: 'summary';
  ok: boolean;
  dryRun: boolean;
  /** Your handler (`--to`); null for a dry run without one. */
  url: string | null;
  /** Where the notifications came from: Apple's history, a `history --json` file, or a `listen --save` folder. */
  source: 'history' | 'file' | 'folder';
  /** The --from file or folder. */
  path?: string;
  /** The environment whose history was read. */
  environment?: ApiEnvironment;
  /** The Get Notification History request (window and filters). */
  request?: HistoryRequestBody;
  /** Notifications found, each notificationUUID once. */
  found: number;
  /** Repeats of a notificationUUID already found: sent once. */
  duplicates: number;
  /** Lines or files skipped because they hold no notification (`--skip-bad`). */
  badInput: number;
  /** Already delivered according to the state file: not sent again. */
  alreadyDelivered: number;
  /** To send in this run. */
  planned: number;
  /** Answered (or failed) deliveries. */
  sent: number;
  delivered: number;
  failed: number;
  /** Planned but not sent, because the run stopped. */
  notSent: number;
  /**
   * Why the run stopped early: `max-failures` consecutive failures, an interrupt, or `declined` (asked on a
   * terminal, the answer was no: nothing sent, exit 0); null when it ran to the end.
   */
  stopped: 'max-failures' | 'interrupted' | 'declined' | null;
  /** The state file (`--state`), or null. */
  state: string | null;
  oldestSignedDate: number | null;
  newestSignedDate: number | null;
  durationMs: number;
}

/** `replay --json`: NDJSON, one line per notification (`planned` with --dry-run) and per bad input, then the summary. */
export type ReplayRecord = ReplayDeliveryRecord | ReplayPlannedRecord | ReplayBadInputRecord | ReplaySummaryRecord;
