import type { DiagnosticDef } from './types.js';

export const doctorDiagnostics: DiagnosticDef[] = [];
