// Stage 5: the certificate, judged by Apple's rules rather than Node's: trust against public roots
// only, the name in subjectAltName (CN ignored), dates, the chain as sent, key size, signature
// algorithm, EKU and validity length. Node itself accepts RSA-1024, CN-only and (opaquely) SHA-1.
import type { X509Certificate } from 'node:crypto';
import { check, type Check } from '../report/check.js';
import { isoDate, isValidDateMs } from '../report/format.js';
import { signatureAlgorithmOf } from './signature-algorithm.js';
import { toX509, type HandshakeResult } from './tls-handshake.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';

const DAY = 24 * 60 * 60 * 1000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EKU = '2.5.29.37.0';
const ISSUER_NOT_FOUND = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);
/** Apple platforms distrust leaves issued from 2020-09-01 with validity over 398 days. */
const LIMIT_398_FROM = Date.UTC(2020, 8, 1);

export interface CertificateInput {
  baseline: HandshakeResult;
  privateTrust?: HandshakeResult;
  sentChain: HandshakeResult;
  host: string;
  ipLiteral?: 4 | 6;
  now?: number;
}

const TRUST_IDS: Readonly<Record<string, DiagnosticId>> = {
  CERT_HAS_EXPIRED: 'cert.untrusted.expired',
  CERT_NOT_YET_VALID: 'cert.untrusted.not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'cert.untrusted.hostname',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'cert.untrusted.unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'cert.untrusted.unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'cert.untrusted.unknown-issuer',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'cert.untrusted.self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'cert.untrusted.private-root',
};

