// One TLS handshake to a pinned address, collecting the facts the TLS and certificate checks judge.
// rejectUnauthorized is off on purpose: we gather facts and judge them ourselves.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { INTERRUPTED_CODE } from '../http/bounded-request.js';

export interface HandshakeOptions {
  address: string;
  port: number;
  /** SNI and the name checked against the certificate. */
  servername?: string;
  timeoutMs: number;
  /** Trust anchors as a prepared context (parsing the ~140 public roots per connection is costly). */
  secureContext?: tls.SecureContext;
  /** Trust anchors as PEM; by default only CHAIN_AS_SENT_ANCHOR (the probe then judges nothing about trust). */
  ca?: string[];
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
  /** Ctrl-C: the handshake stops at once. */
  signal?: AbortSignal;
}

export interface HandshakeResult {
  ok: boolean;
  errorCode?: string;
  errorMessage?: string;
  protocol?: string;
  cipher?: { name: string; standardName: string };
  /** undefined when no ephemeral key was used (no forward secrecy). */
  ephemeral?: { type: string; name?: string; size: number };
  authorized?: boolean;
  authorizationError?: string;
  /** The peer's chain as Node walked it (DER), leaf first. */
  chain: Buffer[];
  ms: number;
}

/**
 * A trust anchor that signs nothing: handshaking with only this as CA stops Node from appending
 * store certificates to getPeerCertificate(true), so the walked chain is exactly what the server sent.
 */
export const CHAIN_AS_SENT_ANCHOR = `-----BEGIN CERTIFICATE-----
MIIBzDCCAXOgAwIBAgIUGQMhwvYJyWDSjqlqh/OBUBXx9jgwCgYIKoZIzj0EAwIw
OzE5MDcGA1UEAwwwYXNuLWRvY3RvciBjaGFpbi1hcy1zZW50IGFuY2hvciAodHJ1
c3RzIG5vdGhpbmcpMCAXDTI2MTEyNjExMTIwNFoYDzIxMjYxMTAyMTExMjA0WjA7
MTkwNwYDVQQDDDBhc24tZG9jdG9yIGNoYWluLWFzLXNlbnQgYW5jaG9yICh0cnVz
dHMgbm90aGluZykwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQyFZJKjyf1bEwz
t568FkXkq7+ACjf2x42s6bgiPO0efFvbka+kfFpOZp3yKwz/AtGgFc8BGB7MNc7Z
V5wIGRiCo1MwUTAdBgNVHQ4EFgQUmhvNpUIwH/w/TUPHQrBo9J6izH8wHwYDVR0j
BBgwFoAUmhvNpUIwH/w/TUPHQrBo9J6izH8wDwYDVR0TAQH/BAUwAwEB/zAKBggq
hkjOPQQDAgNHADBEAiBldAvz32teLhGSZdTZSGGE5nAWxCzNgAMhebooZxsyZQIg
D+fuuZp1GlbqqLjzMvYEJUqIY+0jonpcpvSM4Vsyias=
-----END CERTIFICATE-----
`;

let publicRoots: tls.SecureContext | undefined;

/** Node's bundled public (Mozilla) roots only: NODE_EXTRA_CA_CERTS and system stores do not count. */
export function publicRootsContext(): tls.SecureContext {
  publicRoots ??= tls.createSecureContext({ ca: tls.rootCertificates.slice() });
  return publicRoots;
}

/** Public roots plus the rehearsal CAs given with --ca. */
export function rootsWithContext(extra: readonly string[]): tls.SecureContext {
  return tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] });
}

export function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  if (opts.signal?.aborted) return Promise.resolve({ ok: false, errorCode: INTERRUPTED_CODE, errorMessage: 'interrupted', chain: [], ms: 0 });
  return new Promise((resolve) => {
    const t0 = performance.now();
    let settled = false;
    const sock = tls.connect({
      host: opts.address,
      port: opts.port,
      ...(opts.servername ? { servername: opts.servername } : {}),
      ...(opts.secureContext ? { secureContext: opts.secureContext } : { ca: opts.ca ?? [CHAIN_AS_SENT_ANCHOR] }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
      ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
      ...(opts.ciphers ? { ciphers: opts.ciphers } : {}),
    });
    const onAbort = () => finish({ ok: false, errorCode: INTERRUPTED_CODE, errorMessage: 'interrupted', chain: [] });
    const finish = (r: Omit<HandshakeResult, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.removeAllListeners('error');
      sock.on('error', () => undefined);
      sock.destroy();
      resolve({ ...r, ms: Math.round(performance.now() - t0) });
    };
    const timer = setTimeout(
      () => finish({ ok: false, errorCode: 'ETIMEDOUT', errorMessage: 'handshake timed out', chain: [] }),
      opts.timeoutMs,
    );
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('secureConnect', () => {
      const cipher = sock.getCipher();
      const eph = sock.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
      const protocol = sock.getProtocol() ?? undefined;
      const result: Omit<HandshakeResult, 'ms'> = {
        ok: true,
        chain: walkChain(sock),
        authorized: sock.authorized,
        ...(protocol ? { protocol } : {}),
        ...(cipher ? { cipher: { name: cipher.name, standardName: cipher.standardName } } : {}),
        ...(eph && eph.type ? { ephemeral: { type: eph.type, ...(eph.name ? { name: eph.name } : {}), size: eph.size ?? 0 } } : {}),
        // TLS 1.3 always uses an ephemeral key exchange, though Node may not report it on resumption.
      };
      if (!result.ephemeral && protocol === 'TLSv1.3') result.ephemeral = { type: 'ECDH', size: 0 };
      if (!sock.authorized && sock.authorizationError) result.authorizationError = String(sock.authorizationError);
      finish(result);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      finish({ ok: false, errorCode: err.code ?? 'UNKNOWN', errorMessage: err.message, chain: [] });
    });
    sock.once('close', () => finish({ ok: false, errorCode: 'ECONNRESET', errorMessage: 'connection closed during the handshake', chain: [] }));
  });
}

function walkChain(sock: tls.TLSSocket): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = sock.getPeerCertificate(true);
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    out.push(cur.raw);
    const next: tls.DetailedPeerCertificate | undefined = cur.issuerCertificate;
    if (!next || next === cur) break;
    cur = next;
  }
  return out;
}

export function toX509(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}
