// Certificates are read with node:crypto and a short DER walk; @peculiar/x509 (the full parser, slow to
// load) is the reference: every field decode shows must be what it gives, for real Apple certificates,
// Apple's test certificates, and names only @peculiar/x509 spells (read through it).
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { certFromDer } from '../../src/jws/certs.js';
import { extensionsOf } from '../../src/pki/der.js';
import { issueCertificate, type Issued } from '../../src/pki/issue.js';

const dir = new URL('../fixtures/apple/', import.meta.url);

/** Every distinct certificate in the fixtures: x5c entries of every JWS, Apple's test PEMs, the leaves. */
function fixtureCerts(): Buffer[] {
  const seen = new Map<string, Buffer>();
  const add = (der: Buffer) => seen.set(der.toString('base64'), der);
  const jwsFiles = [
    ...readdirSync(dir).filter((f) => f.endsWith('.jws')),
    'xcode/xcode-1.jws',
    ...['testNotification', 'transactionInfo', 'renewalInfo', 'wrongBundleId', 'xcode-signed-transaction'].map((f) => `apple-lib/${f}`),
  ];
  for (const f of jwsFiles) {
    const header = JSON.parse(Buffer.from(readFileSync(new URL(f, dir), 'utf8').trim().split('.')[0]!, 'base64url').toString()) as { x5c?: string[] };
    for (const c of header.x5c ?? []) add(Buffer.from(c, 'base64'));
  }
  for (const f of readdirSync(new URL('apple-lib/', dir)).filter((n) => n.endsWith('.pem'))) {
    for (const m of readFileSync(new URL(`apple-lib/${f}`, dir), 'utf8').matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END/g)) add(Buffer.from(m[1]!.replace(/\s/g, ''), 'base64'));
  }
  for (const f of readdirSync(new URL('leaf-certs/', dir))) add(readFileSync(new URL(`leaf-certs/${f}`, dir)));
  add(readFileSync(new URL('apple-lib/testCA.der', dir)));
  return [...seen.values()];
}

function expectSameAsPeculiar(der: Buffer): void {
  const mine = certFromDer(der);
  const ref = new x509.X509Certificate(der);
  expect({ subject: mine.subject, issuer: mine.issuer, notBefore: mine.notBefore.toISOString(), notAfter: mine.notAfter.toISOString() }).toEqual({
    subject: ref.subject,
    issuer: ref.issuer,
    notBefore: ref.notBefore.toISOString(),
    notAfter: ref.notAfter.toISOString(),
  });
  expect([...mine.extensions]).toEqual(ref.extensions.map((e) => [e.type, { critical: e.critical }]));
}

describe('certificate fields without @peculiar/x509', () => {
  const certs = fixtureCerts();
  it('finds the fixture certificates (real Apple chain, leaves, test CA, Xcode)', () => expect(certs.length).toBeGreaterThanOrEqual(16));
  it('names, dates and extensions are what @peculiar/x509 reads, for every fixture certificate', () => {
    for (const der of certs) expectSameAsPeculiar(der);
  });
  it("lists the marker OIDs of Apple's real leaf and intermediate, with their criticality", () => {
    const leaf = extensionsOf(readFileSync(new URL('leaf-certs/apple-leaf-2025-09-19.cer', dir)));
    expect(leaf.get('1.2.840.113635.100.6.11.1')).toEqual({ critical: false });
    expect(leaf.get('2.5.29.15')).toEqual({ critical: true }); // key usage
  });
  it('refuses bytes that are not a certificate', () => {
    expect(() => extensionsOf(Buffer.from('not der'))).toThrow();
    expect(() => extensionsOf(Buffer.from([0x30, 0x05, 0x30, 0x10]))).toThrow();
  });
});

describe('names only @peculiar/x509 spells are read through it, unchanged', () => {
  const subjects = [
    'CN=Comma\\, Inc., O=Example',
    'CN=Plus\\+Minus',
    'CN=Multi+OU=Valued, O=Example',
    'E=ops@example.com, CN=Mail',
    'CN=\\ Leading space',
    'CN=Café, O=Ünïcode',
    'CN=\\#hash',
    '2.5.4.5=12345, CN=Serial',
    'T=Title, G=Given, CN=Person',
  ];
  let issued: Issued[];
  beforeAll(async () => {
    issued = [];
    for (const subject of subjects) issued.push(await issueCertificate({ subject, keys: { kind: 'ec', curve: 'P-256' }, ca: false }));
  });
  it('subject and issuer as @peculiar/x509 writes them', () => {
    for (const c of issued) expectSameAsPeculiar(c.certDer);
  });
});
