// The diagnostics registry. Each domain keeps its wording in its own file; this module joins them
// and fills placeholders. Human output, JSON and docs/troubleshooting.md all read from here.
// Each domain file is `as const`, so the ids are a type (DiagnosticId): a call with an id the registry
// does not have does not compile. Ids built from outside values go through hasDiagnostic() first.
import type { Diagnostic, DiagnosticDef, DiagnosticVars } from './types.js';
import { deliveryDiagnostics } from './delivery.js';
import { generalDiagnostics } from './general.js';
import { jwsDiagnostics } from './jws.js';
import { urlDiagnostics } from './url.js';
import { authDiagnostics } from './auth.js';
import { apiDiagnostics } from './api.js';
import { emulatorDiagnostics } from './emulator.js';
import { listenDiagnostics } from './listen.js';
import { doctorDiagnostics } from './doctor.js';
import { demoDiagnostics } from './demo.js';
import { networkDiagnostics } from './network.js';
import { optionDiagnostics } from './options.js';
import { replayDiagnostics } from './replay.js';
import { ascDiagnostics } from './asc.js';

export type { Diagnostic, DiagnosticDef, DiagnosticVars } from './types.js';

const all = [
  ...generalDiagnostics,
  ...deliveryDiagnostics,
  ...jwsDiagnostics,
  ...urlDiagnostics,
  ...authDiagnostics,
  ...apiDiagnostics,
  ...emulatorDiagnostics,
  ...listenDiagnostics,
  ...doctorDiagnostics,
  ...demoDiagnostics,
  ...networkDiagnostics,
  ...optionDiagnostics,
  ...replayDiagnostics,
  ...ascDiagnostics,
] as const satisfies readonly DiagnosticDef[];

/** Every id in the registry. */
export type DiagnosticId = (typeof all)[number]['id'];

const byId = new Map<string, DiagnosticDef & { id: DiagnosticId }>();
for (const d of all) {
  if (byId.has(d.id)) throw new Error(`duplicate diagnostic id ${d.id}`);
  byId.set(d.id, d);
}

export function allDiagnostics(): readonly (DiagnosticDef & { id: DiagnosticId })[] {
  return all;
}

/** True when the registry has `id`: narrows an id built at run time (`net.${code}`) to DiagnosticId. */
export function hasDiagnostic(id: string): id is DiagnosticId {
  return byId.has(id);
}

/** Replaces `{name}` with vars[name]; unknown placeholders are left visible so tests catch them. */
export function fill(template: string, vars: DiagnosticVars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

export function diagnostic(id: DiagnosticId, vars: DiagnosticVars = {}): Diagnostic {
  const def = byId.get(id);
  if (!def) throw new Error(`unknown diagnostic id ${id}`);
  const out: Diagnostic = { id, severity: def.severity, title: fill(def.title, vars) };
  if (def.explain) out.explain = fill(def.explain, vars);
  if (def.fix) out.fix = fill(def.fix, vars);
  if (def.sendAttemptResult) out.sendAttemptResult = def.sendAttemptResult;
  return out;
}
