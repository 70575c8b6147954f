// The pure rules behind the API commands: base URLs, poll interval, retry policy, history request
// checks, attempt explanations, and the registry entries for every error code.
import { describe, expect, it } from 'vitest';
import { attemptReport } from '../../src/api/attempt-report.js';
import { resolveBaseUrl, sandboxCounterpart } from '../../src/api/endpoints.js';
import { API_ERROR_CODES, errorDiagnosticId } from '../../src/api/error-codes.js';
import { buildHistoryRequest, HistoryInputError, parseTimeSpec } from '../../src/api/history.js';
import { historyPageInterval, pollInterval } from '../../src/api/rate-limits.js';
import { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter } from '../../src/api/retry.js';
import { diagnostic } from '../../src/report/diagnostics/index.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

describe('base URLs', () => {
  it('uses Apple’s recommended hosts by environment', () => {
    expect(resolveBaseUrl('production').baseUrl).toBe('https://api.storekit.apple.com');
    expect(resolveBaseUrl('sandbox').baseUrl).toBe('https://api.storekit-sandbox.apple.com');
  });

  it('accepts the legacy itunes hosts with the recommended one named, and lets an Apple host decide the environment', () => {
    const legacy = resolveBaseUrl('production', 'https://api.storekit-sandbox.itunes.apple.com/');
    expect(legacy).toMatchObject({ target: 'apple-legacy', environment: 'sandbox', environmentFromHost: 'sandbox', recommended: 'https://api.storekit-sandbox.apple.com' });
  });

  it('maps a loopback URL to the emulator layout (/sandbox) and finds the sandbox counterpart for triage', () => {
    expect(resolveBaseUrl('sandbox', 'http://127.0.0.1:9000').baseUrl).toBe('http://127.0.0.1:9000/sandbox');
    expect(resolveBaseUrl('production', 'http://127.0.0.1:9000/sandbox')).toMatchObject({ environment: 'sandbox', environmentFromHost: 'sandbox' });
    const prod = resolveBaseUrl('production', 'http://localhost:9000');
    expect(sandboxCounterpart(prod)).toBe('http://localhost:9000/sandbox');
    expect(sandboxCounterpart(resolveBaseUrl('production'))).toBe('https://api.storekit-sandbox.apple.com');
    expect(sandboxCounterpart(resolveBaseUrl('production', 'https://proxy.example.com/apple'))).toBeUndefined();
  });
});

describe('poll interval', () => {
  it('derives from Apple’s rate limit: 1 s production, 10 s sandbox, never faster', () => {
    expect(pollInterval('production', 'apple')).toMatchObject({ intervalMs: 1000, source: 'apple-rate-limit' });
    expect(pollInterval('sandbox', 'apple')).toMatchObject({ intervalMs: 10_000 });
    expect(pollInterval('sandbox', 'apple-legacy', 2000)).toMatchObject({ intervalMs: 10_000, raisedFromMs: 2000 });
    expect(pollInterval('production', 'apple', 5000)).toMatchObject({ intervalMs: 5000, source: 'option' });
  });

  it('polls a local server (the emulator) quickly, and a proxy at Apple’s pace', () => {
    expect(pollInterval('sandbox', 'local')).toMatchObject({ intervalMs: 250, source: 'local-server' });
    expect(pollInterval('sandbox', 'local', 50)).toMatchObject({ intervalMs: 50, source: 'option' });
    expect(pollInterval('sandbox', 'custom')).toMatchObject({ intervalMs: 10_000 });
  });

  it('paces history pages at Apple’s limit (50/s production, 5/s sandbox), not a local server', () => {
    expect(historyPageInterval('production', 'apple')).toBe(20);
    expect(historyPageInterval('sandbox', 'apple')).toBe(200);
    expect(historyPageInterval('sandbox', 'local')).toBe(0);
  });
});

