// Parsed X.509 certificates from x5c entries and --root files, cached by their exact bytes so a batch
// of payloads signed by the same chain parses it once. node:crypto gives keys, names, dates and
// signatures; a short DER walk (src/pki/der.ts) lists the extensions, which Node 20 does not expose.
// Display names are @peculiar/x509's RFC 4514 form; node:crypto's names are used when they are plainly
// the same text (common attributes, nothing escaped), and @peculiar/x509 is loaded only otherwise:
// loading it costs more than verifying a thousand signatures.
import { createRequire } from 'node:module';
import { X509Certificate, type KeyObject } from 'node:crypto';
import { extensionsOf } from '../pki/der.js';

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
  const fields = nodeFields(node, der) ?? peculiarFields(der);
  const info: CertInfo = {
    der,
    node,
    ...fields,
    subjectRaw: node.subject,
    issuerRaw: node.issuer,
    isCa: node.ca,
    sha256: node.fingerprint256,
    publicKey: node.publicKey,
    selfSigned: node.subject === node.issuer,
  };
  const ocsp = /^OCSP - URI:(.*)$/m.exec(node.infoAccess ?? '');
  if (ocsp?.[1]) info.ocspUrl = ocsp[1].trim();
  return info;
}

type DisplayFields = Pick<CertInfo, 'subject' | 'issuer' | 'notBefore' | 'notAfter' | 'extensions'>;

/**
 * Names and dates from node:crypto, extensions from the DER; undefined when a name or a date is not in
 * a form whose text is certainly @peculiar/x509's too.
 */
function nodeFields(node: X509Certificate, der: Buffer): DisplayFields | undefined {
  const subject = plainName(node.subject);
  const issuer = plainName(node.issuer);
  const notBefore = opensslDate(node.validFrom);
  const notAfter = opensslDate(node.validTo);
  if (subject === undefined || issuer === undefined || !notBefore || !notAfter) return undefined;
  let extensions: Map<string, { critical: boolean }>;
  try {
    extensions = extensionsOf(der);
  } catch {
    return undefined;
  }
  return { subject, issuer, notBefore, notAfter, extensions };
}

// Attributes both spell alike. node:crypto writes one RDN a line, a multi-valued one joined by " + ",
// and escapes with a backslash; @peculiar/x509 escapes , + " \ < > ; a leading # or space, a trailing
// space and control characters. A name of only these attributes, in printable ASCII with none of those
// characters, reads the same in both once node's lines are joined by ", ".
const PLAIN_TYPE = /^(?:CN|OU|O|L|ST|C|DC)=/;
const ESCAPED = /[,+"\\<>;#]/;

function plainName(multiline: string): string | undefined {
  const rdns = multiline.split('\n');
  return rdns.every(plainRdn) ? rdns.join(', ') : undefined;
}

function plainRdn(rdn: string): boolean {
  const type = PLAIN_TYPE.exec(rdn);
  if (!type) return false;
  const value = rdn.slice(type[0].length);
  return isPrintableAscii(value) && !ESCAPED.test(value) && !value.startsWith(' ') && !value.endsWith(' ');
}

function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** OpenSSL's `Sep 19 19:44:51 2025 GMT` (whole seconds, UTC); undefined for anything else. */
function opensslDate(text: string): Date | undefined {
  const m = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return undefined;
  const d = new Date(Date.UTC(2000, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
  d.setUTCFullYear(Number(m[6]));
  return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[2]) ? undefined : d;
}

let peculiar: typeof import('@peculiar/x509') | undefined;
/** The same fields from @peculiar/x509, loaded the first time a certificate needs it. */
function peculiarFields(der: Buffer): DisplayFields {
  if (!peculiar) {
    const require = createRequire(import.meta.url);
    require('reflect-metadata');
    peculiar = require('@peculiar/x509') as typeof import('@peculiar/x509');
  }
  const pec = new peculiar.X509Certificate(der);
  const extensions = new Map<string, { critical: boolean }>();
  for (const e of pec.extensions) extensions.set(e.type, { critical: e.critical });
  return { subject: pec.subject, issuer: pec.issuer, notBefore: pec.notBefore, notAfter: pec.notAfter, extensions };
}
