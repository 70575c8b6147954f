// Issues X.509 certificates with @peculiar/x509 on Node's WebCrypto. One builder serves the
// emulator's Apple-shaped CA, listen --tls, and the tests' certificate zoo.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type RsaHashedKeyAlgorithm = webcrypto.RsaHashedKeyAlgorithm;
import * as x509 from '@peculiar/x509';
import { pemToDer, toPem } from './pem.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type KeySpec = { kind: 'ec'; curve: 'P-256' | 'P-384' } | { kind: 'rsa'; bits: number };
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface Issued {
  cert: x509.X509Certificate;
  certPem: string;
  certDer: Buffer;
  keys: CryptoKeyPair;
  /** PKCS#8 PEM of the private key. */
  keyPem: string;
  spec: KeySpec;
}

export interface IssueOptions {
  /** Distinguished name, e.g. `CN=Example, O=Example Inc., C=US`. */
  subject: string;
  /** Issuer; omitted means self-signed. */
  issuer?: Issued;
  keys?: { pair: CryptoKeyPair; spec: KeySpec } | KeySpec;
  notBefore?: Date;
  notAfter?: Date;
  serialNumber?: string;
  /** Basic constraints: CA with optional path length, or an end entity when false. */
  ca?: boolean | { pathLength?: number };
  keyUsage?: number;
  /** Extended key usage OIDs, e.g. 1.3.6.1.5.5.7.3.1 for serverAuth. */
  extKeyUsage?: string[];
  san?: { dns?: string[]; ip?: string[] };
  /** Extra extensions such as Apple's marker OIDs (value defaults to DER NULL). */
  extensions?: { oid: string; critical?: boolean; value?: Uint8Array }[];
  /** Hash used for the issuer's signature; SHA-256 unless told. */
  signatureHash?: HashName;
  /** Leave out the subject key identifier / authority key identifier extensions. */
  noKeyIdentifiers?: boolean;
  /** Authority Information Access: the OCSP responder that answers for this certificate. */
  ocspUrl?: string;
}

export const KeyUsage = x509.KeyUsageFlags;

const DER_NULL = new Uint8Array([0x05, 0x00]);

export async function generateKeys(spec: KeySpec, hash: HashName = 'SHA-256'): Promise<CryptoKeyPair> {
  if (spec.kind === 'ec') {
    return (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: spec.curve }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
  }
  return (await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
}

export async function issueCertificate(opts: IssueOptions): Promise<Issued> {
  const hash = opts.signatureHash ?? 'SHA-256';
  let spec: KeySpec;
  let keys: CryptoKeyPair;
  if (opts.keys && 'pair' in opts.keys) {
    keys = opts.keys.pair;
    spec = opts.keys.spec;
  } else {
    spec = opts.keys ?? { kind: 'ec', curve: 'P-256' };
    keys = await generateKeys(spec);
  }
  const signer = opts.issuer ?? { keys, spec, cert: undefined };
  const signingKey = await keyForHash(signer.keys.privateKey, signer.spec, hash);
  const signingAlgorithm =
    signer.spec.kind === 'ec' ? { name: 'ECDSA', hash } : { name: 'RSASSA-PKCS1-v1_5', hash };

  const extensions: x509.Extension[] = [];
  if (opts.ca !== undefined) {
    const isCa = opts.ca !== false;
    const pathLength = typeof opts.ca === 'object' ? opts.ca.pathLength : undefined;
    extensions.push(new x509.BasicConstraintsExtension(isCa, pathLength, true));
  }
  if (opts.keyUsage !== undefined) extensions.push(new x509.KeyUsagesExtension(opts.keyUsage, true));
  if (opts.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [opts.ocspUrl] }));
  if (opts.extKeyUsage?.length) extensions.push(new x509.ExtendedKeyUsageExtension(opts.extKeyUsage, false));
  if (opts.san && ((opts.san.dns?.length ?? 0) > 0 || (opts.san.ip?.length ?? 0) > 0)) {
    const names: x509.JsonGeneralName[] = [
      ...(opts.san.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(opts.san.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
    ];
    extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  if (!opts.noKeyIdentifiers) {
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
    if (opts.issuer) {
      extensions.push(await x509.AuthorityKeyIdentifierExtension.create(opts.issuer.keys.publicKey));
    }
  }
  for (const e of opts.extensions ?? []) {
    extensions.push(new x509.Extension(e.oid, e.critical ?? false, e.value ?? DER_NULL));
  }

  const notBefore = opts.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = opts.notAfter ?? new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: opts.serialNumber ?? randomSerial(),
    subject: opts.subject,
    issuer: opts.issuer ? opts.issuer.cert.subject : opts.subject,
    notBefore,
    notAfter,
    signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey,
    extensions,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    cert,
    certPem: cert.toString('pem'),
    certDer: Buffer.from(cert.rawData),
    keys,
    keyPem: toPem(pkcs8, 'PRIVATE KEY'),
    spec,
  };
}

/**
 * A certificate and its PKCS#8 key, as asn-doctor wrote them earlier (the emulator's root and chain, listen's CA),
 * ready to issue with again. EC keys only.
 */
export async function issuedFromPem(certPem: string, keyPem: string): Promise<Issued> {
  const cert = new x509.X509Certificate(pemToDer(certPem));
  const curve = (cert.publicKey.algorithm as { namedCurve?: string }).namedCurve;
  if (curve !== 'P-256' && curve !== 'P-384') throw new Error(`not an EC P-256/P-384 certificate (${curve ?? cert.publicKey.algorithm.name})`);
  const spec: KeySpec = { kind: 'ec', curve };
  const algorithm = { name: 'ECDSA', namedCurve: curve };
  const privateKey = (await webcrypto.subtle.importKey('pkcs8', pemToDer(keyPem), algorithm, true, ['sign'])) as CryptoKey;
  const publicKey = (await cert.publicKey.export(algorithm, ['verify'], webcrypto as unknown as Parameters<typeof cert.publicKey.export>[2])) as CryptoKey;
  return { cert, certPem, certDer: Buffer.from(cert.rawData), keys: { privateKey, publicKey }, keyPem, spec };
}

/** RSA keys in WebCrypto are bound to one hash; re-import to sign with another (e.g. SHA-1 tests). */
async function keyForHash(key: CryptoKey, spec: KeySpec, hash: HashName): Promise<CryptoKey> {
  if (spec.kind === 'ec') return key;
  const alg = key.algorithm as RsaHashedKeyAlgorithm;
  if (alg.hash.name === hash) return key;
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return (await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, [
    'sign',
  ])) as CryptoKey;
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(12));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // keep it positive
  return Buffer.from(bytes).toString('hex');
}
