// Stage 3: a plain TCP connect to every resolved address, so "refused", "dropped" and "no route"
// are told apart before TLS muddies them.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { check, type Check } from '../report/check.js';
import type { ResolvedAddress } from './dns.js';
import { preferredAddress } from './targets.js';
import { INTERRUPTED_CODE } from '../http/bounded-request.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';

export type TcpOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'no-route-here' | 'error';

export interface TcpResult {
  address: ResolvedAddress;
  outcome: TcpOutcome;
  ms: number;
  code?: string;
}

function connectOnce(address: ResolvedAddress, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpResult> {
  if (signal?.aborted) return Promise.resolve({ address, outcome: 'error', ms: 0, code: INTERRUPTED_CODE });
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host: address.address, port, family: address.family });
    const onAbort = () => done('error', INTERRUPTED_CODE);
    const done = (outcome: TcpOutcome, code?: string) => {
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ address, outcome, ms: Math.round(performance.now() - t0), ...(code ? { code } : {}) });
    };
    // Nothing arrives before a connection is up, so the idle timeout bounds the connect.
    socket.setTimeout(timeoutMs, () => done('timeout', 'ETIMEDOUT'));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done('connected'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'UNKNOWN';
      if (code === 'ECONNREFUSED') return done('refused', code);
      if (code === 'ETIMEDOUT') return done('timeout', code);
      if (code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENETDOWN') return done('no-route-here', code);
      if (code === 'EHOSTUNREACH') return done('unreachable', code);
      return done('error', code);
    });
  });
}

// no-route-here: no route from this machine (common for IPv6 or offline machines), not the server's fault.
const TCP_IDS: Readonly<Record<TcpOutcome, DiagnosticId>> = {
  connected: 'tcp.connected',
  refused: 'tcp.refused',
  timeout: 'tcp.timeout',
  'no-route-here': 'tcp.no-route-here',
  unreachable: 'tcp.unreachable',
  error: 'tcp.error',
};

export interface TcpStage {
  checks: Check[];
  results: TcpResult[];
  /** The address later stages use: the first that connected (IPv4 first, like Apple's IPv4-only range). */
  chosen?: ResolvedAddress;
  couldNotTest: boolean;
}

export async function probeTcp(addresses: ResolvedAddress[], port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpStage> {
  const group = 'TCP';
  const results = await Promise.all(addresses.map((a) => connectOnce(a, port, timeoutMs, signal)));
  const checks: Check[] = [];
  for (const r of results) {
    const vars = { address: formatHostPort(r.address.address, port), ms: r.ms, code: r.code, reason: networkReason(r.code), seconds: timeoutMs / 1000 };
    const data = { address: r.address.address, outcome: r.outcome, ms: r.ms, ...(r.code ? { code: r.code } : {}) };
    checks.push(check(TCP_IDS[r.outcome], vars, { group, data }));
  }
  const connected = results.filter((r) => r.outcome === 'connected');
  const chosen = preferredAddress(connected.map((r) => r.address));
  const couldNotTest = connected.length === 0 && results.length > 0 && results.every((r) => r.outcome === 'no-route-here');
  return { checks, results, ...(chosen ? { chosen } : {}), couldNotTest };
}

function formatHostPort(address: string, port: number): string {
  return net.isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}
