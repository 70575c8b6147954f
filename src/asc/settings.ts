// What App Store Connect's four URL settings mean in practice (docs/apple/delivery.md#sandbox-fallback,
// #the-four-url-settings): where each environment's notifications effectively go, what is wrong with
// the settings, the change `urls set` asks for as a before → after diff, and applying it with a read
// back that says whether it took effect, also when the PATCH's answer never came.
import { check, type Check } from '../report/check.js';
import { registrableUrl } from '../url/rules.js';
import { patchApp, readApp, URL_ATTRIBUTES, type AscApp, type NotificationUrlSettings, type UrlAttributes, type UrlEnvironment, type UrlVersion } from './apps.js';
import type { AscClient } from './client.js';
import { AscHttpError } from './errors.js';
import { isAscError, type AscError } from './explain.js';

export const ENVIRONMENTS: readonly UrlEnvironment[] = ['production', 'sandbox'];
const GROUP = { group: 'App Store Connect' };
const LABEL: Record<UrlEnvironment, string> = { production: 'Production', sandbox: 'Sandbox' };

/** Where Apple delivers: sandbox falls back to the Production URL when its own is empty; production never falls back. */
export function effectiveUrl(settings: NotificationUrlSettings, environment: UrlEnvironment): string | null {
  return environment === 'sandbox' ? (settings.sandbox.url ?? settings.production.url) : settings.production.url;
}

/**
 * The findings about the settings themselves (no network): unset URLs, fall-back, version 1, URLs Apple
 * cannot use. `allowPrivate` (a local rehearsal against the emulator): a loopback or private URL is a
 * warning, not a failure.
 */
export function settingsFindings(settings: NotificationUrlSettings, opts: { allowPrivate?: boolean } = {}): Check[] {
  const out: Check[] = [];
  const { production, sandbox } = settings;
  if (!production.url && !sandbox.url) out.push(check('urls.none', {}, GROUP));
  else if (!production.url) out.push(check('urls.production-missing', { sandboxUrl: sandbox.url ?? '' }, GROUP));
  for (const environment of ENVIRONMENTS) {
    const s = settings[environment];
    const vars = { environment: LABEL[environment], url: s.url ?? '', version: s.version ?? 'no version' };
    if (!s.url) {
      if (environment === 'sandbox' && production.url) out.push(check('urls.sandbox-falls-back', { productionUrl: production.url }, GROUP));
      continue;
    }
    const rules = registrableUrl(s.url, opts);
    if (rules.refused) out.push(check('urls.url-refused', { ...vars, reason: rules.refused.title }, { ...GROUP, ...(rules.refused.fix ? { fix: rules.refused.fix } : {}) }));
    else out.push(check('urls.set', vars, GROUP));
    for (const r of rules.rehearsal) out.push(check('urls.rehearsal', { url: s.url, reason: r.title }, GROUP));
    if (s.version === 'V1') out.push(check('urls.version-v1', vars, GROUP));
    else if (s.version !== 'V2') out.push(check('urls.version-unknown', vars, GROUP));
  }
  if (production.url && looksLikeStaging(production.url)) out.push(check('urls.production-looks-like-staging', { url: production.url }, GROUP));
  if (production.url && sandbox.url && production.url === sandbox.url) out.push(check('urls.same-url', { url: production.url }, GROUP));
  return out;
}

/** A production URL whose host or path names a test system: a common copy-paste slip, so a warning, never a failure. */
function looksLikeStaging(url: string): boolean {
  try {
    const u = new URL(url);
    return /(^|[.\-/_])(staging|stage|stg|dev|develop|sandbox|test|qa|preprod|uat)([.\-/_]|$)/i.test(`${u.hostname}${u.pathname}`);
  } catch {
    return false;
  }
}

// ---- urls set: the change ------------------------------------------------------------------------

export interface UrlChangeRequest {
  production?: string;
  sandbox?: string;
  clearSandbox?: boolean;
  /** The version for each URL being set; given alone, for every environment that has a URL. */
  version?: UrlVersion;
}

