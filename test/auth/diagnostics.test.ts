import { describe, expect, it } from 'vitest';
import { authDiagnostics } from '../../src/report/diagnostics/auth.js';
import type { DiagnosticDef } from '../../src/report/diagnostics/types.js';
import { redact } from '../../src/util/redact.js';

describe('auth diagnostics wording', () => {
  it.each((authDiagnostics as readonly DiagnosticDef[]).map((d) => [d.id, d] as const))('%s survives redaction and has a fix when it is a problem', (_id, d) => {
    for (const text of [d.title, d.explain ?? '', d.fix ?? '']) expect(redact(text)).toBe(text);
    if (d.severity === 'fail' || d.severity === 'warn') expect(d.fix, d.id).toBeTruthy();
    expect(d.id).toMatch(/^(auth|config|init)\./);
  });
});
