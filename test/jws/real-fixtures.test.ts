// Real Apple-signed payloads (test/fixtures/apple/INDEX.md): every one must verify against the bundled
// Apple Root CA - G3, including those whose leaf has expired since signing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPLE_ROOT_CA_G3_BASE64, APPLE_ROOT_CA_G3_SHA256, decodeSignedData } from '../../src/jws/index.js';

const dir = new URL('../fixtures/apple/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8').trim();
const realFiles = readdirSync(dir).filter((f) => /^real-\d+\.jws$/.test(f));

describe('bundled Apple Root CA - G3', () => {
  it("has Apple's published SHA-256 fingerprint and matches the shared certificate byte for byte", () => {
    const der = Buffer.from(APPLE_ROOT_CA_G3_BASE64, 'base64');
    const fp = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    expect(fp).toBe('63:34:3A:BF:B8:9A:6A:03:EB:B5:7E:9B:3F:5F:A7:BE:7C:4F:5C:75:6F:30:17:B3:A8:C4:88:C3:65:3E:91:79');
    expect(APPLE_ROOT_CA_G3_SHA256).toBe(fp);
    expect(der.equals(readFileSync(new URL('../fixtures/certs/AppleRootCA-G3.cer', import.meta.url)))).toBe(true);
  });
});

describe('real Apple payloads', () => {
  it('has all 64 fixtures', () => expect(realFiles).toHaveLength(64));

  for (const f of realFiles) {
    it(`${f} verifies, with every nested payload`, async () => {
      const r = await decodeSignedData(read(f));
      expect(r.verification.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.ok).toBe(true);
      expect(r.verification.status).toBe('VERIFIED');
      expect(r.verification.anchor).toMatchObject({ apple: true, sha256: APPLE_ROOT_CA_G3_SHA256 });
      for (const n of r.nested) expect(n.verified).toBe(true);
    });
  }

  it('warns that Apple\'s library with online checks on would reject a payload whose leaf has expired since', async () => {
    const r = await decodeSignedData(read('real-2.jws'));
    const note = r.verification.checks.find((c) => c.id === 'jws.cert.expired-online-rejects');
    expect(note).toMatchObject({ status: 'warn' });
    expect(note?.title).toMatch(/^Apple's library with online checks on would reject this: the leaf certificate expired on 2023-09-24T/);
    expect(r.verification.effectiveDate).toBe('2022-09-02T12:41:32.884Z');
    // Checking at a date the user chose: a plain note, no prediction about Apple.
    const at = await decodeSignedData(read('real-2.jws'), { at: new Date('2022-10-01T00:00:00Z') });
    expect(at.verification.checks.find((c) => c.id === 'jws.cert.expired-since')?.title).toMatch(/^Valid at --at; the leaf certificate expired on 2023-09-24T/);
  });

  it('refuses the same expired-leaf payload when checked at now (--at now)', async () => {
    const r = await decodeSignedData(read('real-2.jws'), { at: 'now' });
    expect(r.verified).toBe(false);
    expect(r.verification.status).toBe('INVALID_CERTIFICATE');
    expect(r.verification.reason).toBe('jws.cert.not-valid-at');
  });

  it('dates real-8 (no signedDate) by its verified nested data, and says so', async () => {
    const r = await decodeSignedData(read('real-8.jws'));
    expect(r.payload.signedDate).toBeUndefined();
    expect(r.verified).toBe(true);
    expect(r.verification.checks.map((c) => c.id)).toContain('jws.cert.effective-nested');
    expect(r.nested.map((n) => [n.field, n.kind, n.verified])).toEqual([
      ['data.signedTransactionInfo', 'transaction', true],
      ['data.signedRenewalInfo', 'renewalInfo', true],
    ]);
  });

  it('verifies the production payload and checks its claims when asked', async () => {
    const jws = read('real-9.jws');
    const good = await decodeSignedData(jws, { bundleId: 'com.jrjj.keysns', environment: 'Production', appAppleId: '1601830814' });
    expect(good.ok).toBe(true);
    const bad = await decodeSignedData(jws, { bundleId: 'com.example.other', environment: 'Production', appAppleId: '1' });
    expect(bad.verified).toBe(true);
    expect(bad.ok).toBe(false);
    expect(bad.verification.status).toBe('INVALID_APP_IDENTIFIER');
    const titles = bad.verification.checks.filter((c) => c.status === 'fail').map((c) => c.title);
    expect(titles).toContain('bundleId is com.jrjj.keysns, expected com.example.other');
    expect(titles).toContain('appAppleId is 1601830814, expected 1');
    const sandbox = await decodeSignedData(jws, { environment: 'Sandbox' });
    expect(sandbox.verification.checks.find((c) => c.status === 'fail')?.title).toBe('environment is Production, expected Sandbox');
  });

  it('tells the kinds apart', async () => {
    expect((await decodeSignedData(read('real-1.jws'))).kind).toBe('notification');
    expect((await decodeSignedData(read('real-24.jws'))).kind).toBe('transaction');
    expect((await decodeSignedData(read('real-41.jws'))).kind).toBe('renewalInfo');
  });
});
