// The OCSP pieces both sides share (RFC 6960): the issuer hashes a CertID is made of, and a signed
// basic response. The client that asks (--online, src/jws/ocsp.ts) and the emulator's responder
// (src/emulator/ocsp-responder.ts) use the same code, so they cannot disagree on the encoding.
// ASN.1 via @peculiar/asn1-ocsp.
import 'reflect-metadata';
import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import * as ocsp from '@peculiar/asn1-ocsp';

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
/** CertID hash algorithms by OID, with node:crypto's names. */
export const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  [SHA256_OID]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const ECDSA_WITH: Record<string, string> = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' };

/** The hash of the issuer's subject name and of its public key bits, as a CertID carries them. */
export function issuerHashes(issuerDer: Buffer, hashOid: string): { nameHash: Buffer; keyHash: Buffer } {
  const hash = HASH_BY_OID[hashOid] ?? 'sha256';
  const tbs = AsnConvert.parse(issuerDer, Certificate).tbsCertificate;
  const nameDer = Buffer.from(AsnConvert.serialize(tbs.subject));
  const keyBits = Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey);
  return { nameHash: createHash(hash).update(nameDer).digest(), keyHash: createHash(hash).update(keyBits).digest() };
}

/** True when a CertID's issuer name and key hashes are those of `issuerDer` (in the CertID's own hash algorithm). */
export function certIdNamesIssuer(id: ocsp.CertID, issuerDer: Buffer): boolean {
  const { nameHash, keyHash } = issuerHashes(issuerDer, id.hashAlgorithm.algorithm);
  return nameHash.equals(Buffer.from(id.issuerNameHash.buffer)) && keyHash.equals(Buffer.from(id.issuerKeyHash.buffer));
}

/** The serial number bytes of a certificate, as a CertID carries them. */
export function serialOf(certDer: Buffer): Buffer {
  return Buffer.from(AsnConvert.parse(certDer, Certificate).tbsCertificate.serialNumber);
}

/** A CertID for `certDer` issued by `issuerDer`. */
export function certIdFor(certDer: Buffer, issuerDer: Buffer, hashOid = SHA256_OID): ocsp.CertID {
  const { nameHash, keyHash } = issuerHashes(issuerDer, hashOid);
  return new ocsp.CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: hashOid, parameters: null }),
    issuerNameHash: new OctetString(nameHash),
    issuerKeyHash: new OctetString(keyHash),
    serialNumber: AsnConvert.parse(certDer, Certificate).tbsCertificate.serialNumber,
  });
}

export type CertState = { state: 'good' } | { state: 'revoked'; at: Date } | { state: 'unknown' };

export interface OcspAnswer {
  certId: ocsp.CertID;
  status: CertState;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface ResponseSigner {
  /** The certificate named by the responder ID (by key hash) and sent in `certs` when `includeCert`. */
  certDer: Buffer;
  /** The EC key that signs the response data (normally the certificate's own). */
  key: KeyObject;
  hash?: 'sha256' | 'sha384' | 'sha512';
  includeCert?: boolean;
}

/** A successful basic OCSP response (DER) with the given answers, signed by `signer`. */
export function basicOcspResponse(answers: OcspAnswer[], signer: ResponseSigner, producedAt = new Date()): Buffer {
  const spki = AsnConvert.parse(signer.certDer, Certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey;
  const tbs = new ocsp.ResponseData({
    responderID: new ocsp.ResponderID({ byKey: new OctetString(createHash('sha1').update(Buffer.from(spki)).digest()) }),
    producedAt,
    responses: answers.map(
      (a) =>
        new ocsp.SingleResponse({
          certID: a.certId,
          certStatus:
            a.status.state === 'good'
              ? new ocsp.CertStatus({ good: null })
              : a.status.state === 'revoked'
                ? new ocsp.CertStatus({ revoked: new ocsp.RevokedInfo({ revocationTime: a.status.at }) })
                : new ocsp.CertStatus({ unknown: null }),
          thisUpdate: a.thisUpdate,
          ...(a.nextUpdate ? { nextUpdate: a.nextUpdate } : {}),
        }),
    ),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const hash = signer.hash ?? 'sha256';
  const signature = cryptoSign(hash, tbsDer, signer.key);
  const basic = new ocsp.BasicOCSPResponse({
    tbsResponseData: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH[hash]! }),
    signature: toArrayBuffer(signature),
    ...(signer.includeCert ? { certs: [AsnConvert.parse(signer.certDer, Certificate)] } : {}),
  });
  return Buffer.from(
    AsnConvert.serialize(
      new ocsp.OCSPResponse({
        responseStatus: ocsp.OCSPResponseStatus.successful,
        responseBytes: new ocsp.ResponseBytes({ responseType: ocsp.id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
      }),
    ),
  );
}

/** An OCSP response with no answer in it: `unauthorized`, `tryLater`, `malformedRequest`… */
export function ocspStatusOnly(status: ocsp.OCSPResponseStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new ocsp.OCSPResponse({ responseStatus: status })));
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
}
