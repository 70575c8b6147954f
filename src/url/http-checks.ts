// Judges the HTTP probes by Apple's rules: only 200-206 succeed, any 3xx fails (loops are
// CIRCULAR_REDIRECT), a 4xx from a handler that rejected our unsigned probe is reachable-but-explained.
import { inspectCharset } from '../delivery/classify.js';
import type { PostResult } from '../delivery/post.js';
import { check, type Check } from '../report/check.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import { fingerprint, type Fingerprint } from './fingerprints.js';
import type { HttpFacts } from './http-probe.js';
import { MAX_REDIRECT_HOPS, type RedirectChain } from './redirects.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';

const SLOW_MS = 1000;
const TOO_SLOW_MS = 5000;

const ERROR_IDS: Readonly<Record<string, DiagnosticId>> = {
  TIMED_OUT: 'http.timeout',
  NO_RESPONSE: 'http.no-response',
  PREMATURE_CLOSE: 'http.premature-close',
  INVALID_RESPONSE: 'http.invalid-response',
  SOCKET_ISSUE: 'http.socket',
  TLS_ISSUE: 'http.tls',
};

export interface HttpCheckContext {
  timeoutMs: number;
}

export function httpChecks(facts: HttpFacts, ctx: HttpCheckContext): Check[] {
  const group = 'HTTP';
  const checks: Check[] = [];
  const first = facts.first;
  const seconds = ctx.timeoutMs / 1000;
  const fp = fingerprint(first);

  if (first.status === undefined || first.errorCode !== undefined) {
    // The status line came, the body did not finish: name the status, so the timeout is not mistaken for silence.
    const id = first.status !== undefined && first.result === 'TIMED_OUT' ? 'http.timeout.body' : (ERROR_IDS[first.result] ?? 'http.error');
    const vars = { code: first.errorCode, reason: networkReason(first.errorCode), message: first.errorMessage, seconds, ms: first.totalMs, status: first.status };
    checks.push(check(id, vars, { group, data: probeData(first) }));
    // Headers may have arrived before the failure.
    checks.push(...allowListHint(first, fp));
    return checks;
  }

  checks.push(statusCheck(first, fp, facts.get, seconds, facts.chain));
  if (facts.chain) checks.push(...chainChecks(facts.chain));
  if (fp.vendor) checks.push(check('http.vendor', { vendor: vendorName(fp.vendor), evidence: fp.evidence }, { group, data: { vendor: fp.vendor } }));

  // Time to response, twice: a first answer far slower than the second is a cold start.
  const t1 = first.timeToHeadersMs ?? first.totalMs;
  const t2 = facts.second?.timeToHeadersMs;
  const timeVars = { ms: t1, ms2: t2 ?? '-', seconds };
  if (t1 > TOO_SLOW_MS) checks.push(check('http.latency.too-slow', timeVars, { group }));
  else if (t1 > SLOW_MS) checks.push(check('http.latency.slow', timeVars, { group }));
  else checks.push(check('http.latency', timeVars, { group }));
  if (facts.second && (facts.second.status === undefined || facts.second.errorCode !== undefined)) {
    checks.push(check('http.second.failed', { result: facts.second.result, code: facts.second.errorCode, reason: networkReason(facts.second.errorCode) }, { group, sendAttemptResult: facts.second.result }));
  } else if (t2 !== undefined && t1 > 2 * t2 && t1 - t2 > 500) {
    checks.push(check('http.cold-start', timeVars, { group }));
  }

  // Charset of the response.
  if (first.charset !== undefined || first.result === 'UNSUPPORTED_CHARSET' || first.headers?.['content-type']) {
    const contentType = first.headers?.['content-type'] ?? '';
    if (first.result === 'UNSUPPORTED_CHARSET' || !inspectCharset(contentType).supported) {
      checks.push(check('http.charset.unsupported', { contentType }, { group }));
    } else {
      checks.push(check('http.charset', { contentType }, { group }));
    }
  }

  // Real notifications are about 18 KB: a body-size limit lets the small TEST pass and blocks the rest.
  const large = facts.large;
  if (large) {
    const kb = 24;
    const answered = large.status !== undefined && large.errorCode === undefined;
    const sameClass = answered && statusClass(large.status!) === statusClass(first.status);
    const firstOk = ['ok', 'app-4xx'].includes(statusClass(first.status));
    if (sameClass) checks.push(check('http.large-body', { kb, status: large.status }, { group, ...(firstOk ? {} : { status: 'info' }) }));
    else if (answered) checks.push(check('http.large-body.rejected', { kb, status: large.status, small: first.status }, { group, sendAttemptResult: large.result === 'SUCCESS' ? 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' : large.result }));
    else checks.push(check('http.large-body.error', { kb, code: large.errorCode, reason: networkReason(large.errorCode), small: first.status }, { group, sendAttemptResult: large.result }));
  }

  // A browser User-Agent sees something else: an interstitial Apple's client will not get.
  if (facts.browser?.status !== undefined && facts.browser.errorCode === undefined) {
    const bfp = fingerprint(facts.browser);
    if (bfp.interstitial && bfp.interstitial !== fp.interstitial) {
      checks.push(check('http.browser-interstitial', { status: facts.browser.status, kind: bfp.interstitial }, { group }));
    }
  }

  checks.push(...allowListHint(first, fp));
  return checks;
}

/** A proxy, WAF or access rule answered: point at the allow list. */
function allowListHint(first: PostResult, fp: Fingerprint): Check[] {
  return fp.vendor || first.status === 403 ? [check('allowlist.hint.waf', {}, { group: 'Allow list' })] : [];
}

function statusCheck(r: PostResult, fp: Fingerprint, get: PostResult | undefined, seconds: number, chain: RedirectChain | undefined): Check {
  const group = 'HTTP';
  const status = r.status!;
  const ms = r.timeToHeadersMs ?? r.totalMs;
  const data = { ...probeData(r), ...(chain ? { redirectChain: chain } : {}) };
  const vars = { status, ms, seconds, location: chain?.hops[0]?.location ?? r.headers?.location ?? '(none)' };
  if (fp.interstitial) return check(`http.interstitial.${fp.interstitial}`, vars, { group, data });
  if (chain?.end.kind === 'loop') return check('http.redirect.circular', { ...vars, hops: [r.url, ...chain.hops.map((h) => h.location)].join(' → ') }, { group, data });
  if (status >= 200 && status <= 206) return check('http.status.ok', vars, { group, data });
  if (status >= 200 && status < 300) return check('http.status.2xx-not-success', vars, { group, data });
  if (status >= 300 && status < 400) {
    const id = status === 301 || status === 302 || status === 303 ? 'http.redirect.method-change' : 'http.redirect';
    return check(id, vars, { group, data });
  }
  if (status === 401) {
    const basic = /^\s*basic/i.test(r.headers?.['www-authenticate'] ?? '');
    return check(basic ? 'http.status.basic-auth' : 'http.status.401', vars, { group, data });
  }
  if (status === 404) return check('http.status.404', { ...vars, get: getHint(get) }, { group, data });
  if (status === 405) return check('http.status.405', { ...vars, get: getHint(get), allow: r.headers?.allow ?? 'not stated' }, { group, data });
  if (status === 403) return check('http.status.403', vars, { group, data });
  if (status === 408) return check('http.status.408', vars, { group, data });
  if (status === 413) return check('http.status.413', vars, { group, data });
  if (status === 429) return check('http.status.429', vars, { group, data });
  if (status === 410) return check('http.status.410', vars, { group, data });
  if (status >= 500) return check('http.status.5xx', vars, { group, data });
  if (status >= 400) return check('http.status.probe-rejected', vars, { group, data });
  return check('http.status.other', vars, { group, data });
}

/** Where the redirect chain ends; the failure itself is the first 3xx (or the loop). */
function chainChecks(chain: RedirectChain): Check[] {
  const group = 'HTTP';
  const end = chain.end;
  const vars = { hops: chain.hops.length, max: MAX_REDIRECT_HOPS };
  switch (end.kind) {
    case 'loop':
      return [];
    case 'answered':
      return [check('http.redirect.chain.ends', { ...vars, url: end.url, status: end.status }, { group })];
    case 'too-many':
      return [check('http.redirect.chain.too-long', vars, { group })];
    case 'not-followed':
      return [check(`http.redirect.not-followed.${end.reason}`, { ...vars, url: end.url, detail: end.detail, reason: networkReason(end.detail) }, { group })];
    case 'failed':
      return [check('http.redirect.chain.failed', { ...vars, url: end.url, result: end.result, reason: networkReason(end.code) }, { group })];
    case 'out-of-time':
      return [check('http.redirect.chain.out-of-time', { ...vars, url: end.url }, { group })];
  }
}

function getHint(get: PostResult | undefined): string {
  if (!get || get.status === undefined) return 'not tried';
  return String(get.status);
}

function statusClass(status: number): string {
  if (status >= 200 && status <= 206) return 'ok';
  if (status >= 400 && status < 500 && ![404, 405, 408, 413, 429, 401, 403].includes(status)) return 'app-4xx';
  return String(status);
}

function probeData(r: PostResult): Record<string, unknown> {
  return {
    status: r.status,
    result: r.result,
    timeToHeadersMs: r.timeToHeadersMs,
    totalMs: r.totalMs,
    ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    ...(r.headers?.server ? { server: r.headers.server } : {}),
  };
}

const VENDOR_NAMES: Record<string, string> = {
  cloudflare: 'Cloudflare',
  'aws-cloudfront': 'Amazon CloudFront',
  'aws-elb': 'an AWS load balancer',
  'aws-api-gateway': 'AWS API Gateway',
  google: 'Google Front End (Cloud Run, Cloud Functions or a Google load balancer)',
  vercel: 'Vercel',
  akamai: 'Akamai',
  azure: 'Azure Front Door',
  ngrok: 'ngrok',
  netlify: 'Netlify',
  fastly: 'Fastly',
};

function vendorName(v: string): string {
  return VENDOR_NAMES[v] ?? v;
}
