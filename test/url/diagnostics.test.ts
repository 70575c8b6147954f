// check-url's wording: every id the code uses exists, and every warning or failure says what to do.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasDiagnostic } from '../../src/report/diagnostics/index.js';
import { urlDiagnostics as urlEntries } from '../../src/report/diagnostics/url.js';
import type { DiagnosticDef } from '../../src/report/diagnostics/types.js';
import { networkReason } from '../../src/report/diagnostics/network-reason.js';

const urlDiagnostics: readonly DiagnosticDef[] = urlEntries;

const SRC = new URL('../../src/', import.meta.url);
const files = ['url', 'allowlist', 'commands/check-url', 'commands/allowlist'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, SRC)).map((f) => readFileSync(new URL(`${dir}/${f}`, SRC), 'utf8')),
);

describe('check-url diagnostics', () => {
  it('every literal id passed to check() is in the registry', () => {
    const ids = new Set<string>();
    for (const text of files) for (const m of text.matchAll(/check\('([a-z0-9.-]+)'/g)) ids.add(m[1]!);
    expect(ids.size).toBeGreaterThan(40);
    expect([...ids].filter((id) => !hasDiagnostic(id))).toEqual([]);
  });

  // Option errors (`usage.*`) are not delivery verdicts, so they name no sendAttemptResult.
  it('every warning and failure has a fix; every failure names a sendAttemptResult', () => {
    const noFix = urlDiagnostics.filter((d) => (d.severity === 'fail' || d.severity === 'warn') && !d.fix).map((d) => d.id);
    const noResult = urlDiagnostics
      .filter((d) => d.severity === 'fail' && !d.sendAttemptResult && !d.id.startsWith('url.summary.') && !d.id.startsWith('allowlist.') && !d.id.startsWith('usage.'))
      .map((d) => d.id);
    expect({ noFix, noResult }).toEqual({ noFix: [], noResult: [] });
  });
});

// Issue 11: raw error codes get plain words; the code stays as the detail.
describe('network error codes', () => {
  it.each([
    ['UND_ERR_HEADERS_TIMEOUT', 'the server took the request but sent no response headers in time (UND_ERR_HEADERS_TIMEOUT)'],
    ['ECONNRESET', 'the other side reset the connection (ECONNRESET)'],
    ['ECONNREFUSED', 'nothing accepted the connection on that port (ECONNREFUSED)'],
    ['HPE_INVALID_CONSTANT', 'the answer is not valid HTTP (HPE_INVALID_CONSTANT)'],
    ['ASN_DEADLINE', 'the request did not finish within the time limit'],
    ['SOMETHING_NEW', 'SOMETHING_NEW'],
  ])('%s → "%s"', (code, words) => {
    expect(networkReason(code)).toBe(words);
  });

  it('no check-url title shows a bare network code without words', () => {
    // Titles that name {code} must explain it in their own words; the others use {reason}.
    const bare = urlDiagnostics.filter((d) => d.title.includes('({code})')).map((d) => d.id);
    expect(bare.every((id) => /^(cert\.untrusted\.|tls\.plain-http|tls\.sni-required|http\.(no-response|premature-close|invalid-response))/.test(id))).toBe(true);
  });
});
