// Where the App Store Server API lives, and which base URL a run talks to.
// Production and sandbox have separate hosts; the older *.itunes.apple.com hosts still answer
// (App Store Server API changelog, server update 2026-05-05). --api-url points at the emulator or a proxy.

import { isLoopbackHost } from '../util/net.js';

export type ApiEnvironment = 'production' | 'sandbox';

export const APPLE_BASE_URLS: Record<ApiEnvironment, string> = {
  production: 'https://api.storekit.apple.com',
  sandbox: 'https://api.storekit-sandbox.apple.com',
};

const LEGACY_HOSTS: Record<string, { environment: ApiEnvironment; recommended: string }> = {
  'api.storekit.itunes.apple.com': { environment: 'production', recommended: APPLE_BASE_URLS.production },
  'api.storekit-sandbox.itunes.apple.com': { environment: 'sandbox', recommended: APPLE_BASE_URLS.sandbox },
};

const CURRENT_HOSTS: Record<string, ApiEnvironment> = {
  'api.storekit.apple.com': 'production',
  'api.storekit-sandbox.apple.com': 'sandbox',
};

/** What kind of server a base URL points at. */
export type ApiTarget = 'apple' | 'apple-legacy' | 'local' | 'custom';

export interface ResolvedBaseUrl {
  /** Origin plus any path prefix, without a trailing slash. */
  baseUrl: string;
  environment: ApiEnvironment;
  target: ApiTarget;
  /** Set for a legacy Apple host: the host Apple now recommends. */
  recommended?: string;
  /** Set when --api-url names an Apple host of the other environment than asked; that host wins. */
  environmentFromHost?: ApiEnvironment;
}

export class BaseUrlError extends Error {
  constructor(
    readonly reason: 'unparseable' | 'scheme' | 'query',
    readonly value: string,
  ) {
    super(`bad API base URL ${value}: ${reason}`);
  }
}

/** The base URL for an environment, or for an explicit --api-url. Throws BaseUrlError on a bad URL. */
export function resolveBaseUrl(environment: ApiEnvironment, apiUrl?: string): ResolvedBaseUrl {
  if (!apiUrl) return { baseUrl: APPLE_BASE_URLS[environment], environment, target: 'apple' };
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new BaseUrlError('unparseable', apiUrl);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BaseUrlError('scheme', apiUrl);
  if (url.search || url.hash) throw new BaseUrlError('query', apiUrl);
  const host = url.hostname.toLowerCase();
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const legacy = LEGACY_HOSTS[host];
  if (legacy) {
    return {
      baseUrl,
      environment: legacy.environment,
      target: 'apple-legacy',
      recommended: legacy.recommended,
      ...otherEnv(environment, legacy.environment),
    };
  }
  // An Apple host decides the environment: the token is the same, the data is not.
  const current = CURRENT_HOSTS[host];
  if (current) return { baseUrl, environment: current, target: 'apple', ...otherEnv(environment, current) };
  if (!isLoopbackHost(host)) return { baseUrl, environment, target: 'custom' };
  return localBaseUrl(url.origin, url.pathname.replace(/\/+$/, ''), environment);
}

/**
 * A loopback --api-url is taken to be the emulator, which serves production at its root and
 * sandbox under /sandbox (as Apple has two hosts). A bare origin follows --env; a /sandbox path
 * means sandbox.
 */
export const LOCAL_SANDBOX_PATH = '/sandbox';

function localBaseUrl(origin: string, path: string, environment: ApiEnvironment): ResolvedBaseUrl {
  if (path.endsWith(LOCAL_SANDBOX_PATH)) {
    return { baseUrl: origin + path, environment: 'sandbox', target: 'local', ...otherEnv(environment, 'sandbox') };
  }
  if (path === '' && environment === 'sandbox') {
    return { baseUrl: origin + LOCAL_SANDBOX_PATH, environment, target: 'local' };
  }
  return { baseUrl: origin + path, environment, target: 'local' };
}

/**
 * Where the same credentials can be tried against sandbox (401 triage): Apple's sandbox host, or the
 * emulator's /sandbox. Unknown behind a custom proxy.
 */
export function sandboxCounterpart(resolved: ResolvedBaseUrl): string | undefined {
  if (resolved.environment === 'sandbox') return undefined;
  if (isAppleTarget(resolved.target)) return APPLE_BASE_URLS.sandbox;
  if (resolved.target === 'local') return resolved.baseUrl + LOCAL_SANDBOX_PATH;
  return undefined;
}

function otherEnv(asked: ApiEnvironment, host: ApiEnvironment): { environmentFromHost?: ApiEnvironment } {
  return asked === host ? {} : { environmentFromHost: host };
}

/** Apple's own hosts (current or legacy) are rate-limited per Apple's published limits. */
export function isAppleTarget(target: ApiTarget): boolean {
  return target === 'apple' || target === 'apple-legacy';
}
