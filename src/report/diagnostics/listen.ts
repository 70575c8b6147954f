import type { DiagnosticDef } from './types.js';

export const listenDiagnostics: DiagnosticDef[] = [];
