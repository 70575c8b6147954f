// The --json contract: what each command prints on stdout, as named types. Commands emit through
// `Output.result(command, doc)` / `Output.record(command, line)`, which accept only the type declared
// here for that command; `npm run schemas` turns these types into `schemas/<command>.schema.json`,
// and tests validate every command's real output against them. Every command may instead print the
// error document (`ErrorDocument`): a document with `error` is always that.
import type { AllowlistJson } from './allowlist.js';
import type { CheckUrlJson } from './check-url.js';
import type { DecodeJson, DecodeRecord } from './decode.js';
import type { DemoJson } from './demo.js';
import type { DoctorJson } from './doctor.js';
import type { EmulatorRecord } from './emulator.js';
import type { ApiUnauthorizedDocument, ErrorDocument } from './error.js';
import type { HistoryRecord } from './history.js';
import type { InitJson } from './init.js';
import type { ListenRecord } from './listen.js';
import type { ReplayRecord } from './replay.js';
import type { SendTestJson, TestStatusJson } from './test-status.js';
import type { AscTokenJson, TokenInspectJson, TokenJson } from './token.js';
import type { TriggerJson } from './trigger.js';
import type { UrlsCheckJson, UrlsJson, UrlsSetJson } from './urls.js';

export type * from './allowlist.js';
export type * from './check-url.js';
export type * from './decode.js';
export type * from './demo.js';
export type * from './doctor.js';
export type * from './emulator.js';
export type * from './error.js';
export type * from './history.js';
export type * from './init.js';
export type * from './listen.js';
export type * from './replay.js';
export type * from './test-status.js';
export type * from './token.js';
export type * from './trigger.js';
export type * from './urls.js';

/** Commands that print one JSON document (pretty-printed), keyed by command. */
export interface JsonDocuments {
  'check-url': CheckUrlJson;
  allowlist: AllowlistJson;
  token: TokenJson | AscTokenJson;
  'token-inspect': TokenInspectJson;
  'send-test': SendTestJson | ApiUnauthorizedDocument;
  'test-status': TestStatusJson | ApiUnauthorizedDocument;
  /** One item; several items stream `DecodeRecord` lines instead. */
  decode: DecodeJson;
  trigger: TriggerJson;
  init: InitJson;
  doctor: DoctorJson;
  demo: DemoJson;
  urls: UrlsJson;
  'urls-set': UrlsSetJson;
  'urls-check': UrlsCheckJson;
}

/** Commands that stream NDJSON (one compact JSON object a line), keyed by command. */
export interface JsonRecords {
  /** Several items: one line each. */
  decode: DecodeRecord;
  /** A failure after the stream began is its last line. */
  history: HistoryRecord | ApiUnauthorizedDocument | ErrorDocument;
  emulator: EmulatorRecord;
  listen: ListenRecord;
  /** A failure after the stream began is its last line. */
  replay: ReplayRecord | ApiUnauthorizedDocument | ErrorDocument;
}

export type JsonCommand = keyof JsonDocuments | keyof JsonRecords;

/** The whole contract in one type, so the schema generator sees every type at once (and refuses two types of one name). */
export interface JsonContract {
  documents: JsonDocuments;
  records: JsonRecords;
  error: ErrorDocument;
}