describe('retry policy', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxTotalMs: 10_000 };

  it('reads Retry-After as epoch milliseconds, and tolerates seconds and HTTP dates', () => {
    expect(parseRetryAfter(String(NOW + 1234), NOW)).toBe(NOW + 1234);
    expect(parseRetryAfter('5', NOW)).toBe(NOW + 5000);
    expect(parseRetryAfter(new Date(NOW + 60_000).toUTCString(), NOW)).toBe(NOW + 60_000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });

  it('retries only the codes Apple marks retryable, 429 and resets', () => {
    expect(decideRetry({ kind: 'http', status: 500, errorCode: 5000001 }, 1, 0, policy, NOW).retry).toBe(true);
    expect(decideRetry({ kind: 'http', status: 404, errorCode: 4040004 }, 1, 0, policy, NOW).retry).toBe(true);
    expect(decideRetry({ kind: 'http', status: 500, errorCode: 5000000 }, 1, 0, policy, NOW).retry).toBe(false);
    expect(decideRetry({ kind: 'http', status: 404, errorCode: 4040007 }, 1, 0, policy, NOW).retry).toBe(false);
    expect(decideRetry({ kind: 'http', status: 401 }, 1, 0, policy, NOW).retry).toBe(false);
    expect(decideRetry({ kind: 'network', code: 'ECONNRESET', reset: true }, 1, 0, policy, NOW).retry).toBe(true);
    expect(decideRetry({ kind: 'network', code: 'TIMEOUT', reset: false }, 1, 0, policy, NOW).retry).toBe(false);
  });

  it('is bounded in count and in total time', () => {
    expect(decideRetry({ kind: 'http', status: 500, errorCode: 5000001 }, 3, 0, policy, NOW)).toMatchObject({ retry: false, reason: expect.stringContaining('gave up after 3 attempts') });
    const far = decideRetry({ kind: 'http', status: 429, errorCode: 4290000, retryAfter: String(NOW + 60_000) }, 1, 0, policy, NOW);
    expect(far).toMatchObject({ retry: false, retryAt: NOW + 60_000 });
    const near = decideRetry({ kind: 'http', status: 429, retryAfter: String(NOW + 2000) }, 1, 0, policy, NOW);
    expect(near).toMatchObject({ retry: true, delayMs: 2000 });
  });
});

describe('history request', () => {
  it('builds Apple’s body from durations, with type, subtype and onlyFailures', () => {
    const { body } = buildHistoryRequest({ since: '24h', type: 'subscribed', subtype: 'initial-buy', onlyFailures: true }, 'production', NOW);
    expect(body).toEqual({ startDate: NOW - DAY, endDate: NOW, notificationType: 'SUBSCRIBED', notificationSubtype: 'INITIAL_BUY', onlyFailures: true });
  });

  it('keeps the window: 180 days production, 30 sandbox; a start at the edge moves just inside', () => {
    expect(() => buildHistoryRequest({ since: '31d' }, 'sandbox', NOW)).toThrow(HistoryInputError);
    expect(buildHistoryRequest({ since: '31d' }, 'production', NOW).body.startDate).toBe(NOW - 31 * DAY);
    const edge = buildHistoryRequest({ since: '180d' }, 'production', NOW);
    expect(edge.body.startDate).toBeGreaterThan(NOW - 180 * DAY);
    expect(edge.notes.map((n) => n.id)).toEqual(['api.history.start-moved']);
    try {
      buildHistoryRequest({ since: '200d' }, 'production', NOW);
    } catch (err) {
      expect((err as HistoryInputError).id).toBe('api.history.start-too-old');
    }
  });

  it('rejects exclusive and incomplete filters and bad values', () => {
    const id = (f: Parameters<typeof buildHistoryRequest>[0]) => {
      try {
        buildHistoryRequest(f, 'production', NOW);
        return 'accepted';
      } catch (err) {
        return (err as HistoryInputError).id;
      }
    };
    expect(id({ type: 'REFUND', transactionId: '1' })).toBe('api.history.filters-exclusive');
    expect(id({ subtype: 'UPGRADE' })).toBe('api.history.subtype-needs-type');
    expect(id({ transactionId: 'abc' })).toBe('api.history.transaction-id-format');
    expect(id({ since: '1h', until: '2h' })).toBe('api.history.start-not-before-end');
    expect(id({ type: 'DID RENEW' })).toBe('api.history.enum-format');
  });

  it('warns about unknown types and subtypes but still sends them', () => {
    expect(buildHistoryRequest({ type: 'BRAND_NEW_TYPE' }, 'production', NOW).notes.map((n) => n.id)).toEqual(['api.history.type-unknown']);
    expect(buildHistoryRequest({ type: 'REFUND', subtype: 'UPGRADE' }, 'production', NOW).notes.map((n) => n.id)).toEqual(['api.history.subtype-unknown']);
  });

  it('reads times as durations, ISO dates (UTC when no zone), epoch ms or now; a future end is clamped', () => {
    expect(parseTimeSpec('90m', NOW, '--since')).toBe(NOW - 90 * 60_000);
    expect(parseTimeSpec('2w', NOW, '--since')).toBe(NOW - 14 * DAY);
    expect(parseTimeSpec('2026-11-01', NOW, '--since')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseTimeSpec('2026-11-01T08:00', NOW, '--since')).toBe(Date.parse('2026-11-01T08:00:00Z'));
    expect(parseTimeSpec('2026-11-01T08:00:00+02:00', NOW, '--since')).toBe(Date.parse('2026-11-01T06:00:00Z'));
    expect(parseTimeSpec(String(NOW - 5), NOW, '--since')).toBe(NOW - 5);
    expect(buildHistoryRequest({ since: '1h', until: '2027-01-01' }, 'production', NOW).body.endDate).toBe(NOW);
    expect(() => parseTimeSpec('last tuesday', NOW, '--since')).toThrow(HistoryInputError);
  });
});

