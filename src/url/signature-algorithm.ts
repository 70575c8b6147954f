// Node 20's X509Certificate has no signatureAlgorithm. A short DER walk reads it: Certificate ::=
// SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { OID, params }, signature }.
// (@peculiar/x509 parses it too, but loading it blocks the event loop for hundreds of ms, which
// would delay the concurrent probes; the tests cross-check this walk against it.)
import { decodeOid, readTlv } from '../pki/der.js';

export interface SignatureAlgorithm {
  /** e.g. `RSA with SHA-256`, `ECDSA with SHA-384`, `RSA-PSS`. */
  label: string;
  oid: string;
  hash?: string;
  /** SHA-1 and MD5 signatures are refused by Apple platforms. */
  weak: boolean;
}

const KNOWN: Record<string, { label: string; hash?: string; weak?: boolean }> = {
  '1.2.840.113549.1.1.2': { label: 'RSA with MD2', hash: 'MD2', weak: true },
  '1.2.840.113549.1.1.4': { label: 'RSA with MD5', hash: 'MD5', weak: true },
  '1.2.840.113549.1.1.5': { label: 'RSA with SHA-1', hash: 'SHA-1', weak: true },
  '1.2.840.113549.1.1.14': { label: 'RSA with SHA-224', hash: 'SHA-224' },
  '1.2.840.113549.1.1.11': { label: 'RSA with SHA-256', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { label: 'RSA with SHA-384', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { label: 'RSA with SHA-512', hash: 'SHA-512' },
  '1.2.840.113549.1.1.10': { label: 'RSA-PSS' },
  '1.2.840.10045.4.1': { label: 'ECDSA with SHA-1', hash: 'SHA-1', weak: true },
  '1.2.840.10045.4.3.1': { label: 'ECDSA with SHA-224', hash: 'SHA-224' },
  '1.2.840.10045.4.3.2': { label: 'ECDSA with SHA-256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { label: 'ECDSA with SHA-384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { label: 'ECDSA with SHA-512', hash: 'SHA-512' },
  '1.3.101.112': { label: 'Ed25519' },
  '1.3.101.113': { label: 'Ed448' },
  '1.2.840.10040.4.3': { label: 'DSA with SHA-1', hash: 'SHA-1', weak: true },
};

export function signatureAlgorithmOf(der: Uint8Array): SignatureAlgorithm | undefined {
  try {
    const cert = readTlv(der, 0);
    if (cert.tag !== 0x30) return undefined;
    const tbs = readTlv(der, cert.start);
    const alg = readTlv(der, tbs.next);
    if (alg.tag !== 0x30) return undefined;
    const oidTlv = readTlv(der, alg.start);
    if (oidTlv.tag !== 0x06) return undefined;
    const oid = decodeOid(der.subarray(oidTlv.start, oidTlv.end));
    const known = KNOWN[oid];
    return known
      ? { label: known.label, oid, ...(known.hash ? { hash: known.hash } : {}), weak: known.weak ?? false }
      : { label: oid, oid, weak: false };
  } catch {
    return undefined;
  }
}
