import type { DiagnosticDef } from './types.js';

export const emulatorDiagnostics: DiagnosticDef[] = [];
