// OCSP revocation checks for --online, as Apple's verifiers do: leaf against intermediate and
// intermediate against root, a SHA-256 CertID POSTed to the certificate's AIA responder, the answer
// signed by the issuer or by a responder it certified for OCSP signing, thisUpdate/nextUpdate within
// 60 s of now. "Could not reach the responder" is kept apart from "revoked". ASN.1 via @peculiar/asn1-ocsp.
import 'reflect-metadata';
import { createHash, verify as cryptoVerify, X509Certificate as NodeX509 } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as ocsp from '@peculiar/asn1-ocsp';
import * as x509 from '@peculiar/x509';
import { check, type Check } from '../report/check.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import { isoDate } from '../report/format.js';
import { BoundedRequestError, boundedRequest } from '../http/bounded-request.js';
import { MAX_SKEW_MS, type ChainVerdict } from './chain.js';
import type { CertInfo } from './certs.js';
import { certIdFor, certIdNamesIssuer, serialOf, SHA256_OID } from '../pki/ocsp.js';

export interface OcspOptions {
  /** For each OCSP request as a whole (connect to last byte). */
  timeoutMs: number;
  now?: number;
  signal?: AbortSignal;
}

/** Real OCSP answers are a few KB; anything far larger is not one. */
const MAX_OCSP_RESPONSE_BYTES = 64 * 1024;

export type OcspOutcome =
  | { state: 'good'; responder: string }
  | { state: 'revoked'; responder: string; revokedAt?: Date }
  | { state: 'unreachable'; responder: string; error: string }
  | { state: 'bad-response'; responder: string; error: string }
  | { state: 'no-responder' };

const SIG_HASH_BY_OID: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** Checks for the leaf and the intermediate of a chain that verified offline. */
export async function revocationChecks(chain: ChainVerdict, opts: OcspOptions): Promise<Check[]> {
  if (!chain.leaf || !chain.intermediate || !chain.anchor) return [];
  const pairs: [string, CertInfo, CertInfo][] = [
    ['leaf', chain.leaf, chain.intermediate],
    ['intermediate', chain.intermediate, chain.anchor.cert],
  ];
  const outcomes = await Promise.all(pairs.map(([, cert, issuer]) => checkRevocation(cert, issuer, opts)));
  return outcomes.map((o, i) => outcomeCheck(pairs[i]![0], o));
}

function outcomeCheck(which: string, o: OcspOutcome): Check {
  switch (o.state) {
    case 'good':
      return check('jws.ocsp.good', { which, responder: o.responder });
    case 'revoked':
      return check('jws.ocsp.revoked', { which, responder: o.responder, when: o.revokedAt ? ` on ${isoDate(o.revokedAt)}` : '' });
    case 'unreachable':
      return check('jws.ocsp.unreachable', { which, responder: o.responder, error: o.error });
    case 'bad-response':
      return check('jws.ocsp.bad-response', { which, error: o.error });
    default:
      return check('jws.ocsp.no-responder', { which });
  }
}

/** One OCSP round trip for `cert`, issued by `issuer`. */
async function checkRevocation(cert: CertInfo, issuer: CertInfo, opts: OcspOptions): Promise<OcspOutcome> {
  const url = cert.ocspUrl;
  if (!url) return { state: 'no-responder' };
  const certId = certIdFor(cert.der, issuer.der, SHA256_OID);
  const request = new ocsp.OCSPRequest({ tbsRequest: new ocsp.TBSRequest({ requestList: [new ocsp.Request({ reqCert: certId })] }) });
  let body: Buffer;
  try {
    // One bounded request: redirects are not followed (undici's request never does).
    const res = await boundedRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(AsnConvert.serialize(request)),
      deadlineMs: opts.timeoutMs,
      maxBodyBytes: MAX_OCSP_RESPONSE_BYTES,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.status < 200 || res.status >= 300) return { state: 'unreachable', responder: url, error: `HTTP ${res.status}` };
    if (!res.bodyComplete) return { state: 'bad-response', responder: url, error: `the answer is larger than ${MAX_OCSP_RESPONSE_BYTES / 1024} KB` };
    body = res.body;
  } catch (err) {
    return { state: 'unreachable', responder: url, error: networkError(err) };
  }
  try {
    return interpret(body, cert, issuer, url, opts.now ?? Date.now());
  } catch (err) {
    return { state: 'bad-response', responder: url, error: err instanceof Error ? err.message : String(err) };
  }
}

