// Apple's published test-CA material and the StoreKit-in-Xcode samples.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSignedData, NotAPayloadError } from '../../src/jws/index.js';

const lib = (name: string) => readFileSync(new URL(`../fixtures/apple/apple-lib/${name}`, import.meta.url));
const text = (name: string) => lib(name).toString('utf8').trim();
const testCA = lib('testCA.der');
const xcodeCert = (jws: string) => Buffer.from((JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()) as { x5c: string[] }).x5c[0]!, 'base64');
// Apple's own test uses this effective date for the mock payloads (their test leaf has a short life).
const at = new Date(1681314324000);

describe("Apple's test CA payloads", () => {
  it('do not verify against Apple Root CA - G3, and name the unknown root with its fingerprint', async () => {
    const r = await decodeSignedData(text('testNotification'));
    expect(r.verified).toBe(false);
    expect(r.verification.reason).toBe('jws.chain.unknown-root');
    const c = r.verification.checks.find((k) => k.id === 'jws.chain.unknown-root')!;
    expect(c.title).toContain('C=US, ST=California, L=Cupertino');
    expect(c.title).toMatch(/SHA-256 A6:86:8C:46/);
    expect(c.fix).toContain('--root');
    expect(r.payload.notificationType).toBe('TEST');
  });

  for (const name of ['testNotification', 'transactionInfo', 'renewalInfo', 'wrongBundleId']) {
    it(`${name} verifies with --root testCA.der, marked as not Apple`, async () => {
      const r = await decodeSignedData(text(name), { roots: [testCA], at });
      expect(r.verification.checks.filter((k) => k.status === 'fail')).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.verification.anchor).toMatchObject({ apple: false });
      expect(r.verification.checks.find((k) => k.id === 'jws.chain.anchor-user')?.title).toMatch(/not signed by Apple/);
    });
  }

  it('reports the wrong bundle ID naming both values', async () => {
    const r = await decodeSignedData(text('wrongBundleId'), { roots: [testCA], at, bundleId: 'com.example' });
    expect(r.ok).toBe(false);
    expect(r.verification.status).toBe('INVALID_APP_IDENTIFIER');
    expect(r.verification.checks.find((k) => k.status === 'fail')?.title).toBe('bundleId is com.example.wrong, expected com.example');
  });

  it('names a missing x5c header', async () => {
    const r = await decodeSignedData(text('missingX5CHeaderClaim'), { roots: [testCA], at });
    expect(r.verified).toBe(false);
    expect(r.verification.reason).toBe('jws.x5c.missing');
  });

  it('refuses the legacy receipt as not a JWS', async () => {
    await expect(decodeSignedData(text('legacyTransaction'))).rejects.toBeInstanceOf(NotAPayloadError);
  });
});

describe('StoreKit Testing in Xcode payloads', () => {
  const samples = [
    ['xcode-signed-transaction', 'transaction'],
    ['xcode-signed-renewal-info', 'renewalInfo'],
    ['xcode-signed-app-transaction', 'appTransaction'],
  ] as const;
  for (const [name, kind] of samples) {
    it(`${name}: recognised, explained, and not verified without the StoreKit certificate`, async () => {
      const r = await decodeSignedData(text(name));
      expect(r.kind).toBe(kind);
      expect(r.verified).toBe(false);
      expect(r.verification.reason).toBe('jws.chain.xcode');
      const c = r.verification.checks.find((k) => k.id === 'jws.chain.xcode')!;
      expect(c.title).toBe('Signed by StoreKit Testing in Xcode, not by Apple');
      expect(c.fix).toContain('Save Public Certificate');
    });
    it(`${name}: verifies with --root of the exported StoreKit certificate, marked not Apple`, async () => {
      const jws = text(name);
      const r = await decodeSignedData(jws, { roots: [xcodeCert(jws)] });
      expect(r.verification.checks.filter((k) => k.status === 'fail')).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.verification.anchor?.apple).toBe(false);
    });
  }

  it('xcode-1.jws (escaped slashes in the header) verifies against its own certificate at its signing date', async () => {
    const jws = readFileSync(new URL('../fixtures/apple/xcode/xcode-1.jws', import.meta.url), 'utf8').trim();
    const r = await decodeSignedData(jws, { roots: [xcodeCert(jws)] });
    expect(r.verified).toBe(true);
    expect(r.payload.environment).toBe('Xcode');
  });

  it('a StoreKit certificate is no good for a real Apple payload chain', async () => {
    const jws = text('xcode-signed-transaction');
    const real = readFileSync(new URL('../fixtures/apple/real-24.jws', import.meta.url), 'utf8').trim();
    const r = await decodeSignedData(real, { roots: [xcodeCert(jws)] });
    expect(r.verification.anchor?.apple).toBe(true);
  });
});
