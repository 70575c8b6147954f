// Verifies an x5c chain the way Apple's SignedDataVerifier does: exactly three certificates, the root
// inside x5c ignored for trust, the intermediate issued (name and signature) by a trusted root, the
// leaf by the intermediate, the intermediate a CA, Apple's marker OIDs, validity at the effective date
// with 60 s of skew. Signature/OID/name checks depend only on the bytes, so they are cached by them;
// dates are checked on every call.
import { check, type Check } from '../report/check.js';
import { diagnostic } from '../report/diagnostics/index.js';
import { isoDate, relativeTime } from '../report/format.js';
import { APPLE_ROOT_CA_G3_BASE64 } from './apple-root.js';
import { BASE64, certFromBase64, certFromDer, CertificateParseError, type CertInfo } from './certs.js';

export const LEAF_MARKER_OID = '1.2.840.113635.100.6.11.1';
export const INTERMEDIATE_MARKER_OID = '1.2.840.113635.100.6.2.1';
/** Apple's verifiers allow 60 s of clock skew around certificate validity. */
export const MAX_SKEW_MS = 60_000;

export interface Anchor {
  cert: CertInfo;
  apple: boolean;
}

export interface AnchorSummary {
  subject: string;
  sha256: string;
  apple: boolean;
}

export type FailureStatus =
  | 'INVALID_CHAIN_LENGTH'
  | 'INVALID_CERTIFICATE'
  | 'VERIFICATION_FAILURE'
  | 'RETRYABLE_VERIFICATION_FAILURE'
  | 'INVALID_APP_IDENTIFIER'
  | 'INVALID_ENVIRONMENT';

/** The date-independent verdict on a chain. */
export interface ChainVerdict {
  checks: Check[];
  /** First failure, if any. */
  failure?: { status: FailureStatus; reason: string };
  leaf?: CertInfo;
  intermediate?: CertInfo;
  anchor?: Anchor;
  /** Certificates whose validity must be checked at the effective date, named. */
  dated: { which: string; cert: CertInfo }[];
  xcode: boolean;
}

let appleAnchor: Anchor | undefined;
function appleRootAnchor(): Anchor {
  appleAnchor ??= { cert: certFromBase64(APPLE_ROOT_CA_G3_BASE64), apple: true };
  return appleAnchor;
}

/** Apple Root CA - G3 plus the user's roots (DER). A user root equal to Apple's stays Apple's. */
export function buildAnchors(roots: readonly Buffer[] = []): Anchor[] {
  const apple = appleRootAnchor();
  const anchors = [apple];
  for (const der of roots) {
    const cert = certFromDer(der);
    if (cert.sha256 !== apple.cert.sha256) anchors.push({ cert, apple: false });
  }
  return anchors;
}

const summaries = new WeakMap<Anchor, AnchorSummary>();
/** The anchor as results show it: one frozen object per anchor, shared by every result it verified. */
export function anchorSummary(a: Anchor): AnchorSummary {
  let s = summaries.get(a);
  if (!s) {
    s = Object.freeze({ subject: a.cert.subject, sha256: a.cert.sha256, apple: a.apple });
    summaries.set(a, s);
  }
  return s;
}

interface VerdictCache {
  /** By the exact DER bytes of the whole chain (each certificate re-encoded as canonical base64). */
  byDer: Map<string, ChainVerdict>;
  /** By a frozen x5c array (a cached JWS header): the same text, so the same bytes, without re-encoding. */
  byArray: WeakMap<readonly unknown[], ChainVerdict>;
}
const verdictCaches = new WeakMap<readonly Anchor[], VerdictCache>();
const VERDICT_CACHE_LIMIT = 256;

/**
 * The date-independent verdict on x5c against the anchors, computed once per distinct chain: the key
 * is the DER bytes of every certificate in it, so a chain that differs in any byte (another
 * intermediate behind the same leaf, another root) is checked in full. Never keyed by names or serials.
 * What a verdict cannot say (the payload's signature, dates at its effective date) the caller checks
 * for every payload.
 */
export function verifyChain(x5c: unknown, anchors: readonly Anchor[]): ChainVerdict {
  let cache = verdictCaches.get(anchors);
  if (!cache) {
    cache = { byDer: new Map(), byArray: new WeakMap() };
    verdictCaches.set(anchors, cache);
  }
  const frozen = Array.isArray(x5c) && Object.isFrozen(x5c);
  if (frozen) {
    const hit = cache.byArray.get(x5c);
    if (hit) return hit;
  }
  const key = chainKey(x5c);
  let verdict = key === undefined ? undefined : cache.byDer.get(key);
  if (!verdict) {
    verdict = freezeVerdict(computeVerdict(x5c, anchors));
    if (key !== undefined) {
      if (cache.byDer.size >= VERDICT_CACHE_LIMIT) cache.byDer.clear();
      cache.byDer.set(key, verdict);
    }
  }
  if (frozen) cache.byArray.set(x5c as readonly unknown[], verdict);
  return verdict;
}

