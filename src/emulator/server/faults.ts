// Fault switches: make an endpoint misbehave the way a bad day at Apple looks, so tests and users can
// rehearse it. Set at start-up (--fault history=500) or at run time (PUT /_emulator/faults). The OCSP
// responder has one more: `ocsp=revoked` answers that the signing certificates are revoked.
import type { ApiEndpoint } from './rate-limit.js';
import { API_ENDPOINTS } from './rate-limit.js';

export const FAULT_KINDS = ['500', 'hang', 'reset', 'malformed-json', 'revoked'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a fault can be set on: Apple's API endpoints and the OCSP responder. */
export type FaultTarget = ApiEndpoint | 'ocsp';
export const FAULT_TARGETS: readonly FaultTarget[] = [...API_ENDPOINTS, 'ocsp'];

export interface Fault {
  kind: FaultKind;
  /** How many requests it applies to; unlimited when absent. */
  remaining?: number;
}

export type FaultMap = Partial<Record<FaultTarget, Fault>>;

/** `revoked` is an OCSP answer; the API endpoints take the other kinds. */
export function faultFits(target: FaultTarget, kind: FaultKind): boolean {
  return kind !== 'revoked' || target === 'ocsp';
}

export class FaultSwitches {
  private faults: FaultMap = {};

  set(endpoint: FaultTarget, fault: Fault | undefined): void {
    if (fault) this.faults[endpoint] = { ...fault };
    else delete this.faults[endpoint];
  }

  clear(): void {
    this.faults = {};
  }

  list(): FaultMap {
    return { ...this.faults };
  }

  /** The fault to apply to this request, counting it down. */
  take(endpoint: FaultTarget): FaultKind | undefined {
    const f = this.faults[endpoint];
    if (!f) return undefined;
    if (f.remaining !== undefined) {
      f.remaining -= 1;
      if (f.remaining <= 0) delete this.faults[endpoint];
    }
    return f.kind;
  }
}

/** Parses `endpoint=kind[:times]`, e.g. `history=500`, `test=hang:1`, `ocsp=revoked`. */
export function parseFault(text: string): { endpoint: FaultTarget; fault: Fault } | undefined {
  const m = /^([a-z-]+)=([a-z0-9-]+)(?::(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const endpoint = m[1] as FaultTarget;
  const kind = m[2] as FaultKind;
  if (!FAULT_TARGETS.includes(endpoint) || !FAULT_KINDS.includes(kind) || !faultFits(endpoint, kind)) return undefined;
  return { endpoint, fault: m[3] ? { kind, remaining: Number(m[3]) } : { kind } };
}
