// Stage 1: the URL itself, by Apple's rules. Works on the WHATWG-normalised URL (punycode, no :443,
// numeric hosts rewritten) and says which normalisation happened.
import net from 'node:net';
import { check, type Check } from '../report/check.js';
import { isLoopbackHost } from '../util/net.js';
import { classifyAddressDetailed, isHardUnreachable } from './address-classes.js';
import { addressKind } from './targets.js';

export interface UrlTarget {
  url: URL;
  normalizedUrl: string;
  /** Host name without IPv6 brackets. */
  host: string;
  port: number;
  /** 4 or 6 when the host is an IP literal. */
  ipLiteral?: 4 | 6;
}

export interface UrlRulesResult {
  checks: Check[];
  target?: UrlTarget;
  /** False when later stages cannot run (unparseable URL, not https). */
  canContinue: boolean;
}

const NON_PUBLIC_SUFFIXES = [
  'localhost',
  'test',
  'example',
  'invalid',
  'local',
  'internal',
  'home.arpa',
  'lan',
  'corp',
  'intranet',
  'localdomain',
  'onion',
];

/** Parses a URL the way Apple will; undefined when it does not parse at all. */
export function parseUrl(input: string): URL | undefined {
  try {
    return new URL(input.trim());
  } catch {
    return undefined;
  }
}

export function stripBrackets(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** The suffix that makes a name unusable on the public Internet, if any. */
export function nonPublicSuffix(host: string): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const suffix of NON_PUBLIC_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return suffix;
  }
  if (!name.includes('.')) return name;
  return undefined;
}

/**
 * --allow-private: a finding that would stop Apple becomes a warning for a local rehearsal; it then
 * predicts nothing, so it loses its sendAttemptResult.
 */
export function asRehearsal(c: Check): Check {
  const { sendAttemptResult: _dropped, ...rest } = c;
  return { ...rest, status: 'warn' };
}

function isAllowedPort(port: number): boolean {
  return port === 443 || port >= 1024;
}

export function checkUrlRules(input: string, opts: { allowPrivate?: boolean } = {}): UrlRulesResult {
  const group = 'URL';
  const url = parseUrl(input);
  if (!url) {
    return { checks: [check('url.parse', { input }, { group })], canContinue: false };
  }
  const checks: Check[] = [];
  const host = stripBrackets(url.hostname);
  const isHttp = url.protocol === 'http:' || url.protocol === 'https:';
  const port = url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
  const normalizedUrl = url.href;

  if (url.protocol === 'https:') checks.push(check('url.scheme', {}, { group }));
  else if (url.protocol === 'http:') checks.push(check('url.scheme.http', {}, { group }));
  else checks.push(check('url.scheme.other', { scheme: url.protocol.replace(/:$/, '') }, { group }));

  if (!isHttp || !host) {
    return { checks, canContinue: false };
  }

  if (isAllowedPort(port)) checks.push(check('url.port', { port }, { group }));
  else checks.push(check('url.port.not-allowed', { port }, { group }));

  if (url.username || url.password) checks.push(check('url.credentials', {}, { group }));
  if (url.hash) checks.push(check('url.fragment', { fragment: url.hash }, { group }));
  if (url.search) checks.push(check('url.query', { query: url.search }, { group }));

  const family = net.isIP(host);
  if (family !== 0) {
    checks.push(check('url.ip-literal', { host }, { group }));
  } else {
    const suffix = nonPublicSuffix(host);
    if (suffix) {
      const c = check('url.special-name', { host, suffix }, { group });
      checks.push(opts.allowPrivate ? asRehearsal(c) : c);
    } else {
      checks.push(check('url.host', { host }, { group }));
    }
  }

  const original = input.trim();
  if (host.startsWith('xn--') || host.includes('.xn--')) {
    if (!original.includes(host)) checks.push(check('url.idn', { host }, { group }));
  }
  if (original !== normalizedUrl && original !== normalizedUrl.replace(/\/$/, '')) {
    checks.push(check('url.normalized', { normalizedUrl }, { group }));
  }

  const target: UrlTarget = { url, normalizedUrl, host, port };
  if (family === 4 || family === 6) target.ipLiteral = family;
  return { checks, target, canContinue: url.protocol === 'https:' };
}

/**
 * Whether a notification URL may be registered in App Store Connect (`urls set`, `init`), before any
 * request: refused when one of the rules above fails, or when the host is an IP address Apple cannot
 * reach (loopback, private…). `allowPrivate` (a local rehearsal against the emulator) lets non-public
 * names and addresses through, and plain http on a loopback host, as the emulator's own delivery takes
 * it; each such finding comes back as a rehearsal warning: Apple itself would refuse it.
 */
export function registrableUrl(input: string, opts: { allowPrivate?: boolean } = {}): { refused?: Check; rehearsal: Check[] } {
  const allowPrivate = opts.allowPrivate === true;
  const rules = checkUrlRules(input, { allowPrivate });
  const target = rules.target;
  const rehearsal = rules.checks.filter((c) => c.id === 'url.special-name' && c.status === 'warn');
  const findings = [...rules.checks];
  const cls = target?.ipLiteral ? classifyAddressDetailed(target.host) : undefined;
  if (target && cls && isHardUnreachable(cls.class)) {
    const c = check('dns.address.unreachable', { address: target.host, kind: addressKind(cls) }, { group: 'URL' });
    findings.push(allowPrivate ? asRehearsal(c) : c);
    if (allowPrivate) rehearsal.push(asRehearsal(c));
  }
  for (const c of findings.filter((f) => f.status === 'fail')) {
    if (allowPrivate && c.id === 'url.scheme.http' && target && isLoopbackHost(target.host)) {
      rehearsal.push(asRehearsal(c));
      continue;
    }
    return { refused: c, rehearsal };
  }
  return { rehearsal };
}
