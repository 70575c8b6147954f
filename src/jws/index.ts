// Public API of the jws domain: decode and verify App Store signed data, parse pasted input, render.
import { check } from '../report/check.js';
import { detectKind } from './kind.js';
import { redactV1, type InputItem } from './input.js';
import { decodeSignedData, NotAPayloadError, type SignedDataResult, type VerifyOptions } from './verify.js';
import { notAPayload } from './compact.js';

export { decodeSignedData, NotAPayloadError } from './verify.js';
export type { SignedDataResult, VerifyOptions } from './verify.js';
export { renderSignedData } from './render.js';
export { resultJson } from './json.js';
export { itemsFromText, itemsFromLines, readLines, type InputItem, type OverlongLine } from './input.js';
export { isObject } from './kind.js';
export { APPLE_ROOT_CA_G3_BASE64, APPLE_ROOT_CA_G3_SHA256 } from './apple-root.js';

/** One decoded item of a batch: a result, or the reason the item is not a payload. */
export type DecodedItem =
  | { source: string; result: SignedDataResult; sendAttempts?: unknown }
  | { source: string; error: { code: string; message: string; fix: string } };

/**
 * Decodes one input item. Never throws: in a batch one input must not end the run, so even a fault of
 * ours on one item becomes that item's error record and the next item is decoded as usual.
 */
export async function decodeItem(item: InputItem, opts: VerifyOptions = {}): Promise<DecodedItem> {
  if (item.type === 'error') return { source: item.source, error: item.error };
  try {
    if (item.type === 'v1') return { source: item.source, result: v1Result(item.body) };
    const result = await decodeSignedData(item.jws, opts);
    return item.sendAttempts === undefined ? { source: item.source, result } : { source: item.source, result, sendAttempts: item.sendAttempts };
  } catch (err) {
    if (err instanceof NotAPayloadError) return { source: item.source, error: { code: err.code, message: err.message, fix: err.fix } };
    return itemFailed(item.source, err);
  }
}

/** The error record of an item that our own code failed on (wording from the registry). */
export function itemFailed(source: string, err: unknown): { source: string; error: { code: string; message: string; fix: string } } {
  const e = notAPayload('input.failed', { message: err instanceof Error ? err.message : String(err) });
  return { source, error: { code: e.code, message: e.message, fix: e.fix } };
}

/** A version 1 body: shown (without its shared secret), never verified: it carries no signature. */
export function v1Result(body: Record<string, unknown>): SignedDataResult {
  const kind = detectKind(body);
  return {
    ok: false,
    kind: kind === 'unknown' ? 'notificationV1' : kind,
    verified: false,
    verification: { status: 'UNSIGNED', reason: 'jws.v1.unsigned', effectiveDate: null, checks: [check('jws.v1.unsigned')] },
    header: {},
    payload: redactV1(body),
    nested: [],
  };
}
