// The emulator standing in for App Store Connect: the apps it knows, the key it accepts, whether that
// key's role may edit apps, its rate limit and its faults. The main app's notification URLs ARE the
// URLs the emulator delivers to (core.notifyUrls): a URL set through its App Store Connect API is where
// its notifications go afterwards, so `urls set` → `send-test` → `listen` is one loop offline.
import type { KeyObject } from 'node:crypto';
import type { EmulatorCore } from './core.js';
import type { Environment } from './payloads/ids.js';

export type UrlVersion = 'V1' | 'V2';
type UrlEnv = 'production' | 'sandbox';
const CORE_ENV: Record<UrlEnv, Environment> = { production: 'Production', sandbox: 'Sandbox' };

export interface EmulatedApp {
  /** The resource id; for the main app its Apple ID. */
  id: string;
  name: string;
  bundleId: string;
}

export interface AppUrls {
  production: { url: string | null; version: UrlVersion | null };
  sandbox: { url: string | null; version: UrlVersion | null };
}

/** The App Store Connect key the emulator accepts: a team key (with issuer ID) or an individual key. */
export interface AscRegisteredKey {
  keyId: string;
  /** null for an individual key, whose tokens carry `sub: "user"` instead of `iss`. */
  issuerId: string | null;
  publicKey: KeyObject;
}

export const ASC_FAULT_TARGETS = ['get', 'patch'] as const;
export type AscFaultTarget = (typeof ASC_FAULT_TARGETS)[number];
/** `reset` drops the connection before acting; `reset-after` acts, then drops it (the answer is lost). */
export const ASC_FAULT_KINDS = ['500', 'hang', 'reset', 'reset-after'] as const;
export type AscFaultKind = (typeof ASC_FAULT_KINDS)[number];

/** Apple's documented default: 3500 requests per rolling hour per key (X-Rate-Limit). */
export const ASC_HOURLY_LIMIT = 3500;

export class AscEmulator {
  /** The key's role may read apps but not edit them: every PATCH answers 403 FORBIDDEN_ERROR. */
  readOnly = false;
  readonly apps: EmulatedApp[];
  private readonly versions: Record<UrlEnv, UrlVersion | null>;
  /** URLs of the other apps (the main app's live in core.notifyUrls). */
  private readonly otherUrls = new Map<string, AppUrls>();
  private readonly faults = new Map<AscFaultTarget, { kind: AscFaultKind; remaining?: number }>();
  private requests: number[] = [];
  hourlyLimit = ASC_HOURLY_LIMIT;

  constructor(
    private readonly core: EmulatorCore,
    readonly key: AscRegisteredKey,
    readonly main: EmulatedApp,
  ) {
    this.apps = [main];
    this.versions = { production: core.notifyUrls.Production ? 'V2' : null, sandbox: core.notifyUrls.Sandbox ? 'V2' : null };
  }

  /** Another app record, e.g. a widget whose bundle ID starts with the main app's, or a second app with the same bundle ID. */
  addApp(app: EmulatedApp): void {
    this.apps.push(app);
    this.otherUrls.set(app.id, { production: { url: null, version: null }, sandbox: { url: null, version: null } });
  }

  urlsOf(app: EmulatedApp): AppUrls {
    const other = this.otherUrls.get(app.id);
    if (other) return other;
    const read = (env: UrlEnv) => {
      const url = this.core.notifyUrls[CORE_ENV[env]] ?? null;
      // A URL set by --notify-url or the control API is a version 2 URL unless set otherwise here.
      return { url, version: url ? (this.versions[env] ?? 'V2') : this.versions[env] };
    };
    return { production: read('production'), sandbox: read('sandbox') };
  }

  setUrls(app: EmulatedApp, urls: AppUrls): void {
    const other = this.otherUrls.get(app.id);
    if (other) {
      this.otherUrls.set(app.id, urls);
      return;
    }
    for (const env of ['production', 'sandbox'] as const) {
      const url = urls[env].url;
      if (url) this.core.notifyUrls[CORE_ENV[env]] = url;
      else delete this.core.notifyUrls[CORE_ENV[env]];
      this.versions[env] = urls[env].version;
    }
  }

  setFault(target: AscFaultTarget, fault: { kind: AscFaultKind; remaining?: number } | undefined): void {
    if (fault) this.faults.set(target, { ...fault });
    else this.faults.delete(target);
  }

  /** The fault for this request, counted down. */
  takeFault(target: AscFaultTarget): AscFaultKind | undefined {
    const f = this.faults.get(target);
    if (!f) return undefined;
    if (f.remaining !== undefined && --f.remaining <= 0) this.faults.delete(target);
    return f.kind;
  }

  /** Counts a request in the rolling hour; the remaining count, or undefined when over the limit. */
  count(now: number): { limit: number; remaining: number } | undefined {
    this.requests = this.requests.filter((t) => t > now - 3600_000);
    if (this.requests.length >= this.hourlyLimit) return undefined;
    this.requests.push(now);
    return { limit: this.hourlyLimit, remaining: this.hourlyLimit - this.requests.length };
  }
}

/** Parses `target=kind[:times]`, e.g. `patch=reset-after:1`. */
export function parseAscFault(text: string): { target: AscFaultTarget; fault: { kind: AscFaultKind; remaining?: number } } | undefined {
  const m = /^([a-z]+)=([a-z0-9-]+)(?::(\d+))?$/.exec(text.trim());
  if (!m || !ASC_FAULT_TARGETS.includes(m[1] as AscFaultTarget) || !ASC_FAULT_KINDS.includes(m[2] as AscFaultKind)) return undefined;
  const times = m[3] === undefined ? undefined : Number(m[3]);
  if (times !== undefined && times < 1) return undefined;
  return { target: m[1] as AscFaultTarget, fault: { kind: m[2] as AscFaultKind, ...(times ? { remaining: times } : {}) } };
}
