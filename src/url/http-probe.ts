// Stage 6: real POSTs, pinned to the address the TCP stage reached. P1 is the verdict; P2 repeats it
// to expose a cold start (the only sequential pair); the 24 KB body, a browser-UA POST (tunnels and
// bot walls), a GET (to explain 404/405) and, after a redirect, the inspection of its chain
// (redirects.ts) run alongside P2. Each request ends within one timeout, so the stage ends within two.
import { postNotification, type PostResult } from '../delivery/post.js';
import type { HostLookup, ResolvedAddress } from './dns.js';
import { fingerprint } from './fingerprints.js';
import { LARGE_PROBE_BYTES, probeBody, probeHeaders } from './probe-body.js';
import { traceRedirects, type RedirectChain } from './redirects.js';
import { pinnedLookup } from './targets.js';

export interface HttpProbeOptions {
  url: string;
  host: string;
  address: ResolvedAddress;
  timeoutMs: number;
  /** Resolves the hosts a redirect points at (their addresses are checked before any contact). */
  lookup: HostLookup;
  allowPrivate: boolean;
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
  /** Where the first POST's redirect leads, when it was one. */
  chain?: RedirectChain;
}

/** Enough of a body to recognise a WAF page or a platform's error; the rest is never read. */
const KEEP_BODY_BYTES = 4096;

export async function probeHttp(o: HttpProbeOptions): Promise<HttpFacts> {
  const lookup = pinnedLookup(o.host, o.address);
  const post = (body: string, browser = false, method: 'POST' | 'GET' = 'POST', onConnect?: () => void) =>
    postNotification({
      url: o.url,
      body,
      method,
      headers: probeHeaders(browser),
      timeoutMs: o.timeoutMs,
      insecure: true, // TLS is judged by its own stage; keep going to find HTTP problems too
      lookup,
      servername: o.host,
      redirects: 'none', // the chain is inspected separately, hop by hop (redirects.ts)
      keepBodyBytes: KEEP_BODY_BYTES,
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
  const redirected = first.status >= 300 && first.status < 400;
  const [second, large, browser, get, chain] = await Promise.all([
    post(small, false, 'POST', secondUp).finally(secondUp),
    post(probeBody({ targetBytes: LARGE_PROBE_BYTES }), false, 'POST', largeUp).finally(largeUp),
    wantBrowser ? post(small, true) : Promise.resolve(undefined),
    wantGet ? post('', false, 'GET') : Promise.resolve(undefined),
    redirected
      ? traceRedirects(o.url, first, {
          lookup: o.lookup,
          allowPrivate: o.allowPrivate,
          timeoutMs: o.timeoutMs,
          headers: probeHeaders(),
          body: small,
          ...(o.signal ? { signal: o.signal } : {}),
        })
      : Promise.resolve(undefined),
  ]);
  return { first, second, large, ...(browser ? { browser } : {}), ...(get ? { get } : {}), ...(chain ? { chain } : {}) };
}
