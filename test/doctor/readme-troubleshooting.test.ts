// The README's troubleshooting table is generated from the diagnostics registry; this fails when
// either changes without the other (fix: `npm run readme:troubleshooting`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEND_ATTEMPT_RESULTS } from '../../src/apple/send-attempt-result.js';
import { allDiagnostics } from '../../src/report/diagnostics/index.js';
import { troubleshootingMarkdown, withTroubleshooting } from '../../src/doctor/troubleshooting.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README troubleshooting table', () => {
  it('matches the diagnostics registry exactly', () => {
    expect(withTroubleshooting(readme)).toBe(readme);
  });

  it('has a row with a fix for every sendAttemptResult but SUCCESS', () => {
    const md = troubleshootingMarkdown();
    for (const r of SEND_ATTEMPT_RESULTS) {
      const row = md.split('\n').find((l) => l.startsWith(`| \`${r}\` |`));
      expect(row, r).toBeDefined();
      if (r !== 'SUCCESS') expect(row).not.toMatch(/\| — \|$/);
    }
  });

  it('has a row for every registry entry tagged for it, 401 causes included', () => {
    const md = troubleshootingMarkdown();
    const tagged = allDiagnostics().filter((d) => d.troubleshooting);
    expect(tagged.filter((d) => d.troubleshooting === 'auth401').length).toBeGreaterThanOrEqual(5);
    expect(md).toContain('### When the App Store Server API answers 401');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| result |') && !/^\| (cause|finding) \|/.test(l));
    expect(rows.length).toBe(tagged.length);
  });
});
