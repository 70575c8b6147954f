import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { check, countChecks, worstStatus } from '../../src/report/check.js';
import { allDiagnostics, diagnostic, fill } from '../../src/report/diagnostics/index.js';
import { Output } from '../../src/report/output.js';
import { redact } from '../../src/util/redact.js';
import { SEND_ATTEMPT_RESULTS } from '../../src/apple/send-attempt-result.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let buf = '';
  stream.on('data', (d: Buffer) => (buf += d.toString()));
  return { stream, text: () => buf };
}

describe('diagnostics registry', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('answered {status} in {ms} ms', { status: 500, ms: 12 })).toBe('answered 500 in 12 ms');
    expect(fill('{missing}', {})).toBe('{missing}');
  });

  it('has one entry with a fix for every failing sendAttemptResult', () => {
    for (const r of SEND_ATTEMPT_RESULTS) {
      const d = diagnostic(`delivery.${r}`, { status: 500 });
      expect(d.sendAttemptResult).toBe(r);
      if (r !== 'SUCCESS') expect(d.fix, r).toBeTruthy();
    }
  });

  it('has unique ids', () => {
    const ids = allDiagnostics().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('throws on an unknown id so typos fail loudly in tests', () => {
    // @ts-expect-error: an unknown id does not compile (test/types/diagnostic-ids.test.ts); at run time it throws
    expect(() => diagnostic('no.such.id')).toThrow(/unknown diagnostic/);
  });
});

describe('check model', () => {
  it('takes wording from the registry and hides the fix on a pass', () => {
    const failed = check('delivery.UNSUCCESSFUL_HTTP_RESPONSE_CODE', { status: 404 });
    expect(failed.status).toBe('fail');
    expect(failed.title).toContain('404');
    expect(failed.fix).toBeTruthy();
    const passed = check('delivery.SUCCESS');
    expect(passed.status).toBe('pass');
    expect(passed.fix).toBeUndefined();
  });

  it('ranks statuses and counts them', () => {
    const list = [check('delivery.SUCCESS'), check('delivery.OTHER', {}, { status: 'warn' })];
    expect(worstStatus(list)).toBe('warn');
    expect(worstStatus([...list, check('delivery.TIMED_OUT')])).toBe('fail');
    expect(countChecks(list)).toEqual({ pass: 1, warn: 1, fail: 0, info: 0, skip: 0 });
  });
});

describe('redact', () => {
  it('removes private keys, bearer tokens, JWTs and v1 shared secrets', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----';
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';
    const text = redact(`${key} Authorization: Bearer abc.def.ghi ${jwt} {"password":"hunter2"}`);
    expect(text).not.toContain('MIGTAgEAMBMGByqGSM49');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('c2lnbmF0dXJl');
    expect(text).not.toContain('hunter2');
  });
});

describe('Output', () => {
  it('keeps stdout to one JSON document in --json mode', () => {
    const out = capture();
    const err = capture();
    const o = new Output({ json: true, debug: false, stdout: out.stream, stderr: err.stream, env: {} });
    o.line('human text');
    o.note('progress');
    o.result('doctor', { ok: true });
    expect(JSON.parse(out.text())).toEqual({ ok: true });
    expect(err.text()).toBe('progress\n');
  });

  it('uses no colour without a TTY, with NO_COLOR, or with --no-color', () => {
    const out = capture();
    const plain = new Output({ json: false, debug: false, stdout: out.stream, stderr: out.stream, env: {} });
    expect(plain.c.red('x')).toBe('x');
    const forced = new Output({ json: false, debug: false, stdout: out.stream, stderr: out.stream, env: { FORCE_COLOR: '1' } });
    expect(forced.c.red('x')).not.toBe('x');
    const noColor = new Output({ json: false, debug: false, stdout: out.stream, stderr: out.stream, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.c.red('x')).toBe('x');
    const flag = new Output({ json: false, debug: false, color: false, stdout: out.stream, stderr: out.stream, env: { FORCE_COLOR: '1' } });
    expect(flag.c.red('x')).toBe('x');
  });

  it('prints debug lines only with --debug, redacted', () => {
    const err = capture();
    const quiet = new Output({ json: false, debug: false, stdout: err.stream, stderr: err.stream, env: {} });
    quiet.debug('hidden');
    const loud = new Output({ json: false, debug: true, stdout: err.stream, stderr: err.stream, env: {} });
    loud.debug('Authorization: Bearer secret.token.value');
    expect(err.text()).not.toContain('hidden');
    expect(err.text()).toContain('debug:');
    expect(err.text()).not.toContain('secret.token.value');
  });
});
