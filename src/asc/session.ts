// Everything a command needs to talk to the App Store Connect API: the App Store Connect key (never the
// In-App Purchase key), the base URL, which app (bundle ID or Apple ID), and a client that signs a
// fresh token per request.
import { resolveAppIdentity, resolveAscCredentials, signAscToken, type AppIdentity, type AscCredentials } from '../auth/index.js';
import type { ApiEvent } from '../api/client.js';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import type { AppSelector } from './apps.js';
import { AscClient } from './client.js';
import { resolveAscBaseUrl, type ResolvedAscBaseUrl } from './endpoints.js';

export interface AscSessionOptions {
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
  userAgentNote?: string;
  signal?: AbortSignal;
  onEvent?: (event: ApiEvent) => void;
}

export interface AscSession {
  client: AscClient;
  creds: AscCredentials;
  base: ResolvedAscBaseUrl;
  identity: AppIdentity;
  /** The app to find: by Apple ID when given, else by bundle ID. */
  selector: AppSelector;
  close(): Promise<void>;
}

/** Opens a session; an error (exit 2) when the key or the app is not given. */
export async function openAscSession(opts: AscSessionOptions): Promise<AscSession> {
  const identity = await resolveAppIdentity(opts.flags, opts.env, { cwd: opts.cwd });
  const creds = (await resolveAscCredentials(opts.flags, opts.env, { cwd: opts.cwd, required: true }))!;
  return sessionWith(creds, identity, opts);
}

/** A session for credentials resolved already (doctor resolves them once for all its stages). */
export function sessionWith(creds: AscCredentials, identity: AppIdentity, opts: Omit<AscSessionOptions, 'flags' | 'env' | 'cwd'>): AscSession {
  if (!identity.bundleId && !identity.appAppleId) throw usageErrorFrom('urls.app-missing', { configPath: identity.configPath });
  const base = resolveAscBaseUrl(creds.ascUrl);
  const client = new AscClient({
    baseUrl: base.baseUrl,
    signToken: () => signAscToken(creds),
    timeoutMs: opts.timeoutMs,
    ...(opts.userAgentNote ? { userAgentNote: opts.userAgentNote } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
  });
  const selector: AppSelector = {
    ...(identity.bundleId ? { bundleId: identity.bundleId } : {}),
    ...(identity.appAppleId ? { appAppleId: identity.appAppleId } : {}),
  };
  return { client, creds, base, identity, selector, close: () => client.close() };
}
