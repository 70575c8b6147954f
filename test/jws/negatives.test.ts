// Negatives built on a generated Apple-shaped test CA: none may verify, none may crash.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData, NotAPayloadError, type SignedDataResult, type VerifyOptions } from '../../src/jws/index.js';
import { issueCertificate } from '../../src/pki/issue.js';
import { b64url, createAppleLikeChain, samplePayload, signJws, x5cOf, type AppleLikeChain } from '../helpers/apple-like-chain.js';

let chain: AppleLikeChain;
let opts: VerifyOptions;

beforeAll(async () => {
  chain = await createAppleLikeChain();
  opts = { roots: [chain.root.certDer] };
});

function failIds(r: SignedDataResult): string[] {
  return r.verification.checks.filter((c) => c.status === 'fail').map((c) => c.id);
}

async function expectRefused(jws: string, reason: string, o: VerifyOptions = opts): Promise<SignedDataResult> {
  const r = await decodeSignedData(jws, o);
  expect(r.verified).toBe(false);
  expect(r.ok).toBe(false);
  expect(failIds(r)).toContain(reason);
  // The content is still there for the user to compare.
  expect(r.payload).toBeTypeOf('object');
  return r;
}

describe('the generated Apple-shaped chain', () => {
  it('verifies with --root, anchored at the test root, not Apple', async () => {
    const r = await decodeSignedData(signJws(chain, samplePayload()), opts);
    expect(failIds(r)).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.verification.anchor).toMatchObject({ apple: false, subject: chain.root.cert.subject });
  });

  it('does not verify without --root: unknown root, named with subject and fingerprint', async () => {
    const r = await expectRefused(signJws(chain, samplePayload()), 'jws.chain.unknown-root', {});
    const c = r.verification.checks.find((k) => k.id === 'jws.chain.unknown-root')!;
    expect(c.title).toContain('CN=Test Root CA - G3');
    expect(c.title).toMatch(/SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  });
});

describe('tampering and wrong signatures', () => {
  it('tampered payload', async () => {
    const [h, , s] = signJws(chain, samplePayload()).split('.');
    await expectRefused(`${h}.${b64url(samplePayload({ notificationType: 'REFUND' }))}.${s}`, 'jws.signature.invalid');
  });
  it('tampered header', async () => {
    const [, p, s] = signJws(chain, samplePayload()).split('.');
    const header = { alg: 'ES256', x5c: x5cOf(chain.leaf, chain.intermediate, chain.root), kid: 'x' };
    await expectRefused(`${b64url(header)}.${p}.${s}`, 'jws.signature.invalid');
  });
  it('signature from another key', async () => {
    const other = await createAppleLikeChain();
    await expectRefused(signJws(chain, samplePayload(), { signer: other.leaf }), 'jws.signature.invalid');
  });
  it('DER-encoded signature', async () => {
    const r = await expectRefused(signJws(chain, samplePayload(), { der: true }), 'jws.signature.der');
    expect(r.verification.checks.find((c) => c.id === 'jws.signature.der')?.title).toMatch(/raw R\|\|S \(64 bytes\)/);
  });
  it('truncated signature', async () => {
    const jws = signJws(chain, samplePayload());
    await expectRefused(jws.slice(0, -10), 'jws.signature.length');
  });
  for (const alg of ['none', 'HS256', 'ES384', 'RS256']) {
    it(`alg ${alg}`, async () => {
      const jws = signJws(chain, samplePayload(), { header: { alg } });
      const r = await expectRefused(alg === 'none' ? `${jws.split('.').slice(0, 2).join('.')}.` : jws, 'jws.header.alg-wrong');
      expect(r.verification.checks.find((c) => c.id === 'jws.header.alg-wrong')?.title).toBe(`Algorithm is ${alg}, not ES256`);
    });
  }
});

