// Creates a certificate chain shaped like Apple's App Store signing chain (root -> intermediate with
// the WWDR marker OID -> P-256 leaf with the receipt-signing marker OID). It is never Apple's: every
// subject says so, and only a verifier told to trust this root accepts what it signs.
import { INTERMEDIATE_MARKER_OID, LEAF_MARKER_OID } from '../jws/chain.js';
import { KeyUsage, issueCertificate } from '../pki/issue.js';

export interface EmulatorCa {
  rootPem: string;
  intermediatePem: string;
  leafPem: string;
  /** PKCS#8 PEM of the leaf's P-256 key: signs every payload. */
  leafKeyPem: string;
}

const YEAR_MS = 365 * 24 * 3600_000;
const ORG = 'O=asn-doctor emulator (NOT Apple), C=US';

export async function createEmulatorCa(now = Date.now()): Promise<EmulatorCa> {
  const notBefore = new Date(now - 24 * 3600_000);
  const root = await issueCertificate({
    subject: `CN=asn-doctor Emulator Root CA - NOT APPLE, OU=Local testing only, ${ORG}`,
    keys: { kind: 'ec', curve: 'P-384' },
    ca: true,
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    notBefore,
    notAfter: new Date(now + 20 * YEAR_MS),
    signatureHash: 'SHA-384',
  });
  const intermediate = await issueCertificate({
    subject: `CN=asn-doctor Emulator WWDR-shaped Intermediate - NOT APPLE, OU=Local testing only, ${ORG}`,
    issuer: root,
    keys: { kind: 'ec', curve: 'P-384' },
    ca: { pathLength: 0 },
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    extensions: [{ oid: INTERMEDIATE_MARKER_OID }],
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
    notBefore,
    notAfter: new Date(now + 10 * YEAR_MS),
    signatureHash: 'SHA-384',
  });
  return {
    rootPem: root.certPem,
    intermediatePem: intermediate.certPem,
    leafPem: leaf.certPem,
    leafKeyPem: leaf.keyPem,
  };
}
