// Stage 2: the addresses this machine resolves for the host (or the ones pinned with --resolve),
// each classified: Apple cannot reach loopback, private, CGNAT, link-local, documentation ... ranges.
import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { check, type Check } from '../report/check.js';
import { INTERRUPTED_CODE } from '../http/bounded-request.js';
import { classifyAddressDetailed, isHardUnreachable } from './address-classes.js';
import { addressKind } from './targets.js';
import { platformForHost } from './platforms.js';
import { asRehearsal } from './rules.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable for tests and --resolve). */
export type HostLookup = (host: string) => Promise<ResolvedAddress[]>;

export interface ResolveOverride {
  host: string;
  port: number;
  address: string;
}

export interface DnsResult {
  checks: Check[];
  addresses: ResolvedAddress[];
  /** This machine could not resolve anything at all (no network): not the server's fault. */
  couldNotTest: boolean;
  /** True when the addresses came from --resolve. */
  pinned: boolean;
}

export const systemLookup: HostLookup = async (host) => {
  const rows = await dns.promises.lookup(host, { all: true, verbatim: true });
  return rows.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

/**
 * `lookup`, failing with ETIMEOUT once `deadlineAt` (a performance.now() time) has passed or `signal`
 * aborts: several look-ups (the name, then the canary) share one phase's time.
 */
export function lookupUntil(lookup: HostLookup, deadlineAt: number, signal?: AbortSignal): HostLookup {
  return (host) =>
    new Promise((resolve, reject) => {
      const timedOut = () => reject(Object.assign(new Error(`DNS look-up of ${host} timed out`), { code: 'ETIMEOUT' }));
      const timer = setTimeout(timedOut, Math.max(0, deadlineAt - performance.now()));
      const onAbort = () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('interrupted'), { code: INTERRUPTED_CODE }));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      lookup(host).then(
        (v) => (done(), resolve(v)),
        (e: unknown) => (done(), reject(e)),
      );
    });
}

/** A name that resolves anywhere with working DNS; used only to tell "no such host" from "no DNS here". */
const CANARY_HOST = 'apple.com';

/** The --resolve addresses for `host` on `port` (on any port when `port` is not given). */
function overridesFor(overrides: readonly ResolveOverride[], host: string, port?: number): ResolvedAddress[] {
  const h = host.toLowerCase();
  return overrides
    .filter((o) => o.host.toLowerCase() === h && (port === undefined || o.port === port))
    .map((o) => ({ address: o.address, family: net.isIP(o.address) === 6 ? 6 : 4 }));
}

/** A lookup that answers --resolve entries first (any port) and falls back to `base`. */
export function lookupWithOverrides(overrides: readonly ResolveOverride[], base: HostLookup): HostLookup {
  return async (host) => {
    const pinned = overridesFor(overrides, host);
    return pinned.length > 0 ? pinned : base(host);
  };
}

export async function resolveHost(
  host: string,
  port: number,
  opts: { overrides: readonly ResolveOverride[]; lookup: HostLookup; allowPrivate: boolean; ipLiteral?: 4 | 6 },
): Promise<DnsResult> {
  const group = 'DNS';
  const checks: Check[] = [];
  let addresses: ResolvedAddress[];
  let pinned = false;

  if (opts.ipLiteral) {
    addresses = [{ address: host, family: opts.ipLiteral }];
    checks.push(check('dns.ip-literal', { host }, { group }));
  } else {
    const forced = overridesFor(opts.overrides, host, port);
    if (forced.length > 0) {
      addresses = forced;
      pinned = true;
      checks.push(check('dns.pinned', { host, port, addresses: forced.map((a) => a.address).join(', ') }, { group }));
    } else {
      try {
        addresses = dedupe(await opts.lookup(host));
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNKNOWN';
        // A timeout or a refusing resolver says nothing about the name; only then ask about another.
        const noDns = code === 'EAI_AGAIN' || code === 'ECONNREFUSED' || code === 'ETIMEOUT' || !(await canResolveAnything(opts.lookup));
        if (noDns) {
          checks.push(check('dns.unavailable', { host, code, reason: networkReason(code) }, { group }));
          return { checks, addresses: [], couldNotTest: true, pinned };
        }
        checks.push(check('dns.not-found', { host, code, reason: networkReason(code) }, { group }));
        return { checks, addresses: [], couldNotTest: false, pinned };
      }
      if (addresses.length === 0) {
        checks.push(check('dns.not-found', { host, code: 'ENODATA' }, { group }));
        return { checks, addresses, couldNotTest: false, pinned };
      }
      checks.push(check('dns.resolved', { host, addresses: describeAddresses(addresses) }, { group }));
    }
  }

  let unreachable = 0;
  for (const a of addresses) {
    const cls = classifyAddressDetailed(a.address);
    if (!cls) continue;
    const hard = isHardUnreachable(cls.class);
    if (hard) unreachable += 1;
    // Only the translated kinds (NAT64, 6to4) are reachable at all; each has its own wording.
    const id: DiagnosticId = isHardUnreachable(cls.class) ? 'dns.address.unreachable' : `dns.address.${cls.class}`;
    const data = { address: a.address, class: cls.class, ...(cls.embeds ? { embeds: cls.embeds } : {}) };
    const c = check(id, { address: a.address, kind: addressKind(cls), embeds: cls.embeds }, { group, data });
    checks.push(hard && opts.allowPrivate ? asRehearsal(c) : c);
  }
  if (unreachable > 0 && unreachable < addresses.length) {
    checks.push(check('dns.address.mixed', { count: unreachable, total: addresses.length }, { group }));
  }

  const has4 = addresses.some((a) => a.family === 4);
  const has6 = addresses.some((a) => a.family === 6);
  if (has6 && !has4) checks.push(check('dns.ipv6-only', { host }, { group }));

  const platform = platformForHost(host);
  if (platform) checks.push(check(`platform.${platform}`, { host }, { group, data: { platform } }));

  return { checks, addresses, couldNotTest: false, pinned };
}

async function canResolveAnything(lookup: HostLookup): Promise<boolean> {
  try {
    const rows = await lookup(CANARY_HOST);
    return rows.length > 0;
  } catch {
    return false;
  }
}

function dedupe(rows: ResolvedAddress[]): ResolvedAddress[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.address) ? false : (seen.add(r.address), true)));
}

function describeAddresses(addresses: ResolvedAddress[]): string {
  return addresses.map((a) => a.address).join(', ');
}
