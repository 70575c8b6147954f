// The `apps` resource of the App Store Connect API, as far as notification URLs go
// (docs/apple/delivery.md#app-store-connect-api-apps-resource): find the app by bundle ID or Apple ID,
// read its four URL attributes, change them with a JSON:API PATCH of only what changes. An unset URL
// may be absent from Apple's answer, or null: both read as unset.
import type { AscClient } from './client.js';
import { ApiResponseError, AscHttpError } from './errors.js';

export type UrlVersion = 'V1' | 'V2';
export const URL_VERSIONS: readonly UrlVersion[] = ['V1', 'V2'];
export type UrlEnvironment = 'production' | 'sandbox';

/** One environment's setting as App Store Connect holds it. */
export interface EnvironmentUrl {
  url: string | null;
  /** `V1` or `V2` as Apple names them; another value is kept as it came. */
  version: string | null;
}

export interface NotificationUrlSettings {
  production: EnvironmentUrl;
  sandbox: EnvironmentUrl;
}

export interface AscApp {
  /** The resource id (the app's Apple ID). */
  id: string;
  name: string | null;
  bundleId: string | null;
  settings: NotificationUrlSettings;
}

/** The four attributes, by environment. */
export const URL_ATTRIBUTES = {
  production: { url: 'subscriptionStatusUrl', version: 'subscriptionStatusUrlVersion' },
  sandbox: { url: 'subscriptionStatusUrlForSandbox', version: 'subscriptionStatusUrlVersionForSandbox' },
} as const;

const FIELDS = ['name', 'bundleId', ...Object.values(URL_ATTRIBUTES).flatMap((a) => [a.url, a.version])].join(',');
const APPS = '/v1/apps';

/** The app could not be told from what was given: none, or more than one, has this bundle ID. */
export class AppLookupError extends Error {
  constructor(
    readonly problem: 'unknown-bundle-id' | 'unknown-app-id' | 'ambiguous' | 'bundle-id-mismatch',
    readonly facts: { bundleId?: string; appAppleId?: string; candidates?: { id: string; name: string | null; bundleId: string | null }[] },
  ) {
    super(`app lookup: ${problem}`);
    this.name = 'AppLookupError';
  }
}

export interface AppSelector {
  bundleId?: string;
  appAppleId?: string;
}

/**
 * The app by Apple ID (checked against the bundle ID when both are given), else by bundle ID. Apple's
 * `filter[bundleId]` also returns apps whose bundle ID only starts with the one asked for (an app's
 * widget, `com.example.app.widget`): only an exact, case-sensitive match counts.
 */
export async function findApp(client: AscClient, by: AppSelector): Promise<AscApp> {
  if (by.appAppleId) {
    let app: AscApp;
    try {
      app = await readApp(client, by.appAppleId);
    } catch (err) {
      if (err instanceof AscHttpError && err.facts.status === 404) throw new AppLookupError('unknown-app-id', { appAppleId: by.appAppleId });
      throw err;
    }
    if (by.bundleId && app.bundleId !== by.bundleId) {
      throw new AppLookupError('bundle-id-mismatch', { bundleId: by.bundleId, appAppleId: by.appAppleId, candidates: [summary(app)] });
    }
    return app;
  }
  if (!by.bundleId) throw new AppLookupError('unknown-bundle-id', {});
  const res = await client.send({ method: 'GET', path: APPS, query: { 'filter[bundleId]': by.bundleId, 'fields[apps]': FIELDS, limit: '200' } });
  const all = readList(res.json, client.baseUrl + APPS);
  const exact = all.filter((a) => a.bundleId === by.bundleId);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) throw new AppLookupError('ambiguous', { bundleId: by.bundleId, candidates: exact.map(summary) });
  throw new AppLookupError('unknown-bundle-id', { bundleId: by.bundleId, candidates: all.slice(0, 5).map(summary) });
}

export async function readApp(client: AscClient, id: string): Promise<AscApp> {
  const path = `${APPS}/${encodeURIComponent(id)}`;
  const res = await client.send({ method: 'GET', path, query: { 'fields[apps]': FIELDS } });
  const data = (res.json as { data?: unknown } | undefined)?.data;
  const app = readResource(data);
  if (!app) throw wrongShape(client.baseUrl + path, res.status, 'the answer has no apps resource in data');
  return app;
}

/** The attributes a PATCH sends: only those that change, `null` to clear a URL. */
export type UrlAttributes = Partial<Record<(typeof URL_ATTRIBUTES)[UrlEnvironment][keyof (typeof URL_ATTRIBUTES)[UrlEnvironment]], string | null>>;

/** Sends one PATCH with the given attributes (Apple's AppUpdateRequest). */
export async function patchApp(client: AscClient, id: string, attributes: UrlAttributes): Promise<void> {
  await client.send({ method: 'PATCH', path: `${APPS}/${encodeURIComponent(id)}`, body: { data: { type: 'apps', id, attributes } } });
}

function readList(json: unknown, url: string): AscApp[] {
  const data = (json as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data)) throw wrongShape(url, 200, 'the answer has no data list');
  return data.map(readResource).filter((a): a is AscApp => a !== undefined);
}

function readResource(value: unknown): AscApp | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const r = value as { type?: unknown; id?: unknown; attributes?: unknown };
  if (r.type !== 'apps' || typeof r.id !== 'string') return undefined;
  const a = (r.attributes && typeof r.attributes === 'object' ? r.attributes : {}) as Record<string, unknown>;
  const str = (k: string): string | null => (typeof a[k] === 'string' && a[k] !== '' ? (a[k] as string) : null);
  const env = (e: UrlEnvironment): EnvironmentUrl => ({ url: str(URL_ATTRIBUTES[e].url), version: str(URL_ATTRIBUTES[e].version) });
  return { id: r.id, name: str('name'), bundleId: str('bundleId'), settings: { production: env('production'), sandbox: env('sandbox') } };
}

function summary(app: AscApp): { id: string; name: string | null; bundleId: string | null } {
  return { id: app.id, name: app.name, bundleId: app.bundleId };
}

function wrongShape(url: string, status: number, detail: string): ApiResponseError {
  return new ApiResponseError({ method: 'GET', url, status, attempts: 1, problem: 'wrong-shape', detail });
}