describe('attempt report', () => {
  it('judges by the last attempt: a production retry that succeeded is delivered', () => {
    const r = attemptReport({
      status: { sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'TIMED_OUT' }, { attemptDate: 2, sendAttemptResult: 'SUCCESS' }] },
      environment: 'production',
      token: 't',
    });
    expect(r).toMatchObject({ delivered: true, lastResult: 'SUCCESS', retrySchedule: 'retries-1-12-24-48-72h' });
  });

  it('explains a failure with the delivery entry, the check-url stage and the schedule; knows the configured URL', () => {
    const r = attemptReport({
      status: { sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'TLS_ISSUE' }] },
      environment: 'sandbox',
      token: 't',
      notificationUrl: 'https://example.com/asn',
    });
    expect(r.checks.map((c) => c.id)).toEqual(['api.test.not-delivered', 'delivery.TLS_ISSUE', 'api.test.check-url-stage', 'api.test.schedule.sandbox']);
    expect(r.checks[1]!.fix).toContain('TLS 1.2');
    expect(r.checks[2]!.title).toBe('Reproduce it locally: `asn-doctor check-url https://example.com/asn` and read its TLS and Certificate checks');
  });

  it('keeps a result Apple adds later, marked unknown', () => {
    const r = attemptReport({ status: { sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'NEW_THING' }] }, environment: 'sandbox', token: 't' });
    expect(r.checks[1]!.id).toBe('api.test.unknown-result');
  });
});

describe('diagnostics registry', () => {
  it('explains every error code of these endpoints, with no placeholder left unfilled', () => {
    const vars = { environment: 'sandbox', urlField: 'Sandbox Server URL', retryAt: '' };
    for (const code of Object.keys(API_ERROR_CODES).map(Number)) {
      const d = diagnostic(errorDiagnosticId(code), vars);
      expect(d.title).toMatch(new RegExp(`^${code} ${API_ERROR_CODES[code]!.name}: `));
      expect(`${d.title} ${d.explain ?? ''} ${d.fix ?? ''}`).not.toMatch(/\{\w+\}/);
      if (d.severity === 'fail') expect(d.fix).toBeTruthy();
    }
    expect(errorDiagnosticId(4999999)).toBe('api.error.unknown');
  });
});