/** The DER bytes of every x5c entry, as canonical base64 joined by dots; undefined unless all are base64. */
function chainKey(x5c: unknown): string | undefined {
  if (!Array.isArray(x5c) || !x5c.every((e): e is string => typeof e === 'string' && BASE64.test(e))) return undefined;
  return x5c.map((e) => Buffer.from(e, 'base64').toString('base64')).join('.');
}

/** A verdict is shared by every payload with that chain: its checks are frozen, so no result can change another's. */
function freezeVerdict(v: ChainVerdict): ChainVerdict {
  for (const c of v.checks) Object.freeze(c);
  Object.freeze(v.checks);
  Object.freeze(v.dated);
  return Object.freeze(v);
}

function fail(v: ChainVerdict, status: FailureStatus, c: Check): void {
  v.checks.push(c);
  v.failure ??= { status, reason: c.id };
}

function computeVerdict(x5c: unknown, anchors: readonly Anchor[]): ChainVerdict {
  const v: ChainVerdict = { checks: [], dated: [], xcode: false };
  // No chain at all: Apple's words and status first (its Python library: "x5c claim was empty"), ours as the detail.
  if (x5c === undefined || x5c === null || (Array.isArray(x5c) && x5c.length === 0)) {
    fail(v, 'VERIFICATION_FAILURE', check('jws.x5c.missing'));
    return v;
  }
  if (!Array.isArray(x5c)) {
    fail(v, 'INVALID_CHAIN_LENGTH', check('jws.chain.length-wrong', { count: 0 }, { detail: diagnostic('jws.x5c.not-a-list').title }));
    return v;
  }
  if (x5c.length === 1) return xcodeVerdict(v, x5c[0], anchors);
  if (x5c.length !== 3) {
    fail(v, 'INVALID_CHAIN_LENGTH', check('jws.chain.length-wrong', { count: x5c.length }));
    return v;
  }
  v.checks.push(check('jws.chain.length'));
  const certs: CertInfo[] = [];
  for (let i = 0; i < 3; i++) {
    try {
      certs.push(certFromBase64(x5c[i]));
    } catch (err) {
      if (!(err instanceof CertificateParseError)) throw err;
      fail(v, 'INVALID_CERTIFICATE', check('jws.cert.not-a-certificate', { index: i, problem: err.message }));
    }
  }
  if (certs.length !== 3) return v;
  const [leaf, intermediate, x5cRoot] = certs as [CertInfo, CertInfo, CertInfo];
  v.leaf = leaf;
  v.intermediate = intermediate;

  // The root inside x5c is never trusted: the intermediate must be issued by one of our anchors.
  let anchor: Anchor | undefined;
  let nameOnly: Anchor | undefined;
  for (const a of anchors) {
    if (intermediate.issuerRaw !== a.cert.subjectRaw) continue;
    if (intermediate.node.verify(a.cert.publicKey)) {
      anchor = a;
      break;
    }
    nameOnly ??= a;
  }
  let linksOk = true;
  if (!anchor) {
    linksOk = false;
    if (nameOnly) {
      fail(v, 'VERIFICATION_FAILURE', check('jws.chain.intermediate-signature', { issuer: nameOnly.cert.subject, sha256: x5cRoot.sha256 }));
    } else {
      fail(
        v,
        'VERIFICATION_FAILURE',
        check('jws.chain.unknown-root', {
          subject: x5cRoot.subject,
          sha256: x5cRoot.sha256,
          intermediate: intermediate.subject,
          issuer: intermediate.issuer,
        }),
      );
    }
  } else {
    v.anchor = anchor;
    v.checks.push(
      anchor.apple
        ? check('jws.chain.anchor-apple', { sha256: anchor.cert.sha256 })
        : check('jws.chain.anchor-user', { subject: anchor.cert.subject, sha256: appleRootAnchor().cert.sha256 }),
    );
  }
  if (!intermediate.isCa) {
    linksOk = false;
    fail(v, 'VERIFICATION_FAILURE', check('jws.chain.intermediate-not-ca', { subject: intermediate.subject }));
  }
  const nameMatch = leaf.issuerRaw === intermediate.subjectRaw;
  const sigMatch = leaf.node.verify(intermediate.publicKey);
  if (!nameMatch || !sigMatch) {
    linksOk = false;
    const why = !nameMatch ? 'the names differ' : 'the names match but the intermediate\'s key did not sign the leaf';
    fail(v, 'VERIFICATION_FAILURE', check('jws.chain.leaf-issuer', { issuer: leaf.issuer, intermediate: intermediate.subject, why }));
  }
  if (linksOk) v.checks.push(check('jws.chain.links'));

  const leafOid = leaf.extensions.has(LEAF_MARKER_OID);
  const interOid = intermediate.extensions.has(INTERMEDIATE_MARKER_OID);
  if (!leafOid) fail(v, 'VERIFICATION_FAILURE', check('jws.chain.leaf-oid'));
  if (!interOid) fail(v, 'VERIFICATION_FAILURE', check('jws.chain.intermediate-oid'));
  if (leafOid && interOid) v.checks.push(check('jws.chain.oids'));

  const details = leaf.publicKey.asymmetricKeyDetails;
  if (leaf.publicKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    const key = `${leaf.publicKey.asymmetricKeyType ?? 'unknown'}${details?.namedCurve ? ` ${details.namedCurve}` : ''}`;
    fail(v, 'VERIFICATION_FAILURE', check('jws.chain.leaf-key', { key }));
  }
  v.dated = [
    { which: 'leaf', cert: leaf },
    { which: 'intermediate', cert: intermediate },
  ];
  if (anchor) v.dated.push({ which: 'root', cert: anchor.cert });
  return v;
}

