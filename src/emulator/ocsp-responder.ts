// The emulator's OCSP responder (POST /ocsp, RFC 6960), named by its intermediate's and leaf's
// Authority Information Access, so Apple's SignedDataVerifier with online checks on, and
// `decode --online`, can check revocation against the emulator as they would against Apple.
// Answers are signed by delegated OCSP signing certificates (one issued by the root for the
// intermediate, one by the intermediate for the leaf) and carry that certificate, as Apple's do;
// Apple's Node verifier accepts no other arrangement. "good", or "revoked" while the fault switch
// `ocsp=revoked` is on; a certificate it did not issue is "unknown".
import { createPrivateKey } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as ocsp from '@peculiar/asn1-ocsp';
import { issuedFromPem, type Issued } from '../pki/issue.js';
import { basicOcspResponse, certIdNamesIssuer, ocspStatusOnly, serialOf, type CertState, type OcspAnswer } from '../pki/ocsp.js';
import { pemToDer } from '../pki/pem.js';
import { issueOcspSigner } from './ca.js';
import type { EmulatorState } from './state.js';

/** How long an answer may be relied on (nextUpdate); Apple's verifiers require one. */
const ANSWER_LIFETIME_MS = 12 * 3600_000;

export interface OcspResponder {
  /** The DER OCSPResponse for a DER OCSPRequest; `revoked` answers every certificate it issued as revoked. */
  answer(request: Buffer, opts: { revoked: boolean; now?: number }): Buffer;
}

interface Issuer {
  der: Buffer;
  signer: Issued;
  /** The certificates this issuer issued that the responder answers for, by serial (hex). */
  serials: Set<string>;
}

export async function createOcspResponder(state: EmulatorState): Promise<OcspResponder> {
  const root = await issuedFromPem(state.root.certPem, state.root.keyPem);
  const intermediate = await issuedFromPem(state.ca.intermediatePem, state.intermediateKeyPem);
  const issuers: Issuer[] = [
    { der: root.certDer, signer: await issueOcspSigner(root), serials: new Set([serialOf(intermediate.certDer).toString('hex')]) },
    { der: intermediate.certDer, signer: await issueOcspSigner(intermediate), serials: new Set([serialOf(pemToDer(state.ca.leafPem)).toString('hex')]) },
  ];
  const keys = new Map(issuers.map((i) => [i, createPrivateKey(i.signer.keyPem)]));
  const revokedSince = { at: undefined as Date | undefined };

  return {
    answer(request, opts) {
      let requests: ocsp.Request[];
      try {
        requests = AsnConvert.parse(request, ocsp.OCSPRequest).tbsRequest.requestList;
      } catch {
        return ocspStatusOnly(ocsp.OCSPResponseStatus.malformedRequest);
      }
      const now = new Date(opts.now ?? Date.now());
      if (opts.revoked) revokedSince.at ??= now;
      else revokedSince.at = undefined;
      // One signer per response: the issuer of the first certificate asked about (clients ask one at a time).
      let issuer: Issuer | undefined;
      const answers: OcspAnswer[] = [];
      for (const { reqCert } of requests) {
        const match = issuers.find((i) => sameIssuer(reqCert, i.der));
        if (!match || (issuer && match !== issuer)) continue;
        issuer = match;
        const known = match.serials.has(Buffer.from(reqCert.serialNumber).toString('hex'));
        const status: CertState = !known ? { state: 'unknown' } : revokedSince.at ? { state: 'revoked', at: revokedSince.at } : { state: 'good' };
        answers.push({ certId: reqCert, status, thisUpdate: now, nextUpdate: new Date(now.getTime() + ANSWER_LIFETIME_MS) });
      }
      // Not one of ours: RFC 6960 says "unauthorized" to a question about someone else's certificate.
      if (!issuer || !answers.length) return ocspStatusOnly(ocsp.OCSPResponseStatus.unauthorized);
      return basicOcspResponse(answers, { certDer: issuer.signer.certDer, key: keys.get(issuer)!, includeCert: true }, now);
    },
  };
}

function sameIssuer(id: ocsp.CertID, issuerDer: Buffer): boolean {
  try {
    return certIdNamesIssuer(id, issuerDer);
  } catch {
    return false;
  }
}
