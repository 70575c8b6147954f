// Node 20's X509Certificate has no signatureAlgorithm, so parse it with @peculiar/x509.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export interface SignatureAlgorithm {
  /** e.g. `RSA with SHA-256`, `ECDSA with SHA-384`, `RSA-PSS`. */
  label: string;
  hash?: string;
  /** SHA-1 and MD5 signatures are refused by Apple platforms. */
  weak: boolean;
}

const KEY_LABEL: Record<string, string> = {
  'RSASSA-PKCS1-v1_5': 'RSA',
  'RSA-PSS': 'RSA-PSS',
  ECDSA: 'ECDSA',
  Ed25519: 'Ed25519',
  EdDSA: 'EdDSA',
};

export function signatureAlgorithmOf(der: Uint8Array): SignatureAlgorithm | undefined {
  try {
    const cert = new x509.X509Certificate(der);
    const alg = cert.signatureAlgorithm as { name: string; hash?: { name: string } | string };
    const hash = typeof alg.hash === 'string' ? alg.hash : alg.hash?.name;
    const key = KEY_LABEL[alg.name] ?? alg.name;
    const weak = hash !== undefined && /^(SHA-1|MD5|MD2)$/i.test(hash);
    return { label: hash ? `${key} with ${hash}` : key, ...(hash ? { hash } : {}), weak };
  } catch {
    return undefined;
  }
}
