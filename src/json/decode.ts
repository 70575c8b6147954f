import type { SignedDataResult } from '../jws/verify.js';
import type { ErrorBody } from './error.js';

/** One item: the decoded payload and its verification (exit 0 verified, 1 not). */
export interface DecodeJson extends SignedDataResult {
  /** The send attempts beside the signedPayload in the input (a status or history item), as given. */
  sendAttempts?: unknown;
}

/** Several items: one line per item, with where it came from (exit 1 when one did not verify). */
export interface DecodeItemRecord extends DecodeJson {
  /** Where the item came from, e.g. `line 3`, `argument`. */
  source: string;
}

/** Several items: an item that is not a payload; the batch goes on (exit 2 at the end). */
export interface DecodeNotAPayloadRecord {
  ok: false;
  source: string;
  error: Required<ErrorBody>;
}

/** `decode --json` with several items: one NDJSON line per item, in input order. */
export type DecodeRecord = DecodeItemRecord | DecodeNotAPayloadRecord;
