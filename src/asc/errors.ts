// Plain error types of the App Store Connect API client. Apple answers every failure with a JSON:API
// error document, `{"errors":[{"id","status","code","title","detail","source"}]}`, and asks callers to
// act on `code` only (hierarchical: `ENTITY_ERROR.ATTRIBUTE.INVALID`). docs/apple/delivery.md#app-store-connect-api-apps-resource
// Transport failures and unreadable answers reuse the App Store Server API client's types.
export { ApiNetworkError, ApiResponseError } from '../api/errors.js';

/** One entry of Apple's `errors` array, values exact (outside text: escape before showing). */
export interface AscErrorEntry {
  id?: string;
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
}

/** A non-2xx answer from the App Store Connect API. */
export class AscHttpError extends Error {
  constructor(
    readonly facts: {
      method: string;
      /** Request URL without the query string. */
      url: string;
      status: number;
      /** Apple's error entries; empty when the body held none (a proxy's page, an empty 401). */
      errors: AscErrorEntry[];
      /** A short, printable start of a body that was not Apple's error document. */
      snippet?: string;
      /** `X-Rate-Limit`, e.g. `user-hour-lim:3500;user-hour-rem:0;`. */
      rateLimit?: string;
      attempts: number;
      /** Why retrying stopped, when it was attempted. */
      gaveUp?: string;
    },
  ) {
    super(`${facts.method} ${facts.url} answered ${facts.status}${facts.errors[0]?.code ? ` ${facts.errors[0].code}` : ''}`);
    this.name = 'AscHttpError';
  }

  /** The first error's code, the one Apple asks programs to act on. */
  get code(): string | undefined {
    return this.facts.errors[0]?.code;
  }
}

/** Reads Apple's error document; [] when the body is not one. */
export function ascErrorEntries(value: unknown): AscErrorEntry[] {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { errors?: unknown }).errors)) return [];
  const out: AscErrorEntry[] = [];
  for (const e of (value as { errors: unknown[] }).errors.slice(0, 20)) {
    if (!e || typeof e !== 'object') continue;
    const r = e as Record<string, unknown>;
    const entry: AscErrorEntry = {};
    for (const k of ['id', 'status', 'code', 'title', 'detail'] as const) if (typeof r[k] === 'string') entry[k] = r[k];
    const src = r.source as Record<string, unknown> | undefined;
    if (src && typeof src === 'object') {
      const source: { pointer?: string; parameter?: string } = {};
      if (typeof src.pointer === 'string') source.pointer = src.pointer;
      if (typeof src.parameter === 'string') source.parameter = src.parameter;
      if (source.pointer !== undefined || source.parameter !== undefined) entry.source = source;
    }
    out.push(entry);
  }
  return out;
}
