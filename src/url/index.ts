// check-url's public API: will Apple be able to deliver notifications to this URL, and if not, why.
// Used by the check-url command, doctor and demo. Returns plain data; renderCheckUrlReport turns it
// into lines.
import { setMaxListeners } from 'node:events';
import { check, type Check } from '../report/check.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';
import { certificateChecks } from './certificate-policy.js';
import { interruptedError } from '../report/diagnostics/errors.js';
import { lookupUntil, lookupWithOverrides, resolveHost, systemLookup, type HostLookup, type ResolveOverride } from './dns.js';
import { httpChecks } from './http-checks.js';
import { probeHttp } from './http-probe.js';
import { isTunnel, platformForHost } from './platforms.js';
import { checkUrlRules, nonPublicSuffix } from './rules.js';
import { comparePublicDns, publicResolversLookup, type PublicComparison, type PublicLookup } from './public-dns.js';
import { predict, type Verdict } from './summary.js';
import { probeTcp } from './tcp.js';
import { probeTls, tlsChecks } from './tls-probes.js';
import { addressKind, splitContactable } from './targets.js';

export type { Check } from '../report/check.js';
export type { HostLookup, ResolveOverride, ResolvedAddress } from './dns.js';
export type { Verdict } from './summary.js';
export type { PublicLookup } from './public-dns.js';
export { renderCheckUrlReport } from './render.js';

export interface CheckUrlOptions {
  /**
   * Per-phase limit, ms (default 10 000): DNS, TCP, each TLS handshake, each HTTP request from
   * connect to last body byte, and a redirect chain as a whole. The phases run in at most
   * CHECK_URL_PHASES steps, so a check ends within CHECK_URL_PHASES × timeoutMs whatever the server does.
   */
  timeoutMs?: number;
  /** Like curl --resolve: connect to `address` for `host:port` instead of resolving it. */
  resolve?: ResolveOverride[];
  /** Extra trust anchors (PEM) for rehearsal; the report still says Apple will not trust them. */
  ca?: string[];
  /**
   * Private or special addresses and names become warnings instead of failures (local rehearsal).
   * Without it, no such address is ever contacted: the report stops at what Apple would meet.
   */
  allowPrivate?: boolean;
  /** false skips the POSTs (default true). */
  probe?: boolean;
  /** Host name resolution (default: the system resolver, like getaddrinfo). Tests inject one. */
  lookup?: HostLookup;
  /**
   * Public resolvers to compare with (default: 1.1.1.1 and 8.8.8.8, unless `lookup` is injected);
   * false turns the comparison off. Skipped for --resolve names and IP literals; never waited for.
   */
  publicLookup?: PublicLookup | false;
  /** Ctrl-C: every stage stops at once and checkUrl throws InterruptedError (exit 130). */
  signal?: AbortSignal;
}

