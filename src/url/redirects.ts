// When the probe POST is redirected: where does the chain lead? Apple documents only 200-206 as a
// delivered notification, and how far its sender follows redirects is not documented (its
// CIRCULAR_REDIRECT result shows it follows some; docs/apple/delivery.md#redirects). So a 3xx is
// always reported as the failure, and the chain is inspected only to name its end: a loop, a final
// URL to register instead, or a hop that was not followed. Every hop is checked before anything is
// sent to it: https only, and its addresses go through the same rules as the first URL (targets.ts).
// At most MAX_REDIRECT_HOPS hops, all within one --timeout.
import { performance } from 'node:perf_hooks';
import { isIP } from 'node:net';
import { postNotification, type PostResult } from '../delivery/post.js';
import { lookupUntil, type HostLookup, type ResolvedAddress } from './dns.js';
import { stripBrackets } from './rules.js';
import { addressKind, pinnedLookup, preferredAddress, splitContactable } from './targets.js';

export const MAX_REDIRECT_HOPS = 5;

export interface TracedHop {
  url: string;
  status: number;
  location: string;
}

export type ChainEnd =
  /** A hop answered something other than a redirect. */
  | { kind: 'answered'; url: string; status: number }
  /** A hop redirected to a URL already visited. */
  | { kind: 'loop'; url: string }
  /** Still redirecting after MAX_REDIRECT_HOPS hops. */
  | { kind: 'too-many' }
  /** The next hop was not contacted, and why. */
  | { kind: 'not-followed'; url: string; reason: 'not-https' | 'bad-location' | 'no-location' | 'private-address' | 'no-address'; detail?: string }
  /** A hop was contacted but gave no HTTP answer (timeout, reset, TLS…). */
  | { kind: 'failed'; url: string; result: PostResult['result']; code?: string }
  /** The time for the whole chain ran out before its end was seen. */
  | { kind: 'out-of-time'; url: string };

export interface RedirectChain {
  /** Every redirect seen, the first POST's included. */
  hops: TracedHop[];
  end: ChainEnd;
}

export interface TraceOptions {
  /** Resolves host names (--resolve entries first). */
  lookup: HostLookup;
  allowPrivate: boolean;
  /** For the whole chain. */
  timeoutMs: number;
  /** The probe's headers and body; 301/302/303 are followed with a GET, as HTTP clients do. */
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
}

/** Follows the Location of `first` (a 3xx answer to `firstUrl`), checking each hop first. */
export async function traceRedirects(firstUrl: string, first: PostResult, o: TraceOptions): Promise<RedirectChain> {
  const deadlineAt = performance.now() + o.timeoutMs;
  const hops: TracedHop[] = [];
  const visited = new Set([firstUrl]);
  let url = firstUrl;
  let answer: Pick<PostResult, 'status' | 'headers'> = first;

  for (;;) {
    const status = answer.status!;
    const location = answer.headers?.location;
    if (!location) return { hops, end: { kind: 'not-followed', url, reason: 'no-location' } };
    const next = resolveLocation(location, url);
    hops.push({ url, status, location: next ?? location });
    if (!next) return { hops, end: { kind: 'not-followed', url: location, reason: 'bad-location' } };
    if (visited.has(next)) return { hops, end: { kind: 'loop', url: next } };
    if (hops.length > MAX_REDIRECT_HOPS) return { hops, end: { kind: 'too-many' } };
    visited.add(next);

    const target = new URL(next);
    if (target.protocol !== 'https:') return { hops, end: { kind: 'not-followed', url: next, reason: 'not-https' } };
    const host = stripBrackets(target.hostname);
    const address = await vetHost(host, o, deadlineAt);
    if ('reason' in address) return { hops, end: { kind: 'not-followed', url: next, ...address } };

    const remaining = deadlineAt - performance.now();
    if (remaining <= 0) return { hops, end: { kind: 'out-of-time', url: next } };
    const get = status === 301 || status === 302 || status === 303;
    const r = await postNotification({
      url: next,
      method: get ? 'GET' : 'POST',
      body: get ? '' : o.body,
      headers: o.headers,
      timeoutMs: remaining,
      insecure: true, // only where the chain leads matters here
      lookup: pinnedLookup(host, address),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      redirects: 'none',
      keepBodyBytes: 0,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (r.status === undefined) {
      if (r.result === 'TIMED_OUT' && deadlineAt - performance.now() <= 0) return { hops, end: { kind: 'out-of-time', url: next } };
      return { hops, end: { kind: 'failed', url: next, result: r.result, ...(r.errorCode ? { code: r.errorCode } : {}) } };
    }
    if (r.status < 300 || r.status >= 400) return { hops, end: { kind: 'answered', url: next, status: r.status } };
    url = next;
    answer = r;
  }
}

/** An address of `host` that may be contacted, or why there is none. */
async function vetHost(
  host: string,
  o: TraceOptions,
  deadlineAt: number,
): Promise<ResolvedAddress | { reason: 'private-address' | 'no-address'; detail: string }> {
  let addresses: ResolvedAddress[];
  const family = isIP(host);
  if (family !== 0) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await lookupUntil(o.lookup, deadlineAt, o.signal)(host);
    } catch (err) {
      return { reason: 'no-address', detail: (err as { code?: string }).code ?? 'UNKNOWN' };
    }
  }
  const { allowed, refused } = splitContactable(addresses, o.allowPrivate);
  const chosen = preferredAddress(allowed);
  if (chosen) return chosen;
  const first = refused[0];
  if (!first) return { reason: 'no-address', detail: 'ENODATA' };
  return { reason: 'private-address', detail: `${first.address.address}, ${addressKind(first.classification)}` };
}

function resolveLocation(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}