/** One self-signed certificate: StoreKit Testing in Xcode, verifiable only against the user's copy of it. */
function xcodeVerdict(v: ChainVerdict, entry: unknown, anchors: readonly Anchor[]): ChainVerdict {
  let cert: CertInfo;
  try {
    cert = certFromBase64(entry);
  } catch (err) {
    if (!(err instanceof CertificateParseError)) throw err;
    fail(v, 'INVALID_CHAIN_LENGTH', check('jws.chain.length-wrong', { count: 1 }));
    fail(v, 'INVALID_CERTIFICATE', check('jws.cert.not-a-certificate', { index: 0, problem: err.message }));
    return v;
  }
  const isXcode = /StoreKit Testing in Xcode/i.test(cert.subject);
  v.xcode = isXcode;
  const anchor = anchors.find(
    (a) => !a.apple && (a.cert.sha256 === cert.sha256 || (cert.issuerRaw === a.cert.subjectRaw && cert.node.verify(a.cert.publicKey))),
  );
  if (!anchor) {
    fail(v, 'INVALID_CHAIN_LENGTH', isXcode ? check('jws.chain.xcode') : check('jws.chain.length-wrong', { count: 1 }));
    return v;
  }
  v.anchor = anchor;
  v.leaf = cert;
  v.checks.push(check('jws.chain.xcode-root', { subject: anchor.cert.subject }));
  v.dated = [{ which: 'StoreKit', cert }];
  return v;
}

export interface DateCheckInput {
  at: Date;
  /** `at` as ISO 8601, when the caller has it already. */
  atText?: string;
  /** Where the date came from, for the wording: `signedDate`, `receiptCreationDate`, `now`, `--at`, or a nested field. */
  basis: string;
  now: number;
  /** The payload's own date field when it is absent and `at` came from nested data instead (Apple would use now). */
  missingField?: string;
}

/** Validity of every chain certificate at the effective date (±60 s), and what Apple's library would say now. */
export function checkDates(verdict: ChainVerdict, d: DateCheckInput): { checks: Check[]; ok: boolean } {
  const t = d.at.getTime();
  const checks: Check[] = [];
  let ok = true;
  for (const { which, cert } of verdict.dated) {
    if (cert.notBefore.getTime() > t + MAX_SKEW_MS || cert.notAfter.getTime() < t - MAX_SKEW_MS) {
      ok = false;
      const expired = cert.notAfter.getTime() < t - MAX_SKEW_MS;
      checks.push(
        check('jws.cert.not-valid-at', {
          which,
          date: d.atText ?? isoDate(d.at),
          basis: d.basis,
          from: isoDate(cert.notBefore),
          to: isoDate(cert.notAfter),
          subject: cert.subject,
          fix:
            expired && d.basis !== 'signedDate'
              ? 'Check at the signing date instead: --at signed (the default offline).'
              : 'Do not trust this payload: it was signed outside the certificate\'s validity period.',
        }),
      );
    }
  }
  if (ok && verdict.dated.length) {
    checks.push(check('jws.cert.valid-at', { date: d.atText ?? isoDate(d.at), basis: d.basis }));
    if (d.basis !== 'now') {
      // Valid at the date used, expired now: say whether Apple's library would still accept it.
      const gone = verdict.dated.find(({ cert }) => cert.notAfter.getTime() < d.now - MAX_SKEW_MS);
      if (gone) {
        const vars = { which: gone.which, date: isoDate(gone.cert.notAfter), age: relativeTime(gone.cert.notAfter.getTime(), d.now), basis: d.basis };
        if (d.missingField) checks.push(check('jws.cert.expired-apple-rejects', { ...vars, field: d.missingField }));
        else if (d.basis === '--at') checks.push(check('jws.cert.expired-since', vars));
        else checks.push(check('jws.cert.expired-online-rejects', vars));
      }
    }
  }
  return { checks, ok };
}
