// docs/troubleshooting.md is generated from the diagnostics registry; this fails when either changes
// without the other (fix: `npm run docs:troubleshooting`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEND_ATTEMPT_RESULTS } from '../../src/apple/send-attempt-result.js';
import { allDiagnostics } from '../../src/report/diagnostics/index.js';
import { troubleshootingMarkdown, withTroubleshooting } from '../../src/doctor/troubleshooting.js';

const doc = readFileSync(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8');

describe('docs/troubleshooting.md', () => {
  it('matches the diagnostics registry exactly', () => {
    expect(withTroubleshooting(doc), 'docs/troubleshooting.md is out of date: run `npm run docs:troubleshooting`').toBe(doc);
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
    expect(md).toContain('## When the App Store Server API answers 401');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| result |') && !/^\| (cause|finding) \|/.test(l));
    expect(rows.length).toBe(tagged.length);
  });
});