export interface CheckUrlReport {
  ok: boolean;
  url: string;
  normalizedUrl?: string;
  /** The sendAttemptResult Apple would most likely record; null when this machine could not test. */
  predictedResult: SendAttemptResult | null;
  verdict: Verdict;
  /** The check the verdict rests on. */
  decisiveCheck?: string;
  /** The address the TCP, TLS and HTTP stages used. */
  address?: string;
  durationMs: number;
  checks: Check[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
const TLS_GRACE_MS = 1000;
const PUBLIC_DNS_TIMEOUT_MS = 1500;

/**
 * Sequential steps, each bounded by the timeout: DNS; TCP; the first POST; then, side by side, the
 * second POST, the large one, the GET, the redirect chain and the TLS handshakes (which start at the
 * latest a quarter-timeout into the first POST). docs/commands/check-url.md (Time limits) promises this multiple.
 */
export const CHECK_URL_PHASES = 4;

export async function checkUrl(url: string, opts: CheckUrlOptions = {}): Promise<CheckUrlReport> {
  const outer = opts.signal;
  if (!outer) return runChecks(url, opts);
  if (outer.aborted) throw interruptedError();
  // One listener on the caller's signal; the stages (a dozen sockets at once) listen to this one.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  let onAbort: () => void = () => undefined;
  const interrupted = new Promise<undefined>((resolve) => {
    onAbort = () => {
      stop.abort();
      resolve(undefined);
    };
    outer.addEventListener('abort', onAbort, { once: true });
  });
  const work = runChecks(url, { ...opts, signal: stop.signal });
  try {
    const done = await Promise.race([work.then((report) => ({ report })), interrupted]);
    if (done && !outer.aborted) return done.report;
    // Every stage stops on the signal within moments; let them close their sockets before the
    // caller tears down what they were talking to (the demo's receiver), but never wait long.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, SETTLE_MS)))]);
    clearTimeout(timer);
    throw interruptedError();
  } finally {
    outer.removeEventListener('abort', onAbort);
  }
}

/** After Ctrl-C, how long the stopped stages may take to close their sockets. */
const SETTLE_MS = 300;

async function runChecks(url: string, opts: CheckUrlOptions): Promise<CheckUrlReport> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const allowPrivate = opts.allowPrivate ?? false;
  const overrides = opts.resolve ?? [];
  const lookup = lookupWithOverrides(overrides, opts.lookup ?? systemLookup);
  const checks: Check[] = [];
  let couldNotTest: string | undefined;
  let address: string | undefined;

  // The public-DNS comparison is never waited for; whatever it has by the end joins the DNS checks.
  let comparison: PublicComparison | undefined;
  let dnsEnd = 0;
  const finish = (normalizedUrl?: string): CheckUrlReport => {
    if (comparison) checks.splice(dnsEnd, 0, ...comparison.collect());
    const p = predict(checks, couldNotTest);
    return {
      ok: p.verdict === 'deliverable',
      url,
      ...(normalizedUrl ? { normalizedUrl } : {}),
      predictedResult: p.predictedResult,
      verdict: p.verdict,
      ...(p.decisiveCheck ? { decisiveCheck: p.decisiveCheck } : {}),
      ...(address ? { address } : {}),
      durationMs: Math.round(performance.now() - started),
      checks,
    };
  };

  // URL
  const rules = checkUrlRules(url, { allowPrivate });
  checks.push(...rules.checks);
  const target = rules.target;
  if (!target || !rules.canContinue) {
    if (target) checks.push(check('stage.skipped.not-https', {}, { group: 'DNS' }));
    return finish(target?.normalizedUrl);
  }

  // DNS (the look-up and, after a failure, the canary share one timeout)
  const dns = await resolveHost(target.host, target.port, {
    overrides,
    lookup: lookupUntil(lookup, performance.now() + timeoutMs, opts.signal),
    allowPrivate,
    ...(target.ipLiteral ? { ipLiteral: target.ipLiteral } : {}),
  });
  checks.push(...dns.checks);
  if (dns.couldNotTest) couldNotTest = 'dns.unavailable';
  const publicLookup = opts.publicLookup ?? (opts.lookup ? false : publicResolversLookup);
  comparison =
    publicLookup && !dns.pinned && !target.ipLiteral && !nonPublicSuffix(target.host) && dns.addresses.length > 0
      ? comparePublicDns(target.host, dns.addresses, publicLookup, Math.min(PUBLIC_DNS_TIMEOUT_MS, timeoutMs))
      : undefined;
  dnsEnd = checks.length;
  if (dns.addresses.length === 0) {
    checks.push(check('stage.skipped.no-address', {}, { group: 'TCP' }));
    return finish(target.normalizedUrl);
  }

  // Without --allow-private nothing is sent to an address Apple could not reach: stop at the verdict.
  const { allowed, refused } = splitContactable(dns.addresses, allowPrivate);
  if (allowed.length === 0) {
    checks.push(check('stage.skipped.not-contacted', { addresses: refused.map((r) => r.address.address).join(', ') }, { group: 'TCP' }));
    return finish(target.normalizedUrl);
  }
  for (const r of refused) {
    checks.push(check('tcp.not-contacted', { address: r.address.address, kind: addressKind(r.classification) }, { group: 'TCP', data: { address: r.address.address, class: r.classification.class } }));
  }

  // TCP
  const tcp = await probeTcp(allowed, target.port, timeoutMs, opts.signal);
  checks.push(...tcp.checks);
  if (tcp.couldNotTest) couldNotTest = 'tcp.no-route-here';
  const chosen = tcp.chosen;
  if (!chosen) {
    checks.push(check('stage.skipped.no-connection', {}, { group: 'TLS' }));
    if (tcp.results.some((r) => r.outcome === 'timeout')) checks.push(check('allowlist.hint.timeout', {}, { group: 'Allow list' }));
    return finish(target.normalizedUrl);
  }
  address = chosen.address;

  // The timed POSTs come first so their times measure the server, not our own handshakes; the TLS
  // probes start once the second POST and the large one are connected (see probeHttp).
  const servername = target.ipLiteral ? undefined : target.host;
  const probe = opts.probe !== false;
  const platform = platformForHost(target.host);
  let startTls: () => void = () => undefined;
  const tlsMayStart = probe ? new Promise<void>((resolve) => (startTls = resolve)) : Promise.resolve();
  const httpPromise = probe
    ? probeHttp({
        url: target.normalizedUrl,
        host: target.host,
        address: chosen,
        timeoutMs,
        lookup,
        allowPrivate,
        browserProbe: isTunnel(platform),
        startSideProbes: () => startTls(),
        sideProbeGraceMs: Math.min(TLS_GRACE_MS, timeoutMs / 4),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }).finally(() => startTls())
    : undefined;
  // The handshakes may start late (when the second POST connects): they get what is left of the bound.
  const endBy = started + CHECK_URL_PHASES * timeoutMs;
  const tlsPromise = tlsMayStart.then(() =>
    probeTls(chosen.address, target.port, servername, Math.max(1, Math.min(timeoutMs, endBy - performance.now())), opts.ca, opts.signal),
  );
  const [tlsFacts, httpFacts] = await Promise.all([tlsPromise, httpPromise]);

  checks.push(...tlsChecks(tlsFacts));
  if (tlsFacts.baseline.ok || tlsFacts.sentChain.ok) {
    checks.push(
      ...certificateChecks({
        baseline: tlsFacts.baseline,
        ...(tlsFacts.privateTrust ? { privateTrust: tlsFacts.privateTrust } : {}),
        sentChain: tlsFacts.sentChain,
        host: target.host,
        ...(target.ipLiteral ? { ipLiteral: target.ipLiteral } : {}),
      }),
    );
  }

  if (httpFacts) {
    checks.push(...httpChecks(httpFacts, { timeoutMs }));
  } else {
    checks.push(check('http.skipped', {}, { group: 'HTTP' }));
  }
  return finish(target.normalizedUrl);
}