function networkError(err: unknown): string {
  if (err instanceof BoundedRequestError && err.failure === 'deadline') return 'timed out';
  return networkReason(err instanceof BoundedRequestError ? err.code : (err as { code?: string }).code);
}

function interpret(body: Buffer, cert: CertInfo, issuer: CertInfo, url: string, now: number): OcspOutcome {
  const response = AsnConvert.parse(body, ocsp.OCSPResponse);
  if (response.responseStatus !== ocsp.OCSPResponseStatus.successful) {
    const name = ocsp.OCSPResponseStatus[response.responseStatus] ?? String(response.responseStatus);
    if (response.responseStatus === ocsp.OCSPResponseStatus.tryLater || response.responseStatus === ocsp.OCSPResponseStatus.internalError) {
      return { state: 'unreachable', responder: url, error: `responder answered ${name}` };
    }
    throw new Error(`responder answered ${name}`);
  }
  if (!response.responseBytes || response.responseBytes.responseType !== ocsp.id_pkix_ocsp_basic) throw new Error('not a basic OCSP response');
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, ocsp.BasicOCSPResponse);
  const signer = findSigner(basic, issuer);
  const hash = SIG_HASH_BY_OID[basic.signatureAlgorithm.algorithm];
  if (!hash) throw new Error(`unsupported signature algorithm ${basic.signatureAlgorithm.algorithm}`);
  const tbs = Buffer.from(basic.tbsResponseDataRaw ?? AsnConvert.serialize(basic.tbsResponseData));
  if (!cryptoVerify(hash, tbs, signer.publicKey, Buffer.from(basic.signature))) throw new Error('the response signature does not verify');

  const serial = serialOf(cert.der);
  for (const single of basic.tbsResponseData.responses) {
    const id = single.certID;
    if (!Buffer.from(id.serialNumber).equals(serial) || !certIdNamesIssuer(id, issuer.der)) continue;
    if (single.thisUpdate.getTime() > now + MAX_SKEW_MS) throw new Error('the response is dated in the future');
    if (single.nextUpdate && single.nextUpdate.getTime() < now - MAX_SKEW_MS) throw new Error('the response is stale (nextUpdate has passed)');
    if (single.certStatus.revoked) return { state: 'revoked', responder: url, revokedAt: single.certStatus.revoked.revocationTime };
    if (single.certStatus.good !== undefined) return { state: 'good', responder: url };
    throw new Error('the responder does not know this certificate (status unknown)');
  }
  throw new Error('the response does not cover this certificate');
}

/** The issuer itself, or a certificate in the response issued by it for OCSP signing. */
function findSigner(basic: ocsp.BasicOCSPResponse, issuer: CertInfo): NodeX509 {
  const rid = basic.tbsResponseData.responderID;
  const candidates = (basic.certs ?? []).map((c) => new NodeX509(Buffer.from(AsnConvert.serialize(c))));
  const matches = (c: NodeX509): boolean => {
    if (rid.byKey) {
      const spki = AsnConvert.parse(c.raw, Certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey;
      return createHash('sha1').update(Buffer.from(spki)).digest().equals(Buffer.from(rid.byKey.buffer));
    }
    if (rid.byName) return Buffer.from(AsnConvert.serialize(rid.byName)).equals(Buffer.from(AsnConvert.serialize(AsnConvert.parse(c.raw, Certificate).tbsCertificate.subject)));
    return false;
  };
  if (matches(issuer.node)) return issuer.node;
  for (const c of candidates) {
    if (!matches(c)) continue;
    if (!c.verify(issuer.publicKey) || c.issuer !== issuer.subjectRaw) throw new Error('the responder certificate was not issued by the certificate\'s issuer');
    const eku = new x509.X509Certificate(c.raw).getExtension(x509.ExtendedKeyUsageExtension);
    if (!eku?.usages.includes(ocsp.id_kp_OCSPSigning)) throw new Error('the responder certificate is not authorised for OCSP signing');
    const nowDate = Date.now();
    if (new Date(c.validFrom).getTime() > nowDate + MAX_SKEW_MS || new Date(c.validTo).getTime() < nowDate - MAX_SKEW_MS) {
      throw new Error('the responder certificate is not valid now');
    }
    return c;
  }
  throw new Error('no certificate matching the responder ID signed the response');
}