export interface PlannedChange {
  environment: UrlEnvironment;
  /** The App Store Connect attribute. */
  attribute: string;
  before: string | null;
  after: string | null;
}

export interface ChangePlan {
  after: NotificationUrlSettings;
  /** Only what differs from now; empty when nothing would change. */
  changes: PlannedChange[];
  /** The PATCH body's attributes (only the changed ones). */
  attributes: UrlAttributes;
}

export const DEFAULT_VERSION: UrlVersion = 'V2';

export function planChange(current: NotificationUrlSettings, req: UrlChangeRequest): ChangePlan {
  const after: NotificationUrlSettings = { production: { ...current.production }, sandbox: { ...current.sandbox } };
  const setting: Partial<Record<UrlEnvironment, string | null>> = {};
  if (req.production !== undefined) setting.production = req.production;
  if (req.sandbox !== undefined) setting.sandbox = req.sandbox;
  if (req.clearSandbox) setting.sandbox = null;
  const anyUrl = Object.keys(setting).length > 0;
  for (const environment of ENVIRONMENTS) {
    const url = setting[environment];
    if (url !== undefined) after[environment].url = url;
    // A URL being set gets the version asked for (V2 by default); a version given alone applies to every URL there is.
    const versioned = url !== undefined ? url !== null : !anyUrl && req.version !== undefined && after[environment].url !== null;
    if (versioned) after[environment].version = req.version ?? DEFAULT_VERSION;
  }
  const changes: PlannedChange[] = [];
  const attributes: Record<string, string | null> = {};
  for (const environment of ENVIRONMENTS) {
    for (const field of ['url', 'version'] as const) {
      const before = current[environment][field];
      const next = after[environment][field];
      if (before === next) continue;
      const attribute = URL_ATTRIBUTES[environment][field];
      changes.push({ environment, attribute, before, after: next });
      attributes[attribute] = next;
    }
  }
  return { after, changes, attributes: attributes as UrlAttributes };
}

/** How a write ended, as the read back tells. */
export type ApplyOutcome =
  | { state: 'applied'; app: AscApp }
  /** The PATCH's answer never came (timeout, reset…), but the read back shows the change. */
  | { state: 'applied-unconfirmed'; app: AscApp; error: AscError }
  /** The PATCH's answer never came, and the read back shows the old values: nothing changed. */
  | { state: 'not-applied'; app: AscApp; error: AscError }
  /** Neither the PATCH's answer nor a read back came: whether it took effect is not known. */
  | { state: 'unknown'; error: AscError; readBackError: unknown }
  /** Apple accepted the PATCH, but reads back something else (normalised, or changed meanwhile). */
  | { state: 'differs'; app: AscApp }
  /** Apple accepted the PATCH; the read back did not come. */
  | { state: 'accepted-unread'; readBackError: AscError };

/**
 * Sends the PATCH and reads the app back. Apple refusing the change (an HTTP error such as 403 or 409)
 * is thrown as it is: nothing was written. Any other failure is settled by the read back.
 */
export async function applyChange(client: AscClient, app: AscApp, plan: ChangePlan): Promise<ApplyOutcome> {
  try {
    await patchApp(client, app.id, plan.attributes);
  } catch (err) {
    if (err instanceof AscHttpError || !isAscError(err)) throw err;
    let back: AscApp;
    try {
      back = await readApp(client, app.id);
    } catch (readBackError) {
      return { state: 'unknown', error: err, readBackError };
    }
    return { state: matches(back.settings, plan) ? 'applied-unconfirmed' : 'not-applied', app: back, error: err };
  }
  let back: AscApp;
  try {
    back = await readApp(client, app.id);
  } catch (readBackError) {
    if (!isAscError(readBackError)) throw readBackError;
    return { state: 'accepted-unread', readBackError };
  }
  return matches(back.settings, plan) ? { state: 'applied', app: back } : { state: 'differs', app: back };
}

function matches(settings: NotificationUrlSettings, plan: ChangePlan): boolean {
  return plan.changes.every((c) => settings[c.environment][c.attribute.includes('Version') ? 'version' : 'url'] === c.after);
}
