// Parsed X.509 certificates from x5c entries and --root files, cached by their exact bytes so a batch
// of payloads signed by the same chain parses it once. Parsing uses node:crypto for keys, names and
// signatures, and @peculiar/x509 for extensions and dates (no hand-written ASN.1).
import 'reflect-metadata';
import { X509Certificate, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface CertInfo {
  der: Buffer;
  node: X509Certificate;
  /** Display form, e.g. `CN=Apple Root CA - G3, OU=Apple Certification Authority, O=Apple Inc., C=US`. */
  subject: string;
  issuer: string;
  /** node:crypto's multi-line names: compared for issuer/subject matching, as Apple's library does. */
  subjectRaw: string;
  issuerRaw: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  sha256: string;
  /** Extension OIDs present, with their criticality. */
  extensions: Map<string, { critical: boolean }>;
  publicKey: KeyObject;
  /** AIA OCSP responder URL, when the certificate names one. */
  ocspUrl?: string;
  selfSigned: boolean;
}

export class CertificateParseError extends Error {}

// Keyed by the exact DER bytes (as canonical base64), never by names or serials.
const cache = new Map<string, CertInfo | CertificateParseError>();
const CACHE_LIMIT = 512;
/** Standard or URL-safe base64, as Buffer.from decodes it. */
export const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Parses one base64 DER certificate (an x5c entry). Throws CertificateParseError. */
export function certFromBase64(b64: unknown): CertInfo {
  if (typeof b64 !== 'string') throw new CertificateParseError(`is a ${b64 === null ? 'null' : typeof b64}, not a base64 string`);
  if (!BASE64.test(b64)) throw new CertificateParseError('is not base64');
  return certFromDer(Buffer.from(b64, 'base64'));
}

/** Parses DER bytes (an x5c entry, a --root file). Throws CertificateParseError. */
export function certFromDer(der: Buffer): CertInfo {
  const key = der.toString('base64');
  let result = cache.get(key);
  if (!result) {
    // A copy: the cached certificate must not change with the caller's buffer.
    result = parseOrError(Buffer.from(der));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, result);
  }
  if (result instanceof CertificateParseError) throw result;
  return result;
}

function parseOrError(der: Buffer): CertInfo | CertificateParseError {
  try {
    return parse(der);
  } catch (err) {
    return new CertificateParseError(`is not an X.509 certificate (${err instanceof Error ? err.message : String(err)})`);
  }
}

function parse(der: Buffer): CertInfo {
  const node = new X509Certificate(der);
  const pec = new x509.X509Certificate(der);
  const extensions = new Map<string, { critical: boolean }>();
  for (const e of pec.extensions) extensions.set(e.type, { critical: e.critical });
  const info: CertInfo = {
    der,
    node,
    subject: pec.subject,
    issuer: pec.issuer,
    subjectRaw: node.subject,
    issuerRaw: node.issuer,
    notBefore: pec.notBefore,
    notAfter: pec.notAfter,
    isCa: node.ca,
    sha256: node.fingerprint256,
    extensions,
    publicKey: node.publicKey,
    selfSigned: node.subject === node.issuer,
  };
  const ocsp = /^OCSP - URI:(.*)$/m.exec(node.infoAccess ?? '');
  if (ocsp?.[1]) info.ocspUrl = ocsp[1].trim();
  return info;
}

/** Reads certificates from a --root file: DER, or PEM with one or more certificates. */
export function certsFromFileBytes(bytes: Buffer): CertInfo[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((b) => certFromBase64(b.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '')));
  }
  return [certFromDer(bytes)];
}