export function certificateChecks(input: CertificateInput): Check[] {
  const group = 'Certificate';
  const now = input.now ?? Date.now();
  const checks: Check[] = [];
  const sent = input.sentChain.chain.map(toX509).filter((c): c is X509Certificate => c !== undefined);
  const leaf = sent[0];
  if (!leaf) {
    checks.push(check('cert.unavailable', {}, { group }));
    return checks;
  }
  // Each needs a signature check; judged once.
  const selfSigned = sent.map(isSelfSigned);
  const leafSelfSigned = selfSigned[0]!;
  const chainIncomplete = sent.length === 1 && !leafSelfSigned;

  // Trust: public roots only; --ca only turns a private-CA failure into a rehearsal warning.
  const pub = input.baseline;
  const priv = input.privateTrust;
  const issuer = firstValue(leaf.issuer);
  if (leafSelfSigned) {
    checks.push(check('cert.self-signed', { subject: firstValue(leaf.subject) }, { group }));
  } else if (pub.ok && !pub.authorizationError) {
    checks.push(check('cert.trust', { issuer }, { group }));
  } else if (pub.ok || priv?.ok) {
    const privateOk = priv?.ok && !priv.authorizationError;
    const code = (priv?.ok ? priv.authorizationError : undefined) ?? pub.authorizationError ?? 'UNKNOWN';
    if (privateOk) {
      checks.push(check('cert.trust.private-ca', { issuer }, { group }));
    } else if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && chainIncomplete) {
      // Reported once, by the chain check below.
    } else {
      const sig = signatureAlgorithmOf(leaf.raw);
      const id = code === 'UNSPECIFIED' && sig?.weak ? 'cert.untrusted.weak-signature' : (TRUST_IDS[code] ?? 'cert.untrusted.other');
      checks.push(check(id, { issuer, code, reason: networkReason(code) }, { group, data: { code } }));
    }
  } else {
    checks.push(check('cert.trust.untested', { code: pub.errorCode, reason: networkReason(pub.errorCode) }, { group }));
  }

  // Chain as sent.
  if (!leafSelfSigned) {
    if (chainIncomplete) {
      // Only a missing issuer means a missing intermediate; an expired leaf or a wrong name is
      // reported after a chain was built, so it says nothing about the chain.
      const issuerFound = [pub, priv].some((h) => h?.ok === true && !ISSUER_NOT_FOUND.has(h.authorizationError ?? ''));
      const aia = caIssuersUrl(leaf);
      if (!issuerFound) checks.push(check('cert.chain.incomplete', { issuer, aia: aia ?? 'not named in the certificate' }, { group }));
      else checks.push(check('cert.chain', { count: 1 }, { group }));
    } else {
      checks.push(check('cert.chain', { count: sent.length }, { group }));
      if (sent.length > 1 && selfSigned[sent.length - 1]) checks.push(check('cert.chain.root-included', {}, { group }));
    }
  }

  // Name: subjectAltName only; Apple platforms ignore the CN.
  const san = leaf.subjectAltName;
  const hasDnsSan = /(^|, )DNS:/.test(san ?? '');
  const hasIpSan = /(^|, )IP Address:/.test(san ?? '');
  const matched = input.ipLiteral ? leaf.checkIP(input.host) : leaf.checkHost(input.host, { subject: 'never' });
  if (!san || (!hasDnsSan && !hasIpSan)) {
    checks.push(check('cert.san.missing', { host: input.host, cn: firstValue(leaf.subject) }, { group }));
  } else if (matched) {
    checks.push(check('cert.name', { host: input.host, matched }, { group }));
  } else {
    checks.push(check('cert.name.mismatch', { host: input.host, names: san }, { group }));
  }

  // Dates.
  const from = Date.parse(leaf.validFrom);
  const to = Date.parse(leaf.validTo);
  const daysLeft = Math.floor((to - now) / DAY);
  const dateVars = { validTo: isoDay(to), validFrom: isoDay(from), days: daysLeft, daysAgo: -daysLeft, daysUntil: Math.ceil((from - now) / DAY) };
  const dateData = { validFrom: isoDate(from), validTo: isoDate(to), daysLeft };
  if (from > now) checks.push(check('cert.not-yet-valid', dateVars, { group, data: dateData }));
  else if (to < now) checks.push(check('cert.expired', dateVars, { group, data: dateData }));
  else if (daysLeft <= 7) checks.push(check('cert.expiry.imminent', dateVars, { group, data: dateData }));
  else if (daysLeft <= 30) checks.push(check('cert.expiry.soon', dateVars, { group, data: dateData }));
  else checks.push(check('cert.expiry', dateVars, { group, data: dateData }));

  // Key size and signature algorithm: the leaf and every intermediate sent (not a self-signed root).
  const judged = sent.filter((_, i) => i === 0 || !selfSigned[i]);
  const weakKeys = judged.map((c) => ({ c, key: describeKey(c) })).filter((k) => k.key.weak);
  if (weakKeys.length > 0) {
    for (const { c, key } of weakKeys) checks.push(check('cert.key.weak', { subject: firstValue(c.subject), key: key.label }, { group }));
  } else {
    checks.push(check('cert.key', { key: describeKey(leaf).label }, { group }));
  }
  const sigs = judged.map((c) => ({ c, sig: signatureAlgorithmOf(c.raw) }));
  const weakSigs = sigs.filter((s) => s.sig?.weak);
  if (weakSigs.length > 0) {
    for (const { c, sig } of weakSigs) checks.push(check('cert.signature.weak', { subject: firstValue(c.subject), algorithm: sig!.label }, { group }));
  } else if (sigs[0]?.sig) {
    checks.push(check('cert.signature', { algorithm: sigs[0].sig.label }, { group }));
  }

  // Extended key usage.
  const eku = leaf.keyUsage;
  if (!eku || eku.length === 0) checks.push(check('cert.eku.absent', {}, { group }));
  else if (eku.includes(SERVER_AUTH) || eku.includes(ANY_EKU)) checks.push(check('cert.eku', {}, { group }));
  else checks.push(check('cert.eku.no-server-auth', { eku: eku.join(', ') }, { group }));

  // Validity length.
  const days = Math.round((to - from) / DAY);
  if (from >= LIMIT_398_FROM && days > 398 && !leafSelfSigned) checks.push(check('cert.validity.too-long', { days }, { group }));
  else checks.push(check('cert.validity', { days }, { group }));
  return checks;
}

function isSelfSigned(c: X509Certificate): boolean {
  if (c.subject !== c.issuer) return false;
  try {
    return c.verify(c.publicKey);
  } catch {
    return false;
  }
}

export function describeKey(c: X509Certificate): { label: string; weak: boolean } {
  const type = c.publicKey.asymmetricKeyType;
  const details = c.publicKey.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = details.modulusLength ?? 0;
    return { label: `RSA ${bits} bits`, weak: bits < 2048 };
  }
  if (type === 'ec') {
    const curve = details.namedCurve ?? 'unknown curve';
    const bits = /384/.test(curve) ? 384 : /521/.test(curve) ? 521 : /256|prime256v1/.test(curve) ? 256 : 0;
    return { label: `EC ${curve}`, weak: bits < 256 };
  }
  return { label: String(type ?? 'unknown'), weak: false };
}

function caIssuersUrl(c: X509Certificate): string | undefined {
  const m = /CA Issuers - URI:(\S+)/.exec(c.infoAccess ?? '');
  return m?.[1];
}

/** The first CN (or the whole DN) of a Node distinguished-name string. */
function firstValue(dn: string): string {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(dn);
  return cn?.[1] ?? dn.replace(/\n/g, ', ');
}

function isoDay(ms: number): string {
  return isValidDateMs(ms) ? isoDate(ms).slice(0, 10) : 'unknown';
}