describe('chain shape', () => {
  it('chain of 1 (not Xcode)', async () => {
    await expectRefused(signJws(chain, samplePayload(), { x5c: x5cOf(chain.leaf) }), 'jws.chain.length-wrong');
  });
  it('chain of 2', async () => {
    const r = await expectRefused(signJws(chain, samplePayload(), { x5c: x5cOf(chain.leaf, chain.intermediate) }), 'jws.chain.length-wrong');
    expect(r.verification.status).toBe('INVALID_CHAIN_LENGTH');
  });
  it('chain of 4', async () => {
    await expectRefused(signJws(chain, samplePayload(), { x5c: x5cOf(chain.leaf, chain.intermediate, chain.root, chain.root) }), 'jws.chain.length-wrong');
  });
  it('x5c not an array: Apple\'s INVALID_CHAIN_LENGTH, ours as the detail', async () => {
    const r = await expectRefused(signJws(chain, samplePayload(), { x5c: 'MIIB' }), 'jws.chain.length-wrong');
    expect(r.verification.checks.find((k) => k.id === 'jws.chain.length-wrong')?.detail).toBe('The x5c header is not a list of certificates');
  });
  it('a root that is not a trusted anchor, even when x5c carries it', async () => {
    const foreign = await createAppleLikeChain({ rootSubject: 'CN=Apple Root CA - G3, OU=Apple Certification Authority, O=Apple Inc., C=US' });
    // Same names as Apple's root, different key: refused (the name matches, the signature does not).
    await expectRefused(signJws(foreign, samplePayload()), 'jws.chain.intermediate-signature', {});
  });
  it('x5c[2] replaced by the trusted root does not help a foreign intermediate', async () => {
    const foreign = await createAppleLikeChain({ rootSubject: 'CN=Foreign Root, O=Elsewhere, C=US' });
    await expectRefused(signJws(foreign, samplePayload(), { x5c: x5cOf(foreign.leaf, foreign.intermediate, chain.root) }), 'jws.chain.unknown-root');
  });
  it('leaf without the marker OID', async () => {
    const c = await createAppleLikeChain({ leafOid: false });
    await expectRefused(signJws(c, samplePayload()), 'jws.chain.leaf-oid', { roots: [c.root.certDer] });
  });
  it('intermediate without the marker OID', async () => {
    const c = await createAppleLikeChain({ intermediateOid: false });
    await expectRefused(signJws(c, samplePayload()), 'jws.chain.intermediate-oid', { roots: [c.root.certDer] });
  });
  it('intermediate that is not a CA', async () => {
    const c = await createAppleLikeChain({ intermediateCa: false });
    await expectRefused(signJws(c, samplePayload()), 'jws.chain.intermediate-not-ca', { roots: [c.root.certDer] });
  });
  it('leaf expired at the signed date', async () => {
    const day = 86_400_000;
    const c = await createAppleLikeChain({ root: chain.root, leafNotBefore: new Date(Date.now() - 30 * day), leafNotAfter: new Date(Date.now() - 10 * day) });
    const r = await expectRefused(signJws(c, samplePayload({ signedDate: Date.now() - 5 * day })), 'jws.cert.not-valid-at');
    expect(r.verification.status).toBe('INVALID_CERTIFICATE');
  });
  it('leaf signed within 60 s of its expiry still verifies (Apple\'s skew)', async () => {
    const notAfter = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000);
    const c = await createAppleLikeChain({ root: chain.root, leafNotAfter: notAfter });
    const r = await decodeSignedData(signJws(c, samplePayload({ signedDate: notAfter.getTime() + 59_000 })), opts);
    expect(r.verified).toBe(true);
    const late = await decodeSignedData(signJws(c, samplePayload({ signedDate: notAfter.getTime() + 61_000 })), opts);
    expect(late.verified).toBe(false);
  });
  it('leaf issued by a different intermediate than the one in x5c', async () => {
    const sibling = await createAppleLikeChain({ root: chain.root });
    await expectRefused(signJws(sibling, samplePayload(), { x5c: x5cOf(sibling.leaf, chain.intermediate, chain.root) }), 'jws.chain.leaf-issuer');
  });
  it('x5c entries that are not certificates', async () => {
    for (const bad of [['not base64!', 'x', 'y'], ['AAAA', 'AAAA', 'AAAA'], [1, 2, 3]]) {
      await expectRefused(signJws(chain, samplePayload(), { x5c: bad }), 'jws.cert.not-a-certificate');
    }
    const r = await expectRefused(signJws(chain, samplePayload(), { x5c: [x5cOf(chain.leaf)[0], 'AAAA', x5cOf(chain.root)[0]] }), 'jws.cert.not-a-certificate');
    expect(r.verification.checks.find((c) => c.status === 'fail')?.title).toMatch(/^x5c\[1\] is not an X\.509 certificate/);
  });
  it("Apple's test leaf with the wrong OID and test intermediate with the wrong OID", async () => {
    const pem = (n: string) =>
      /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(readFileSync(new URL(`../fixtures/apple/apple-lib/${n}`, import.meta.url), 'utf8'))![1]!.replace(/\s/g, '');
    const testCA = readFileSync(new URL('../fixtures/apple/apple-lib/testCA.der', import.meta.url));
    const at = new Date(1681314324000);
    const badLeaf = signJws(chain, samplePayload(), { x5c: [pem('testInvalidOIDLeaf.pem'), pem('testIntermediate.pem'), pem('testCA.pem')] });
    await expectRefused(badLeaf, 'jws.chain.leaf-oid', { roots: [testCA], at });
    const badInter = signJws(chain, samplePayload(), { x5c: [pem('testInvalidIntermediateLeaf.pem'), pem('testInvalidOIDIntermediate.pem'), pem('testCA.pem')] });
    await expectRefused(badInter, 'jws.chain.intermediate-oid', { roots: [testCA], at });
  });
  it('a leaf that is not P-256', async () => {
    const leaf = await issueCertificate({ subject: 'CN=P384 leaf', issuer: chain.intermediate, keys: { kind: 'ec', curve: 'P-384' }, ca: false, extensions: [{ oid: '1.2.840.113635.100.6.11.1' }] });
    await expectRefused(signJws({ ...chain, leaf }, samplePayload()), 'jws.chain.leaf-key');
  });
});

