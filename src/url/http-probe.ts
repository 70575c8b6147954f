// Stage 6: real POSTs, pinned to the address the TCP stage reached. P1 is the verdict; P2 repeats it
// to expose a cold start (the only sequential pair); the 24 KB body, a browser-UA POST (tunnels and
// bot walls) and a GET (to explain 404/405) run alongside P2.
import type { LookupFunction } from 'node:net';
import { postNotification, type PostResult } from '../delivery/post.js';
import type { HostLookup, ResolvedAddress } from './dns.js';
import { fingerprint } from './fingerprints.js';
import { LARGE_PROBE_BYTES, probeBody, probeHeaders } from './probe-body.js';

export interface HttpProbeOptions {
  url: string;
  host: string;
  address: ResolvedAddress;
  timeoutMs: number;
  /** Resolves other hosts a redirect may point at. */
  lookup: HostLookup;
  version: string;
  /** Also POST with a browser User-Agent (tunnels and bot walls key their interstitials on it). */
  browserProbe: boolean;
  /**
   * Called once when other probes may start without skewing the timed POSTs: when the second POST
   * and the large one are connected, when the first POST fails, or when the first POST has not
   * connected within `sideProbeGraceMs` (a hanging server must not make everything wait twice).
   */
  startSideProbes?: () => void;
  sideProbeGraceMs?: number;
  signal?: AbortSignal;
}

export interface HttpFacts {
  first: PostResult;
  second?: PostResult;
  large?: PostResult;
  browser?: PostResult;
  get?: PostResult;
}

function pinnedLookup(host: string, address: ResolvedAddress, fallback: HostLookup): LookupFunction {
  return ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    const answer = (rows: ResolvedAddress[]) => {
      if (all) callback(null, rows.map((r) => ({ address: r.address, family: r.family })));
      else callback(null, rows[0]!.address, rows[0]!.family);
    };
    if (hostname.toLowerCase() === host.toLowerCase()) return answer([address]);
    fallback(hostname).then(
      (rows) => (rows.length ? answer(rows) : callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }))),
      (err: unknown) => callback(err),
    );
  }) as LookupFunction;
}

export async function probeHttp(o: HttpProbeOptions): Promise<HttpFacts> {
  const lookup = pinnedLookup(o.host, o.address, o.lookup);
  const post = (body: string, browser = false, method: 'POST' | 'GET' = 'POST', onConnect?: () => void) =>
    postNotification({
      url: o.url,
      body,
      method,
      headers: probeHeaders(o.version, browser),
      timeoutMs: o.timeoutMs,
      insecure: true, // TLS is judged by its own stage; keep going to find HTTP problems too
      lookup,
      servername: o.host,
      redirects: 'report',
      keepBodyBytes: 4096,
      ...(onConnect ? { onConnect } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });

  const small = probeBody();
  let started = false;
  const startSide = () => {
    if (!started) (started = true), o.startSideProbes?.();
  };
  const grace = setTimeout(startSide, o.sideProbeGraceMs ?? 1000);
  const first = await post(small, false, 'POST', () => clearTimeout(grace));
  clearTimeout(grace);
  // A transport failure (timeout, reset, TLS) would repeat identically; do not wait for it again.
  if (first.status === undefined || first.errorCode !== undefined) {
    startSide();
    return { first };
  }
  let pending = 2; // the second POST and the large one
  const up = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      pending -= 1;
      if (pending === 0) startSide();
    };
  };
  const secondUp = up();
  const largeUp = up();

  const wantGet = first.status === 404 || first.status === 405;
  const wantBrowser = o.browserProbe || fingerprint(first).vendor !== undefined;
  const [second, large, browser, get] = await Promise.all([
    post(small, false, 'POST', secondUp).finally(secondUp),
    post(probeBody({ targetBytes: LARGE_PROBE_BYTES }), false, 'POST', largeUp).finally(largeUp),
    wantBrowser ? post(small, true) : Promise.resolve(undefined),
    wantGet ? post('', false, 'GET') : Promise.resolve(undefined),
  ]);
  return { first, second, large, ...(browser ? { browser } : {}), ...(get ? { get } : {}) };
}
