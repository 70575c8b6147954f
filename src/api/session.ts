// Everything a command needs to talk to the App Store Server API: resolved credentials, the base URL
// for the environment, and a client that signs a fresh token per request.
import { resolveCredentials, signApiToken, type Credentials } from '../auth/index.js';
import { check, type Check } from '../report/check.js';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import { ApiClient, type ApiEvent } from './client.js';
import { BaseUrlError, resolveBaseUrl, type ApiEnvironment, type ResolvedBaseUrl } from './endpoints.js';

export interface ApiSessionOptions {
  /** The command's options (credential flags included). */
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Added to our User-Agent (asn-doctor/<version>), e.g. `demo`. */
  userAgentNote?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: (event: ApiEvent) => void;
}

export interface ApiSession {
  client: ApiClient;
  creds: Credentials;
  base: ResolvedBaseUrl;
  /** Things to tell before the result: credential warnings, legacy host, environment taken from the host. */
  notes: Check[];
  signToken(): string;
  /** A client for another base URL with the same credentials (401 triage's sandbox cross-check). */
  clientFor(baseUrl: string, environment: ApiEnvironment): ApiClient;
  close(): Promise<void>;
}

export async function openApiSession(opts: ApiSessionOptions): Promise<ApiSession> {
  const creds = (await resolveCredentials(opts.flags, opts.env, {
    need: ['issuerId', 'keyId', 'privateKey', 'bundleId'],
    cwd: opts.cwd,
  })) as Credentials;
  let base: ResolvedBaseUrl;
  try {
    base = resolveBaseUrl(creds.environment, creds.apiUrl);
  } catch (err) {
    if (!(err instanceof BaseUrlError)) throw err;
    throw usageErrorFrom('api.base-url.invalid', { value: err.value, reason: reasonText(err.reason) });
  }
  const notes: Check[] = [...creds.warnings];
  if (base.target === 'apple-legacy' && base.recommended) {
    notes.push(check('api.base-url.legacy', { host: new URL(base.baseUrl).host, recommended: base.recommended }));
  }
  if (base.environmentFromHost && creds.sources.environment !== 'default') {
    notes.push(check('api.base-url.env-from-host', { hostEnvironment: base.environmentFromHost, asked: creds.environment }));
  }
  const signToken = () => signApiToken(creds);
  const clients: ApiClient[] = [];
  const clientFor = (baseUrl: string, environment: ApiEnvironment) => {
    const c = new ApiClient({
      baseUrl,
      environment,
      signToken,
      ...(opts.userAgentNote ? { userAgentNote: opts.userAgentNote } : {}),
      timeoutMs: opts.timeoutMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    });
    clients.push(c);
    return c;
  };
  const client = clientFor(base.baseUrl, base.environment);
  return {
    client,
    creds,
    base,
    notes,
    signToken,
    clientFor,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

function reasonText(reason: BaseUrlError['reason']): string {
  if (reason === 'scheme') return 'only http and https';
  if (reason === 'query') return 'no query string or fragment';
  return 'not a URL';
}