describe('nested payloads are verified on their own', () => {
  it('a good notification with a forged nested transaction is not ok, and the nested result says why', async () => {
    const other = await createAppleLikeChain({ rootSubject: 'CN=Foreign Root, O=Elsewhere, C=US' });
    const tx = signJws(other, { transactionId: '1', productId: 'p', bundleId: 'com.example.app', environment: 'Sandbox', signedDate: Date.now() });
    const r = await decodeSignedData(signJws(chain, samplePayload({ notificationType: 'ONE_TIME_CHARGE', data: { bundleId: 'com.example.app', environment: 'Sandbox', signedTransactionInfo: tx } })), opts);
    expect(r.verified).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.nested[0]).toMatchObject({ field: 'data.signedTransactionInfo', kind: 'transaction', verified: false });
    expect(r.nested[0]!.verification.reason).toBe('jws.chain.unknown-root');
    expect(failIds(r)).toContain('jws.nested.failed');
  });
  it('a nested field that is not a JWS is a failed nested result, not a crash', async () => {
    const r = await decodeSignedData(signJws(chain, samplePayload({ data: { signedRenewalInfo: 'garbage', bundleId: 'b', environment: 'Sandbox' } })), opts);
    expect(r.nested[0]).toMatchObject({ field: 'data.signedRenewalInfo', verified: false, ok: false });
    expect(r.nested[0]!.verification.status).toBe('NOT_A_JWS');
  });
});

describe('not payloads: refused with a named reason, never a crash', () => {
  const cases: [string, () => string, string][] = [
    ['garbage base64', () => 'eyJ!!!.@@@.###', 'input.bad-base64url'],
    ['a part of impossible base64url length', () => 'a.b.c', 'input.bad-base64url'],
    ['two parts', () => 'eyJhbGciOiJFUzI1NiJ9.eyJhIjoxfQ', 'input.jws-no-signature'],
    ['four parts', () => 'eyJhbGciOiJFUzI1NiJ9.eyJhIjoxfQ.AAAA.AAAA', 'input.too-many-parts'],
    ['one part that is not a header', () => 'abc', 'input.not-a-jws'],
    ['header not JSON', () => `${b64url('not json')}.${b64url({ a: 1 })}.AAAA`, 'input.bad-header'],
    ['payload an array', () => `${b64url({ alg: 'ES256' })}.${b64url([1, 2])}.AAAA`, 'input.bad-payload'],
    ['10 MB of input', () => `${b64url({ alg: 'ES256' })}.${'A'.repeat(10 * 1024 * 1024)}.AAAA`, 'input.too-large'],
    ['deeply nested JSON payload', () => `${b64url({ alg: 'ES256' })}.${b64url('['.repeat(100_000) + ']'.repeat(100_000))}.AAAA`, 'input.bad-payload'],
    ['deeply nested JSON object payload', () => `${b64url({ alg: 'ES256' })}.${b64url(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`)}.AAAA`, 'input.too-deep'],
  ];
  for (const [name, make, code] of cases) {
    it(name, async () => {
      const err = await decodeSignedData(make(), opts).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NotAPayloadError);
      expect((err as NotAPayloadError).code).toBe(code);
      if (code === 'input.bad-base64url') expect((err as Error).message).toBe('not a compact JWS: the header is not valid base64url');
    });
  }
});

describe('API misuse', () => {
  it('a non-string is refused as not a payload', async () => {
    await expect(decodeSignedData(undefined as unknown as string)).rejects.toBeInstanceOf(NotAPayloadError);
  });
  it('a fresh roots array with the same root bytes verifies the same', async () => {
    const jws = signJws(chain, samplePayload());
    for (let i = 0; i < 3; i++) expect((await decodeSignedData(jws, { roots: [Buffer.from(chain.root.certDer)] })).verified).toBe(true);
  });
});

describe('--no-verify', () => {
  it('decodes only and says so', async () => {
    const r = await decodeSignedData(signJws(chain, samplePayload()), { verify: false });
    expect(r).toMatchObject({ ok: false, verified: false, verification: { status: 'NOT_VERIFIED', reason: 'jws.verify.disabled' } });
    expect(r.verification.checks[0]!.title).toMatch(/^NOT VERIFIED/);
    expect(r.payload.notificationType).toBe('TEST');
  });
});
