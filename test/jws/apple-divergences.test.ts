// Where `decode` used to differ from Apple's SignedDataVerifier without saying so, one test each, with
// Apple's Node library run beside it on the same real or Apple-published payload. Apple's verifier runs
// offline here (online it would ask Apple's OCSP responders): dates are checked before any OCSP
// request, so an expired leaf is refused without a request.
import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { Environment, SignedDataVerifier, VerificationException, VerificationStatus } from '@apple/app-store-server-library';
import { decodeSignedData, renderSignedData } from '../../src/jws/index.js';
import { runInProcess } from '../helpers/in-process-cli.js';

const c = new Chalk({ level: 0 });
const fixture = (path: string) => readFileSync(new URL(`../fixtures/apple/${path}`, import.meta.url), 'utf8').trim();
const appleRoot = readFileSync(new URL('../fixtures/certs/AppleRootCA-G3.cer', import.meta.url));
const testCA = readFileSync(new URL('../fixtures/apple/apple-lib/testCA.der', import.meta.url));
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

async function appleStatus(call: Promise<unknown>): Promise<VerificationStatus | 'OK'> {
  try {
    await call;
    return 'OK';
  } catch (err) {
    if (err instanceof VerificationException) return err.status;
    throw err;
  }
}

describe('--app-apple-id is compared for Production only, as Apple does', () => {
  it('a sandbox payload with another appAppleId: Apple accepts it, and so does decode, saying it did not compare', async () => {
    const jws = fixture('real-10.jws'); // Sandbox, appAppleId 1470168868
    const bundle = 'com.loki-project.loki-messenger';
    expect(await appleStatus(new SignedDataVerifier([appleRoot], false, Environment.SANDBOX, bundle, 1).verifyAndDecodeNotification(jws))).toBe('OK');
    const r = await decodeSignedData(jws, { bundleId: bundle, appAppleId: '1' });
    expect(r.ok).toBe(true);
    expect(r.verification.checks.find((k) => k.id === 'jws.claims.app-apple-id-not-compared')?.title).toBe(
      "appAppleId not compared: Apple's verifier compares it only for Production, and this check is for Sandbox (it is 1470168868, not 1)",
    );
  });

  it('a production payload with another appAppleId: refused by both (INVALID_APP_IDENTIFIER)', async () => {
    const jws = fixture('real-9.jws'); // Production, appAppleId 1601830814
    expect(await appleStatus(new SignedDataVerifier([appleRoot], false, Environment.PRODUCTION, 'com.jrjj.keysns', 1).verifyAndDecodeNotification(jws))).toBe(
      VerificationStatus.INVALID_APP_IDENTIFIER,
    );
    const r = await decodeSignedData(jws, { bundleId: 'com.jrjj.keysns', appAppleId: '1' });
    expect(r.verification.status).toBe('INVALID_APP_IDENTIFIER');
  });
});

