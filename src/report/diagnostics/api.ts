import type { DiagnosticDef } from './types.js';

export const apiDiagnostics: DiagnosticDef[] = [];
