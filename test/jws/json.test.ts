// decode --json writes each record from the result without re-serialising what payloads of one chain
// share; the text must be JSON.stringify's, byte for byte, for every shape a result takes.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSignedData, resultJson, v1Result, type SignedDataResult } from '../../src/jws/index.js';

const dir = new URL('../fixtures/apple/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8').trim();

async function results(): Promise<SignedDataResult[]> {
  const out: SignedDataResult[] = [];
  const testCA = readFileSync(new URL('apple-lib/testCA.der', dir));
  for (const f of readdirSync(dir).filter((n) => /^real-\d+\.jws$/.test(n))) {
    out.push(await decodeSignedData(read(f)));
    out.push(await decodeSignedData(read(f), { at: 'now', bundleId: 'com.example', environment: 'Production', appAppleId: '1' }));
    out.push(await decodeSignedData(read(f), { verify: false }));
  }
  for (const f of ['testNotification', 'transactionInfo', 'renewalInfo', 'wrongBundleId', 'missingX5CHeaderClaim', 'xcode-signed-transaction', 'xcode-signed-app-transaction']) {
    out.push(await decodeSignedData(read(`apple-lib/${f}`)));
    out.push(await decodeSignedData(read(`apple-lib/${f}`), { roots: [testCA] }));
  }
  out.push(await decodeSignedData(read('xcode/xcode-1.jws')));
  // A nested field that is not a JWS, and a version 1 body.
  const [h, p, s] = read('real-10.jws').split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { data: Record<string, unknown> };
  out.push(await decodeSignedData(`${h}.${Buffer.from(JSON.stringify({ ...payload, data: { ...payload.data, signedRenewalInfo: 'garbage' } })).toString('base64url')}.${s}`));
  out.push(v1Result({ notification_type: 'DID_RENEW', password: 'secret', unified_receipt: { status: 0 } }));
  return out;
}

describe('resultJson', () => {
  it('is JSON.stringify of { source, ...result, ...after } for every fixture, option and failure shape', async () => {
    const all = await results();
    expect(all.length).toBeGreaterThan(200);
    for (const [i, r] of all.entries()) {
      expect(resultJson(r)).toBe(JSON.stringify(r));
      expect(resultJson(r, `line ${i + 1}`)).toBe(JSON.stringify({ source: `line ${i + 1}`, ...r }));
      const after = { sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }] };
      expect(resultJson(r, 'history[0]', after)).toBe(JSON.stringify({ source: 'history[0]', ...r, ...after }));
    }
  });

  it('a shape it does not know (an extra key, a key overridden by after) is still exact', async () => {
    const r = await decodeSignedData(read('real-10.jws'));
    const extra = { ...r, extra: 'x' } as SignedDataResult;
    expect(resultJson(extra, 's')).toBe(JSON.stringify({ source: 's', ...extra }));
    expect(resultJson(r, 's', { ok: 'overridden' })).toBe(JSON.stringify({ source: 's', ...r, ok: 'overridden' }));
    const nestedExtra = { ...r, nested: [{ ...r.nested[0]!, more: 1 }] } as SignedDataResult;
    expect(resultJson(nestedExtra)).toBe(JSON.stringify(nestedExtra));
  });
});
