// Stage 4: the TLS handshakes, all concurrent: a baseline as a modern client would do it (public
// roots only), one per protocol version, an ATS-cipher probe, the chain as sent, and, with --ca,
// the same trust question against the private CA.
import { check, type Check } from '../report/check.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import { CHAIN_AS_SENT_ANCHOR, handshake, publicRootsContext, rootsWithContext, type HandshakeResult } from './tls-handshake.js';

const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export type ProtocolState = 'accepted' | 'refused' | 'untested';

/** App Transport Security's forward-secret suites at TLS 1.2, in OpenSSL names. */
const ATS_CIPHERS = [
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA',
];

// Our own OpenSSL refused to offer the protocol: says nothing about the server.
const CLIENT_SIDE = new Set([
  'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM',
]);

const PLAIN_HTTP = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

export interface TlsFacts {
  baseline: HandshakeResult;
  /** Against public roots plus --ca, when --ca was given. */
  privateTrust?: HandshakeResult;
  sentChain: HandshakeResult;
  protocols: Record<Protocol, { state: ProtocolState; code?: string }>;
  ats?: HandshakeResult;
  /** The same handshake without SNI (only when the host is a name). */
  noSni?: HandshakeResult;
}

export async function probeTls(
  address: string,
  port: number,
  servername: string | undefined,
  timeoutMs: number,
  ca: string[] | undefined,
  signal?: AbortSignal,
): Promise<TlsFacts> {
  const base = { address, port, timeoutMs, ...(servername ? { servername } : {}), ...(signal ? { signal } : {}) };
  const legacy = { ciphers: 'DEFAULT@SECLEVEL=0' };
  const [baseline, privateTrust, sentChain, ats, noSni, ...versions] = await Promise.all([
    handshake({ ...base, secureContext: publicRootsContext() }),
    ca && ca.length > 0 ? handshake({ ...base, secureContext: rootsWithContext(ca) }) : Promise.resolve(undefined),
    handshake({ ...base, ca: [CHAIN_AS_SENT_ANCHOR], minVersion: 'TLSv1', ...legacy }),
    handshake({ ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: ATS_CIPHERS.join(':') }),
    // Node sends no SNI to an IP address when no servername is given.
    servername ? handshake({ address, port, timeoutMs, minVersion: 'TLSv1', ...legacy, ...(signal ? { signal } : {}) }) : Promise.resolve(undefined),
    ...PROTOCOLS.map((v) =>
      handshake({ ...base, minVersion: v, maxVersion: v, ...(v === 'TLSv1' || v === 'TLSv1.1' ? legacy : {}) }),
    ),
  ]);
  const protocols = {} as TlsFacts['protocols'];
  PROTOCOLS.forEach((v, i) => {
    protocols[v] = protocolState(versions[i]!, v);
  });
  return { baseline, ...(privateTrust ? { privateTrust } : {}), sentChain, protocols, ats, ...(noSni ? { noSni } : {}) };
}

function protocolState(r: HandshakeResult, v: Protocol): { state: ProtocolState; code?: string } {
  if (r.ok) return r.protocol === v ? { state: 'accepted' } : { state: 'refused', code: r.protocol ?? 'other' };
  const code = r.errorCode ?? 'UNKNOWN';
  if (CLIENT_SIDE.has(code) || code === 'ETIMEDOUT') return { state: 'untested', code };
  return { state: 'refused', code };
}

function isPlainHttp(r: HandshakeResult): boolean {
  return !r.ok && PLAIN_HTTP.has(r.errorCode ?? '');
}

const VERSION_LABEL: Record<Protocol, string> = { TLSv1: '1.0', 'TLSv1.1': '1.1', 'TLSv1.2': '1.2', 'TLSv1.3': '1.3' };

