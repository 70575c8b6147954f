// The --json text of a decode result: byte for byte what JSON.stringify gives, without serialising
// again, for every payload, what the payloads of one chain share: the header (KBs of x5c), the
// chain's checks, the fixed passing checks and the anchor. Those are frozen objects; their text is
// kept once. Everything else (payloads, dates, per-payload checks) goes through JSON.stringify.
import type { SignedDataResult } from './verify.js';

const texts = new WeakMap<object, string>();

/** JSON text of any value, as JSON.stringify; frozen objects whose contents are all frozen are kept. */
function jsonValue(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || !Object.isFrozen(v)) return JSON.stringify(v);
  let t = texts.get(v);
  if (t === undefined) {
    t = JSON.stringify(v);
    if (deeplyFrozen(v)) texts.set(v, t);
  }
  return t;
}

function deeplyFrozen(v: object): boolean {
  if (!Object.isFrozen(v)) return false;
  for (const child of Object.values(v)) if (child !== null && typeof child === 'object' && !deeplyFrozen(child)) return false;
  return true;
}

function checksJson(checks: readonly unknown[]): string {
  let s = '';
  for (const c of checks) s += `${s ? ',' : '['}${jsonValue(c) ?? 'null'}`;
  return s ? `${s}]` : '[]';
}

// The shapes verify.ts builds (emptyResult, v1Result): key for key, in this order. Anything else goes
// through JSON.stringify whole, so an unexpected shape costs time, never correctness.
const RESULT_KEYS = ['ok', 'kind', 'verified', 'verification', 'header', 'payload', 'nested'];
const NESTED_KEYS = ['field', ...RESULT_KEYS];
const VERIFICATION_KEYS = ['status', 'reason', 'effectiveDate', 'checks'];

function hasKeys(o: object, keys: readonly string[], extra?: string): boolean {
  const own = Object.keys(o);
  if (own.length !== keys.length + (extra !== undefined && extra in o ? 1 : 0)) return false;
  for (let i = 0; i < keys.length; i++) if (own[i] !== keys[i]) return false;
  return extra === undefined || own.length === keys.length || own[keys.length] === extra;
}

function verificationJson(v: SignedDataResult['verification']): string | undefined {
  if (!hasKeys(v, VERIFICATION_KEYS, 'anchor') || !Array.isArray(v.checks)) return JSON.stringify(v);
  const anchor = v.anchor === undefined ? '' : `,"anchor":${jsonValue(v.anchor)}`;
  return `{"status":${JSON.stringify(v.status)},"reason":${JSON.stringify(v.reason)},"effectiveDate":${JSON.stringify(v.effectiveDate)},"checks":${checksJson(v.checks)}${anchor}}`;
}

/** The result's keys between `{` + lead (JSON ending with a comma) and tail (JSON starting with a comma) + `}`. */
function bodyJson(r: SignedDataResult, lead: string, tail: string): string {
  let nested = '';
  for (const n of r.nested) {
    const item = isResult(n, true) && typeof n.field === 'string' ? bodyJson(n, `"field":${JSON.stringify(n.field)},`, '') : JSON.stringify(n);
    nested += `${nested ? ',' : '['}${item}`;
  }
  return `{${lead}"ok":${r.ok},"kind":${JSON.stringify(r.kind)},"verified":${r.verified},"verification":${verificationJson(r.verification)},"header":${jsonValue(r.header)},"payload":${JSON.stringify(r.payload)},"nested":${nested ? `${nested}]` : '[]'}${tail}}`;
}

function isResult(r: object, nested = false): r is SignedDataResult & { field: string } {
  const x = r as SignedDataResult;
  return (
    hasKeys(r, nested ? NESTED_KEYS : RESULT_KEYS) &&
    typeof x.ok === 'boolean' &&
    typeof x.verified === 'boolean' &&
    isPlainObject(x.verification) &&
    isPlainObject(x.header) &&
    isPlainObject(x.payload) &&
    Array.isArray(x.nested)
  );
}

function isPlainObject(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * `JSON.stringify({ source, ...result, ...after })` for a decode result (source: the batch line's;
 * after: e.g. sendAttempts).
 */
export function resultJson(result: SignedDataResult, source?: string, after?: Record<string, unknown>): string {
  const plain = () => JSON.stringify({ ...(source === undefined ? {} : { source }), ...result, ...after });
  if (!isResult(result)) return plain();
  let tail = '';
  if (after) {
    if (Object.keys(after).some((k) => k in result || k === 'source')) return plain();
    const t = JSON.stringify(after);
    if (t !== '{}') tail = `,${t.slice(1, -1)}`;
  }
  return bodyJson(result, source === undefined ? '' : `"source":${JSON.stringify(source)},`, tail);
}
