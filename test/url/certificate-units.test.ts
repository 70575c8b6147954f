// The DER walk for the signature algorithm, cross-checked against @peculiar/x509, and key sizes.
import 'reflect-metadata';
import { X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { issueCertificate, type HashName, type KeySpec } from '../../src/pki/issue.js';
import { describeKey } from '../../src/url/certificate-policy.js';
import { signatureAlgorithmOf } from '../../src/url/signature-algorithm.js';

const cases: [KeySpec, HashName, string, boolean][] = [
  [{ kind: 'rsa', bits: 2048 }, 'SHA-256', 'RSA with SHA-256', false],
  [{ kind: 'rsa', bits: 2048 }, 'SHA-1', 'RSA with SHA-1', true],
  [{ kind: 'rsa', bits: 2048 }, 'SHA-512', 'RSA with SHA-512', false],
  [{ kind: 'ec', curve: 'P-256' }, 'SHA-256', 'ECDSA with SHA-256', false],
  [{ kind: 'ec', curve: 'P-384' }, 'SHA-384', 'ECDSA with SHA-384', false],
  [{ kind: 'ec', curve: 'P-256' }, 'SHA-1', 'ECDSA with SHA-1', true],
];

describe.concurrent('signature algorithm (DER walk)', () => {
  it.each(cases)('%j signed with %s → %s', async (keys, hash, label, weak) => {
    const c = await issueCertificate({ subject: 'CN=sig test', keys, signatureHash: hash });
    const mine = signatureAlgorithmOf(c.certDer);
    expect(mine).toMatchObject({ label, weak, hash });
    // Same answer as @peculiar/x509's full parser.
    const theirs = new x509.X509Certificate(c.certDer).signatureAlgorithm as { hash?: { name: string } };
    expect(theirs.hash?.name).toBe(hash);
  });

  it('returns undefined for bytes that are not a certificate', () => {
    expect(signatureAlgorithmOf(Buffer.from('not der'))).toBeUndefined();
    expect(signatureAlgorithmOf(new Uint8Array([0x30, 0x82, 0xff]))).toBeUndefined();
  });
});

describe.concurrent('key strength', () => {
  it.each([
    [{ kind: 'rsa', bits: 1024 } as KeySpec, 'RSA 1024 bits', true],
    [{ kind: 'rsa', bits: 2048 } as KeySpec, 'RSA 2048 bits', false],
    [{ kind: 'ec', curve: 'P-256' } as KeySpec, 'EC prime256v1', false],
    [{ kind: 'ec', curve: 'P-384' } as KeySpec, 'EC secp384r1', false],
  ])('%j → %s', async (keys, label, weak) => {
    const c = await issueCertificate({ subject: 'CN=key test', keys });
    expect(describeKey(new NodeX509(c.certDer))).toEqual({ label, weak });
  });
});
