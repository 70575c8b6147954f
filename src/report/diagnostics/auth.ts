import type { DiagnosticDef } from './types.js';

export const authDiagnostics: DiagnosticDef[] = [];
