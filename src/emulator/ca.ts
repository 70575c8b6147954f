// Creates a certificate chain shaped like Apple's App Store signing chain (root -> intermediate with
// the WWDR marker OID -> P-256 leaf with the receipt-signing marker OID). It is never Apple's: every
// subject says so, and only a verifier told to trust this root accepts what it signs.
//
// Like Apple's, the intermediate and the leaf name an OCSP responder (Authority Information Access):
// the emulator's own /ocsp route, so the URL holds the emulator's origin and a chain is issued per
// origin (signing-chain.ts keeps them). The responder signs with delegated certificates for OCSP
// signing, one per issuer, as Apple's responders do and as Apple's Node verifier requires.
import { INTERMEDIATE_MARKER_OID, LEAF_MARKER_OID } from '../jws/chain.js';
import { KeyUsage, issueCertificate, type Issued } from '../pki/issue.js';

/** The PEM of the chain in use: what signs every payload and goes into x5c. */
export interface EmulatorCa {
  rootPem: string;
  intermediatePem: string;
  leafPem: string;
  /** PKCS#8 PEM of the leaf's P-256 key: signs every payload. */
  leafKeyPem: string;
}

/** An issued intermediate and leaf, with their keys (PKCS#8 PEM), for one OCSP responder URL. */
export interface SigningChainFile {
  ocspUrl: string;
  intermediatePem: string;
  intermediateKeyPem: string;
  leafPem: string;
  leafKeyPem: string;
}

export const OCSP_PATH = '/ocsp';
/** id-kp-OCSPSigning (RFC 6960 §4.2.2.2). */
const OCSP_SIGNING_EKU = '1.3.6.1.5.5.7.3.9';
const DAY_MS = 24 * 3600_000;
const YEAR_MS = 365 * DAY_MS;
const ORG = 'O=asn-doctor emulator (NOT Apple), C=US';

export function ocspUrlFor(origin: string): string {
  return `${origin.replace(/\/+$/, '')}${OCSP_PATH}`;
}

export function createEmulatorRoot(now = Date.now()): Promise<Issued> {
  return issueCertificate({
    subject: `CN=asn-doctor Emulator Root CA - NOT APPLE, OU=Local testing only, ${ORG}`,
    keys: { kind: 'ec', curve: 'P-384' },
    ca: true,
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 20 * YEAR_MS),
    signatureHash: 'SHA-384',
  });
}

/** Intermediate and leaf under `root`, both naming `ocspUrl` as their OCSP responder. */
export async function issueSigningChain(root: Issued, ocspUrl: string, now = Date.now()): Promise<SigningChainFile> {
  const notBefore = new Date(now - DAY_MS);
  const intermediate = await issueCertificate({
    subject: `CN=asn-doctor Emulator WWDR-shaped Intermediate - NOT APPLE, OU=Local testing only, ${ORG}`,
    issuer: root,
    keys: { kind: 'ec', curve: 'P-384' },
    ca: { pathLength: 0 },
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    extensions: [{ oid: INTERMEDIATE_MARKER_OID }],
    ocspUrl,
    notBefore,
    notAfter: new Date(now + 15 * YEAR_MS),
    signatureHash: 'SHA-384',
  });
  const leaf = await issueCertificate({
    subject: `CN=asn-doctor Emulator Payload Signing - NOT APPLE, OU=Local testing only, ${ORG}`,
    issuer: intermediate,
    keys: { kind: 'ec', curve: 'P-256' },
    ca: false,
    keyUsage: KeyUsage.digitalSignature,
    extensions: [{ oid: LEAF_MARKER_OID }],
    ocspUrl,
    notBefore,
    notAfter: new Date(now + 10 * YEAR_MS),
    signatureHash: 'SHA-384',
  });
  return {
    ocspUrl,
    intermediatePem: intermediate.certPem,
    intermediateKeyPem: intermediate.keyPem,
    leafPem: leaf.certPem,
    leafKeyPem: leaf.keyPem,
  };
}

/** A delegated OCSP signing certificate issued by `issuer`: it signs the answers about what `issuer` issued. */
export function issueOcspSigner(issuer: Issued, now = Date.now()): Promise<Issued> {
  return issueCertificate({
    subject: `CN=asn-doctor Emulator OCSP Responder - NOT APPLE, OU=Local testing only, ${ORG}`,
    issuer,
    keys: { kind: 'ec', curve: 'P-256' },
    ca: false,
    keyUsage: KeyUsage.digitalSignature,
    extKeyUsage: [OCSP_SIGNING_EKU],
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + YEAR_MS),
    signatureHash: 'SHA-384',
  });
}
