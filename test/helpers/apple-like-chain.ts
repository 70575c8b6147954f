// An Apple-shaped test chain (root -> intermediate with 1.2.840.113635.100.6.2.1 -> P-256 leaf with
// 1.2.840.113635.100.6.11.1) and an ES256 JWS signer with knobs for building negatives.
// Shared: decode, listen, emulator and send-test tests may reuse it.
import { KeyObject, sign as cryptoSign } from 'node:crypto';
import { issueCertificate, KeyUsage, type Issued } from '../../src/pki/issue.js';

export const LEAF_OID = '1.2.840.113635.100.6.11.1';
export const INTERMEDIATE_OID = '1.2.840.113635.100.6.2.1';

export interface AppleLikeChain {
  root: Issued;
  intermediate: Issued;
  leaf: Issued;
}

export interface ChainOptions {
  rootSubject?: string;
  /** Leave out the marker OIDs. */
  leafOid?: boolean;
  intermediateOid?: boolean;
  /** Issue the intermediate as an end entity (CA:FALSE). */
  intermediateCa?: boolean;
  leafNotBefore?: Date;
  leafNotAfter?: Date;
  /** Reuse an existing root (e.g. two intermediates under one root). */
  root?: Issued;
  /** Extra extensions, e.g. an AIA OCSP URL pointing at a local responder. */
  leafExtensions?: { oid: string; critical?: boolean; value?: Uint8Array }[];
  intermediateExtensions?: { oid: string; critical?: boolean; value?: Uint8Array }[];
}

export async function createAppleLikeChain(o: ChainOptions = {}): Promise<AppleLikeChain> {
  const now = Date.now();
  const root =
    o.root ??
    (await issueCertificate({
      subject: o.rootSubject ?? 'CN=Test Root CA - G3, OU=Test Certification Authority, O=asn-doctor tests, C=US',
      keys: { kind: 'ec', curve: 'P-384' },
      signatureHash: 'SHA-384',
      ca: true,
      keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
      notBefore: new Date(now - 10 * 365 * 86_400_000),
      notAfter: new Date(now + 10 * 365 * 86_400_000),
    }));
  const intermediate = await issueCertificate({
    subject: 'CN=Test Worldwide Developer Relations CA, OU=G6, O=asn-doctor tests, C=US',
    issuer: root,
    keys: { kind: 'ec', curve: 'P-384' },
    signatureHash: 'SHA-384',
    ca: o.intermediateCa === false ? false : { pathLength: 0 },
    keyUsage: o.intermediateCa === false ? KeyUsage.digitalSignature : KeyUsage.keyCertSign | KeyUsage.cRLSign,
    notBefore: new Date(now - 5 * 365 * 86_400_000),
    notAfter: new Date(now + 5 * 365 * 86_400_000),
    extensions: [...(o.intermediateOid === false ? [] : [{ oid: INTERMEDIATE_OID }]), ...(o.intermediateExtensions ?? [])],
  });
  const leaf = await issueCertificate({
    subject: 'CN=Test ECC App Store Receipt Signing, OU=asn-doctor tests, O=asn-doctor tests, C=US',
    issuer: intermediate,
    keys: { kind: 'ec', curve: 'P-256' },
    signatureHash: 'SHA-384',
    ca: false,
    keyUsage: KeyUsage.digitalSignature,
    notBefore: o.leafNotBefore ?? new Date(now - 365 * 86_400_000),
    notAfter: o.leafNotAfter ?? new Date(now + 365 * 86_400_000),
    extensions: [...(o.leafOid === false ? [] : [{ oid: LEAF_OID }]), ...(o.leafExtensions ?? [])],
  });
  return { root, intermediate, leaf };
}

export interface SignOptions {
  /** Header fields merged over {alg: 'ES256', x5c: [leaf, intermediate, root]}. */
  header?: Record<string, unknown>;
  /** x5c entries to use instead of the chain's. */
  x5c?: unknown;
  /** Sign with this issued key pair instead of the leaf's. */
  signer?: Issued;
  /** DER-encode the signature (wrong for JWS). */
  der?: boolean;
}

export function x5cOf(...certs: Issued[]): string[] {
  return certs.map((c) => c.certDer.toString('base64'));
}

export function b64url(v: unknown): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

export function signJws(chain: AppleLikeChain, payload: Record<string, unknown>, o: SignOptions = {}): string {
  const header = { alg: 'ES256', x5c: o.x5c ?? x5cOf(chain.leaf, chain.intermediate, chain.root), ...o.header };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const key = KeyObject.from((o.signer ?? chain.leaf).keys.privateKey);
  const sig = cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: o.der ? 'der' : 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

/** A realistic TEST-like notification payload signed now. */
export function samplePayload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    notificationType: 'TEST',
    notificationUUID: '3a1b2c3d-0000-4000-8000-000000000001',
    data: { bundleId: 'com.example.app', environment: 'Sandbox' },
    version: '2.0',
    signedDate: Date.now(),
    ...over,
  };
}
