// Doctor's App Store Connect stage: when an App Store Connect API key is configured, read the app's
// notification URL settings from App Store Connect, judge them (src/asc/settings.ts), and hand the URL
// stage what Apple will really use instead of what the config file believes. A local URL (config
// file, flag) that differs from App Store Connect's is a finding. Never throws for a bad set-up.
import { resolveAppIdentity, resolveAscCredentials, type AscCredentials } from '../auth/index.js';
import type { ApiEvent } from '../api/client.js';
import { AppLookupError, findApp, type AscApp } from '../asc/apps.js';
import { describeAscError, isAscError, lookupErrorToAsn } from '../asc/explain.js';
import { sessionWith } from '../asc/session.js';
import { ENVIRONMENTS, settingsFindings } from '../asc/settings.js';
import { isAsnError } from '../errors.js';
import { check, type Check } from '../report/check.js';
import { diagnostic } from '../report/diagnostics/index.js';
import { errorCheck } from './credentials.js';
import { unfinished } from './unfinished.js';
import type { UrlTarget, UrlTargets } from './urls.js';

export const FROM_ASC = 'App Store Connect';
const GROUP = { group: 'App Store Connect' };

export interface AscStage {
  checks: Check[];
  /** An App Store Connect key is configured (even one that does not load). */
  configured: boolean;
  /** The app as App Store Connect has it, when it could be read. */
  app?: AscApp;
}

export interface AscStageOptions {
  flags: Record<string, unknown>;
  /** Loopback and private URLs are warnings (a local rehearsal). */
  allowPrivate?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: (event: ApiEvent) => void;
}

export async function ascStage(opts: AscStageOptions): Promise<AscStage> {
  let creds: AscCredentials | undefined;
  try {
    creds = await resolveAscCredentials(opts.flags, opts.env, { cwd: opts.cwd });
  } catch (err) {
    if (!isAsnError(err)) throw err;
    return { configured: true, checks: [errorCheck(err, GROUP)] };
  }
  if (!creds) return { configured: false, checks: [check('doctor.asc.none', {}, GROUP)] };
  const checks: Check[] = [
    check('doctor.asc.key', { keyId: creds.keyId, kind: creds.keyKind, source: creds.sources.ascKey ?? 'flag' }, GROUP),
    ...creds.warnings.map((w) => ({ ...w, ...GROUP })),
  ];
  let session;
  try {
    session = sessionWith(creds, await resolveAppIdentity(opts.flags, opts.env, { cwd: opts.cwd }), opts);
  } catch (err) {
    if (!isAsnError(err)) throw err;
    return { configured: true, checks: [...checks, errorCheck(err, GROUP)] };
  }
  try {
    const app = await findApp(session.client, session.selector);
    checks.push(check('doctor.asc.read', { name: app.name ?? '(no name)', bundleId: app.bundleId ?? '?', id: app.id }, GROUP), ...settingsFindings(app.settings, { allowPrivate: opts.allowPrivate === true }));
    return { configured: true, checks, app };
  } catch (err) {
    if (err instanceof AppLookupError) {
      return { configured: true, checks: [...checks, errorCheck(lookupErrorToAsn(err), GROUP)] };
    }
    if (!isAscError(err)) throw err;
    const d = describeAscError(err);
    const words = diagnostic(d.id, d.vars);
    const failed = check('doctor.asc.failed', { reason: words.title, fix: words.fix ?? '' }, GROUP);
    const status = 'status' in err.facts ? err.facts.status : 0;
    // No answer, a 5xx or a 429 says nothing about the set-up.
    return { configured: true, checks: [...checks, status === 0 || status === 429 || status >= 500 ? unfinished(failed) : failed] };
  } finally {
    await session.close();
  }
}

/**
 * The URLs to check: App Store Connect's when it was read (local ones that differ become findings),
 * else the local ones. `local` carries where each local URL came from.
 */
export function urlTargets(app: AscApp | undefined, local: UrlTargets): { targets: UrlTargets; checks: Check[] } {
  if (!app) return { targets: local, checks: [] };
  const targets: UrlTargets = { sandboxFallsBack: !app.settings.sandbox.url };
  const checks: Check[] = [];
  for (const environment of ENVIRONMENTS) {
    const url = app.settings[environment].url;
    if (url) targets[environment] = { url, from: FROM_ASC };
    const mine: UrlTarget | undefined = local[environment];
    if (mine && mine.url !== url) {
      checks.push(check('doctor.asc.differs', { environment: capitalize(environment), asc: url ?? 'none', local: mine.url, localFrom: mine.from }, GROUP));
    }
  }
  return { targets, checks };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
