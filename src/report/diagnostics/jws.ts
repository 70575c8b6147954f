import type { DiagnosticDef } from './types.js';

export const jwsDiagnostics: DiagnosticDef[] = [];
