import type { DiagnosticDef } from './types.js';

export const urlDiagnostics: DiagnosticDef[] = [];
