// The local CA behind `listen --tls`: created once in a state folder and reused, so a CA file a user
// passed to `check-url --ca` or `trigger --ca` keeps working; the server certificate is fresh each start.
import { readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { issueCertificate, issuedFromPem, KeyUsage, type Issued } from '../pki/issue.js';
import { ensureWritableDir, writeFileAtomic } from '../util/atomic-write.js';

const CA_CERT_FILE = 'listen-ca.pem';
const CA_KEY_FILE = 'listen-ca-key.pem';
const CA_SUBJECT = 'CN=asn-doctor listen local CA (not trusted by Apple), O=asn-doctor';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

export interface ServerCredentials {
  caPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * The local CA (created on first use), so a sender can be told to trust it before the listener starts.
 * Throws NotWritableError when it must be created and `stateDir` cannot be written.
 */
export async function ensureLocalCa(stateDir: string): Promise<{ caPath: string; caPem: string }> {
  const ca = await loadOrCreateCa(stateDir);
  return { caPath: join(stateDir, CA_CERT_FILE), caPem: ca.certPem };
}

/** Loads the CA from `stateDir` (creating it on first use) and issues a server certificate for `hosts`. */
export async function serverCredentials(stateDir: string, hosts: readonly string[]): Promise<ServerCredentials> {
  const ca = await loadOrCreateCa(stateDir);
  const names = new Set(['localhost', '127.0.0.1', '::1', ...hosts.filter((h) => h && h !== '0.0.0.0' && h !== '::')]);
  const dns = [...names].filter((n) => isIP(n) === 0);
  const ip = [...names].filter((n) => isIP(n) !== 0);
  const leaf = await issueCertificate({
    subject: 'CN=localhost, O=asn-doctor listen',
    issuer: ca,
    ca: false,
    keyUsage: KeyUsage.digitalSignature,
    extKeyUsage: [SERVER_AUTH],
    san: { dns, ip },
    notAfter: new Date(Date.now() + 90 * 24 * 3600_000),
  });
  return { caPath: join(stateDir, CA_CERT_FILE), caPem: ca.certPem, certPem: leaf.certPem, keyPem: leaf.keyPem };
}

async function loadOrCreateCa(stateDir: string): Promise<Issued> {
  const certPath = join(stateDir, CA_CERT_FILE);
  const keyPath = join(stateDir, CA_KEY_FILE);
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const loaded = await issuedFromPem(certPem, keyPem);
    if (loaded.cert.notAfter.getTime() > Date.now() + 24 * 3600_000) return loaded;
  } catch {
    // Missing or unreadable: make a new one below.
  }
  // A full disk or a read-only folder is found before the CA is made; nothing is left half-written.
  await ensureWritableDir(stateDir);
  const ca = await issueCertificate({
    subject: CA_SUBJECT,
    ca: { pathLength: 0 },
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    notAfter: new Date(Date.now() + 5 * 365 * 24 * 3600_000),
  });
  await writeFileAtomic(keyPath, ca.keyPem, { mode: 0o600 });
  try {
    await writeFileAtomic(certPath, ca.certPem, { mode: 0o644 });
  } catch (err) {
    // A key without its certificate is of no use to anyone.
    await rm(keyPath, { force: true });
    throw err;
  }
  return ca;
}
