// --online: the OCSP client against a real local responder (HTTP on 127.0.0.1, port 0) that signs
// answers with the test CA's keys (built with src/pki/ocsp.ts, as the emulator's responder is); and
// the unreachable path against a closed local port.
import 'reflect-metadata';
import { KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as ocsp from '@peculiar/asn1-ocsp';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData, type SignedDataResult } from '../../src/jws/index.js';
import type { Issued } from '../../src/pki/issue.js';
import { basicOcspResponse, issuerHashes, ocspStatusOnly } from '../../src/pki/ocsp.js';
import { version } from '../../src/version.js';
import { createAppleLikeChain, samplePayload, signJws, type AppleLikeChain } from '../helpers/apple-like-chain.js';

type Behaviour = 'good' | 'revoked' | 'http500' | 'tryLater' | 'wrong-key' | 'stale';

let server: Server;
let base: string;
let closedUrl: string;
const behaviour = new Map<string, Behaviour>(); // serial hex -> answer
const userAgents: (string | undefined)[] = [];
let signers: Issued[] = []; // possible issuers, matched by key hash
let stranger: AppleLikeChain;

function aia(url: string) {
  return { oid: '1.3.6.1.5.5.7.1.1', value: new Uint8Array(new x509.AuthorityInfoAccessExtension({ ocsp: [url] }).value) };
}

function respond(reqDer: Buffer): { status: number; body: Buffer } {
  const req = AsnConvert.parse(reqDer, ocsp.OCSPRequest);
  const certId = req.tbsRequest.requestList[0]!.reqCert;
  const serial = Buffer.from(certId.serialNumber).toString('hex');
  const b = behaviour.get(serial) ?? 'good';
  if (b === 'http500') return { status: 500, body: Buffer.alloc(0) };
  if (b === 'tryLater') return { status: 200, body: ocspStatusOnly(ocsp.OCSPResponseStatus.tryLater) };
  const issuer = signers.find((s) => issuerHashes(s.certDer, certId.hashAlgorithm.algorithm).keyHash.equals(Buffer.from(certId.issuerKeyHash.buffer)))!;
  // The responder ID names the issuer; 'wrong-key' signs with another key.
  const signer = b === 'wrong-key' ? stranger.intermediate : issuer;
  const now = Date.now();
  const body = basicOcspResponse(
    [
      {
        certId,
        status: b === 'revoked' ? { state: 'revoked', at: new Date(now - 3600_000) } : { state: 'good' },
        thisUpdate: new Date(b === 'stale' ? now - 10 * 86_400_000 : now - 60_000),
        nextUpdate: new Date(b === 'stale' ? now - 5 * 86_400_000 : now + 86_400_000),
      },
    ],
    { certDer: issuer.certDer, key: KeyObject.from(signer.keys.privateKey), hash: 'sha384' },
  );
  return { status: 200, body };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    userAgents.push(req.headers['user-agent']);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { status, body } = respond(Buffer.concat(chunks));
      res.writeHead(status, { 'content-type': 'application/ocsp-response' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/ocsp`;
  await new Promise<void>((r) => closed.close(() => r()));
  stranger = await createAppleLikeChain();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function onlineChain(url = base): Promise<AppleLikeChain> {
  const c = await createAppleLikeChain({ leafExtensions: [aia(url)], intermediateExtensions: [aia(url)] });
  signers.push(c.root, c.intermediate);
  return c;
}
const serialOf = (i: Issued) => Buffer.from(AsnConvert.parse(i.certDer, Certificate).tbsCertificate.serialNumber).toString('hex');
async function decodeOnline(c: AppleLikeChain): Promise<SignedDataResult> {
  return decodeSignedData(signJws(c, samplePayload()), { roots: [c.root.certDer], online: true, ocspTimeoutMs: 5000 });
}
const ocspChecks = (r: SignedDataResult) => r.verification.checks.filter((k) => k.id.startsWith('jws.ocsp.'));

describe('--online OCSP', () => {
  it('good answers for leaf and intermediate: verified', async () => {
    const c = await onlineChain();
    const r = await decodeOnline(c);
    expect(ocspChecks(r).map((k) => [k.id, k.status])).toEqual([
      ['jws.ocsp.good', 'pass'],
      ['jws.ocsp.good', 'pass'],
    ]);
    expect(r.verified).toBe(true);
    // Through the one HTTP layer: our User-Agent on every OCSP request.
    expect(userAgents.length).toBeGreaterThanOrEqual(2);
    expect(new Set(userAgents)).toEqual(new Set([`asn-doctor/${version()}`]));
  });

  it('a revoked leaf: VERIFICATION_FAILURE, named as revoked', async () => {
    const c = await onlineChain();
    behaviour.set(serialOf(c.leaf), 'revoked');
    const r = await decodeOnline(c);
    expect(r.verified).toBe(false);
    expect(r.verification).toMatchObject({ status: 'VERIFICATION_FAILURE', reason: 'jws.ocsp.revoked' });
    expect(ocspChecks(r)[0]!.title).toMatch(/^OCSP: the leaf certificate was REVOKED on /);
  });

  it('a closed port: "could not reach the responder", retryable, not "revoked"', async () => {
    const c = await onlineChain(closedUrl);
    const r = await decodeOnline(c);
    expect(r.verified).toBe(false);
    expect(r.verification).toMatchObject({ status: 'RETRYABLE_VERIFICATION_FAILURE', reason: 'jws.ocsp.unreachable' });
    expect(ocspChecks(r)[0]!.title).toMatch(/^OCSP: could not reach the responder for the leaf certificate .*ECONNREFUSED/);
    expect(ocspChecks(r).some((k) => k.id === 'jws.ocsp.revoked')).toBe(false);
  });

  it('HTTP 500 and tryLater count as unreachable', async () => {
    for (const b of ['http500', 'tryLater'] as const) {
      const c = await onlineChain();
      behaviour.set(serialOf(c.leaf), b);
      const r = await decodeOnline(c);
      expect(r.verification.reason).toBe('jws.ocsp.unreachable');
    }
  });

  it('an answer signed by another key, or stale, is not trusted', async () => {
    for (const b of ['wrong-key', 'stale'] as const) {
      const c = await onlineChain();
      behaviour.set(serialOf(c.leaf), b);
      const r = await decodeOnline(c);
      expect(r.verified).toBe(false);
      expect(r.verification.reason).toBe('jws.ocsp.bad-response');
      expect(ocspChecks(r)[0]!.title).toMatch(b === 'wrong-key' ? /no certificate matching the responder ID|signature does not verify/ : /stale/);
    }
  });

  it('online checks use the current time, as Apple does', async () => {
    const c = await onlineChain();
    const r = await decodeOnline(c);
    expect(Math.abs(Date.parse(r.verification.effectiveDate!) - Date.now())).toBeLessThan(60_000);
  });
});