describe('--env xcode behaves as Apple does: signature skipped, said loudly, claims checked', () => {
  const jws = fixture('apple-lib/xcode-signed-transaction');
  const bundleId = String(payloadOf(jws).bundleId);

  it('accepted like Apple accepts it, and marked NOT VERIFIED', async () => {
    expect(await appleStatus(new SignedDataVerifier([appleRoot], false, Environment.XCODE, bundleId).verifyAndDecodeTransaction(jws))).toBe('OK');
    const r = await decodeSignedData(jws, { environment: 'Xcode', bundleId });
    expect(r).toMatchObject({ ok: true, verified: false, verification: { status: 'NOT_VERIFIED', reason: 'jws.verify.xcode', effectiveDate: null } });
    expect(r.verification.checks.map((k) => k.id)).toEqual(['jws.verify.xcode', 'jws.claims.bundle-id', 'jws.claims.environment']);
    expect(renderSignedData(r, c).join('\n')).toContain("NOT VERIFIED: --env xcode skips the signature and the chain, as Apple's verifier does for Xcode data");
  });

  it('a payload of another environment is still refused (INVALID_ENVIRONMENT), as by Apple', async () => {
    const real = fixture('real-10.jws');
    expect(await appleStatus(new SignedDataVerifier([appleRoot], false, Environment.XCODE, 'com.loki-project.loki-messenger').verifyAndDecodeNotification(real))).toBe(
      VerificationStatus.INVALID_ENVIRONMENT,
    );
    expect((await decodeSignedData(real, { environment: 'Xcode' })).verification.status).toBe('INVALID_ENVIRONMENT');
  });

  it('the CLI exits 0 and warns on stderr', async () => {
    const r = await runInProcess(['decode', '--env', 'xcode', jws]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("NOT VERIFIED: --env xcode skips the signature and the chain");
    expect(r.stdout).toContain('NOT VERIFIED');
  });
});

describe('a missing x5c', () => {
  it("gets Apple's reason and status (its Python library: \"x5c claim was empty\", VERIFICATION_FAILURE), ours as the detail", async () => {
    const jws = fixture('apple-lib/missingX5CHeaderClaim');
    // Apple's Node library rewraps its own INVALID_CHAIN_LENGTH as INVALID_CERTIFICATE; the detail names both.
    expect(await appleStatus(new SignedDataVerifier([testCA], false, Environment.SANDBOX, 'com.example').verifyAndDecodeNotification(jws))).toBe(
      VerificationStatus.INVALID_CERTIFICATE,
    );
    const r = await decodeSignedData(jws, { roots: [testCA] });
    expect(r.verification).toMatchObject({ status: 'VERIFICATION_FAILURE', reason: 'jws.x5c.missing' });
    const text = renderSignedData(r, c).join('\n');
    expect(text).toContain('UNVERIFIED (VERIFICATION_FAILURE): x5c claim was empty');
    expect(text).toContain('the header carries no x5c certificate chain');
    expect(text).toContain('INVALID_CERTIFICATE');
  });
});

describe('sentinel dates', () => {
  it("an AppTransaction's year-1 originalPurchaseDate is formatted and named, not shown raw", async () => {
    const r = await decodeSignedData(fixture('apple-lib/xcode-signed-app-transaction'));
    expect(r.payload.originalPurchaseDate).toBe(-62135769600000); // --json keeps the value
    expect(renderSignedData(r, c).join('\n')).toMatch(/originalPurchaseDate\s+-62135769600000 \(0001-01-01, Swift's Date\.distantPast: a placeholder, not a real date\)/);
  });
});

describe("Apple's minimal test vectors", () => {
  it('transactionInfo is a transaction and renewalInfo renewal info, with the claims their verifiers compare', async () => {
    const at = new Date(1681314324000);
    const transaction = await decodeSignedData(fixture('apple-lib/transactionInfo'), { roots: [testCA], at, bundleId: 'com.example', environment: 'Sandbox' });
    expect([transaction.kind, transaction.ok]).toEqual(['transaction', true]);
    expect(transaction.verification.checks.map((k) => k.id)).toEqual(expect.arrayContaining(['jws.claims.bundle-id', 'jws.claims.environment']));
    const renewal = await decodeSignedData(fixture('apple-lib/renewalInfo'), { roots: [testCA], at, bundleId: 'com.example', environment: 'Sandbox' });
    expect([renewal.kind, renewal.ok]).toEqual(['renewalInfo', true]);
    // Apple's renewal-info verifier compares the environment only.
    expect(renewal.verification.checks.some((k) => k.id.startsWith('jws.claims.bundle-id'))).toBe(false);
  });
});

describe('verified only because of the date used: a plain warning that Apple would reject it now', () => {
  it('no signedDate (dated by nested data): Apple uses the current time even offline, and refuses', async () => {
    const jws = fixture('real-8.jws'); // early V2 DID_RENEW, leaf expired 2023-09-24
    expect(await appleStatus(new SignedDataVerifier([appleRoot], false, Environment.SANDBOX, 'com.audaos.audarecorder').verifyAndDecodeNotification(jws))).toBe(
      VerificationStatus.INVALID_CERTIFICATE,
    );
    const r = await decodeSignedData(jws);
    expect(r.verified).toBe(true);
    const text = renderSignedData(r, c).join('\n');
    expect(text).toMatch(
      /warning: Apple's library would reject this, online checks or not: it has no signedDate, so Apple checks the certificates at the current time, and the leaf certificate expired on 2023-09-24T/,
    );
  });

  it('signed before the leaf expired: Apple offline accepts, Apple with online checks on refuses (before any OCSP request)', async () => {
    const jws = fixture('real-2.jws');
    expect(await appleStatus(new SignedDataVerifier([appleRoot], false, Environment.SANDBOX, 'com.Abilities').verifyAndDecodeNotification(jws))).toBe('OK');
    expect(await appleStatus(new SignedDataVerifier([appleRoot], true, Environment.SANDBOX, 'com.Abilities').verifyAndDecodeNotification(jws))).toBe(
      VerificationStatus.INVALID_CERTIFICATE,
    );
    const text = renderSignedData(await decodeSignedData(jws), c).join('\n');
    expect(text).toMatch(/warning: Apple's library with online checks on would reject this: the leaf certificate expired on 2023-09-24T/);
  });
});