export function tlsChecks(facts: TlsFacts): Check[] {
  const group = 'TLS';
  const checks: Check[] = [];
  const b = facts.baseline;
  const anyHandshake = b.ok || facts.sentChain.ok;

  if (b.ok) {
    const kx = b.ephemeral ? `${b.ephemeral.name ?? b.ephemeral.type}` : 'no ephemeral key';
    checks.push(
      check('tls.handshake', { protocol: label(b.protocol), cipher: b.cipher?.standardName ?? b.cipher?.name, kx, ms: b.ms }, {
        group,
        data: { protocol: b.protocol, cipher: b.cipher?.standardName, ephemeral: b.ephemeral },
      }),
    );
  } else if (isPlainHttp(b)) {
    checks.push(check('tls.plain-http', { code: b.errorCode }, { group }));
  } else if (b.errorCode === 'ETIMEDOUT') {
    checks.push(check('tls.handshake.timeout', {}, { group }));
  } else if (b.errorCode === 'ECONNRESET' && !facts.sentChain.ok) {
    checks.push(check('tls.handshake.reset', {}, { group }));
  } else if (!onlyLegacy(facts)) {
    // (A server that speaks only TLS 1.0/1.1 is explained by the versions check below.)
    checks.push(check('tls.handshake.failed', { code: b.errorCode, reason: networkReason(b.errorCode), message: b.errorMessage }, { group, data: { code: b.errorCode } }));
  }

  if (!anyHandshake && !facts.sentChain.ok && Object.values(facts.protocols).every((p) => p.state !== 'accepted')) {
    return checks;
  }

  const p = facts.protocols;
  const list = (s: ProtocolState) => PROTOCOLS.filter((v) => p[v].state === s).map((v) => VERSION_LABEL[v]);
  const accepted = list('accepted');
  const refused = list('refused');
  const untested = list('untested');
  const vars = {
    accepted: accepted.join(', ') || 'none',
    refused: refused.join(', ') || 'none',
    untested: untested.join(', '),
  };
  const data = { protocols: Object.fromEntries(PROTOCOLS.map((v) => [VERSION_LABEL[v], p[v].state])) };
  if (p['TLSv1.2'].state === 'accepted') checks.push(check('tls.versions', vars, { group, data }));
  else if (p['TLSv1.3'].state === 'accepted') checks.push(check('tls.versions.only-1.3', vars, { group, data }));
  else if (p['TLSv1.2'].state === 'untested' && p['TLSv1.3'].state !== 'refused') checks.push(check('tls.versions.untested', vars, { group, data }));
  else checks.push(check('tls.versions.no-modern', vars, { group, data }));
  if (p.TLSv1.state === 'accepted' || p['TLSv1.1'].state === 'accepted') {
    checks.push(check('tls.versions.legacy', { legacy: [p.TLSv1.state === 'accepted' ? '1.0' : '', p['TLSv1.1'].state === 'accepted' ? '1.1' : ''].filter(Boolean).join(' and ') }, { group }));
  }
  if (untested.length > 0 && p['TLSv1.2'].state !== 'untested') {
    checks.push(check('tls.versions.could-not-test', vars, { group }));
  }

  if (b.ok) {
    if (!b.ephemeral) checks.push(check('tls.forward-secrecy.none', { cipher: b.cipher?.standardName ?? b.cipher?.name }, { group }));
    else if (b.ephemeral.type === 'DH') checks.push(check('tls.forward-secrecy.dhe', { cipher: b.cipher?.standardName ?? b.cipher?.name }, { group }));
    else checks.push(check('tls.forward-secrecy', { kx: b.ephemeral.name ?? b.ephemeral.type }, { group }));
  }
  if (p['TLSv1.2'].state === 'accepted' && facts.ats) {
    if (facts.ats.ok) checks.push(check('tls.ats', { cipher: facts.ats.cipher?.standardName ?? facts.ats.cipher?.name }, { group }));
    else checks.push(check('tls.ats.none', {}, { group }));
  }
  const leaf = facts.sentChain.chain[0];
  if (facts.noSni && leaf) {
    const same = facts.noSni.ok && facts.noSni.chain[0]?.equals(leaf);
    if (!same) checks.push(check('tls.sni-required', { code: facts.noSni.ok ? 'another certificate' : facts.noSni.errorCode }, { group }));
  }
  return checks;
}

function onlyLegacy(facts: TlsFacts): boolean {
  const p = facts.protocols;
  return p['TLSv1.2'].state === 'refused' && p['TLSv1.3'].state === 'refused' && (p.TLSv1.state === 'accepted' || p['TLSv1.1'].state === 'accepted');
}

function label(protocol: string | undefined): string {
  if (!protocol) return 'TLS';
  return protocol.replace('TLSv1', 'TLS 1').replace(/^TLS 1$/, 'TLS 1.0');
}
