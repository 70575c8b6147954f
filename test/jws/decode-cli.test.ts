// decode end to end: stdout, stderr and exit codes. In-process (test/helpers/in-process-cli.ts: the
// real argument parser, command and top-level handler), except the runs marked "(process)": the built
// CLI with its own stdout and stderr, NDJSON written straight to a file descriptor, and a pipe whose
// reader leaves early (EPIPE).
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, runCli as runProcess } from '../helpers/run-cli.js';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';
import { createAppleLikeChain, samplePayload, signJws, type AppleLikeChain } from '../helpers/apple-like-chain.js';

const fixture = (n: string) => new URL(`../fixtures/apple/${n}`, import.meta.url).pathname;
const real = (n: number) => readFileSync(fixture(`real-${n}.jws`), 'utf8').trim();

let dir: string;
let chain: AppleLikeChain;
let rootPem: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asn-decode-'));
  chain = await createAppleLikeChain();
  rootPem = join(dir, 'root.pem');
  writeFileSync(rootPem, chain.root.certPem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('asn-doctor decode', () => {
  it('verifies a real notification from a file: kind, meaning, enum names, dates, nested, checks; exit 0 (process)', async () => {
    const r = await runProcess(['decode', '--file', fixture('real-3.jws')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Notification  SUBSCRIBED / INITIAL_BUY');
    expect(r.stdout).toContain('VERIFIED: signed by Apple');
    expect(r.stdout).toMatch(/signedDate\s+2024-01-03T03:34:03\.514Z \(\d+ years?( \d+ months?)? ago\)/);
    expect(r.stdout).toContain('Transaction (data.signedTransactionInfo)');
    expect(r.stdout).toContain('Renewal info (data.signedRenewalInfo)');
    expect(r.stdout).toMatch(/autoRenewStatus\s+1 \(on\)/);
    expect(r.stdout).toMatch(/data\.status\s+1 \(active\)/);
    expect(r.stdout).toMatch(/warning: Apple's library with online checks on would reject this: the leaf certificate expired on 2025-10-11/);
  });

  it('--json prints one document with the documented fields', async () => {
    const r = await runCli(['--json', 'decode', real(10)]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, kind: 'notification', verified: true, verification: { status: 'VERIFIED', anchor: { apple: true } } });
    expect(doc.verification.effectiveDate).toBe('2025-10-01T07:08:38.835Z');
    expect(doc.header.alg).toBe('ES256');
    expect(doc.payload.notificationType).toBe('DID_RENEW');
    expect(doc.nested.map((n: { field: string; kind: string; verified: boolean }) => [n.field, n.kind, n.verified])).toEqual([
      ['data.signedTransactionInfo', 'transaction', true],
      ['data.signedRenewalInfo', 'renewalInfo', true],
    ]);
    // One shape at every level: reason and effectiveDate are always there (reason null when verified).
    for (const d of [doc, ...doc.nested]) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['ok', 'kind', 'verified', 'verification', 'header', 'payload', 'nested']));
      expect(Object.keys(d.verification)).toEqual(expect.arrayContaining(['status', 'reason', 'effectiveDate', 'checks']));
      expect(d.verification.reason).toBeNull();
    }
  });

  it('reads a notification body from stdin', async () => {
    const r = await runCli(['decode'], { input: JSON.stringify({ signedPayload: real(1) }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Notification  TEST');
  });

  it('batch: NDJSON, one record a line, worst exit code', async () => {
    const file = join(dir, 'batch.ndjson');
    writeFileSync(file, `${real(1)}\n{"signedPayload":"${real(2)}"}\n${signJws(chain, samplePayload())}\n`);
    const r = await runCli(['--json', 'decode', '--file', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.source, l.ok])).toEqual([
      ['line 1', true],
      ['line 2', true],
      ['line 3', false],
    ]);
    const human = await runCli(['decode', '--file', file]);
    expect(human.stdout).toContain('3 items: 2 verified, 1 not verified, 0 not payloads');
  });

  it('batch NDJSON to a file (written straight to the descriptor) is the same text as through a pipe (process)', async () => {
    const file = join(dir, 'batch-to-file.ndjson');
    writeFileSync(file, `${real(10)}\n${real(3)}\nnot a payload\n${real(8)}\n`);
    const piped = await runProcess(['--json', 'decode', '--file', file]);
    const outPath = join(dir, 'out.ndjson');
    const fd = openSync(outPath, 'w');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, '--json', 'decode', '--file', file], { env: cleanEnv(), stdio: ['ignore', fd, 'ignore'] });
      child.on('close', resolve);
    });
    closeSync(fd);
    expect(code).toBe(piped.code);
    expect(piped.stdout.split('\n')).toHaveLength(5);
    expect(readFileSync(outPath, 'utf8')).toBe(piped.stdout);
  });

  it('a reader that leaves early (`decode … | head -1`): the batch stops quietly, exit 0, nothing on stderr (process)', async () => {
    // Far more NDJSON than a pipe holds, so the CLI is still writing when the reader goes.
    const file = join(dir, 'batch-for-head.ndjson');
    writeFileSync(file, `${real(3)}\n`.repeat(300));
    const child = spawn(process.execPath, [CLI, '--json', 'decode', '--file', file], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    let first = '';
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        first += d;
        if (first.includes('\n')) {
          child.stdout.destroy(); // as head does after its line: the pipe's reading end closes
          resolve();
        }
      });
    });
    expect(JSON.parse(first.slice(0, first.indexOf('\n')))).toMatchObject({ source: 'line 1', verified: true });
    expect(await ended).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });

  it('a Get Notification History response: every signedPayload, NDJSON with source and sendAttempts', async () => {
    const attempts = [{ attemptDate: 1698148900000, sendAttemptResult: 'NO_RESPONSE' }];
    const body = JSON.stringify({ notificationHistory: [{ signedPayload: real(1), sendAttempts: attempts }, { signedPayload: real(2), sendAttempts: [] }], hasMore: false }, null, 2);
    const r = await runCli(['--json', 'decode', '-'], { input: body });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.source)).toEqual(['notificationHistory[0].signedPayload', 'notificationHistory[1].signedPayload']);
    expect(lines[0].sendAttempts).toEqual(attempts);
    const human = await runCli(['decode', '-'], { input: body });
    expect(human.stdout).toMatch(/Send attempts \(1\)\n  2023-10-24T12:01:40\.000Z \(\d+ years?( \d+ months?)? ago\)  NO_RESPONSE\n/);
    expect(human.stdout).toContain('Send attempts (0)\n  none recorded');
  });

  it('a batch with one line that is not a payload: counted in the singular, exit 2', async () => {
    const r = await runCli(['decode'], { input: `${real(1)}\ngarbage\n` });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('2 items: 1 verified, 0 not verified, 1 not a payload');
  });

  it('an empty argument is empty input, not a path', async () => {
    const r = await runCli(['decode', ''], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the input is empty\n  fix: /);
  });

  it('a chain to an unknown root: UNVERIFIED with the reason and fix, content still shown, exit 1', async () => {
    const r = await runCli(['decode', signJws(chain, samplePayload())]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/UNVERIFIED \(VERIFICATION_FAILURE\): The chain does not lead to Apple Root CA - G3: x5c\[2\] is CN=Test Root CA - G3/);
    expect(r.stdout).toContain('fix: Do not trust this payload');
    expect(r.stdout).toContain('Content (UNVERIFIED: do not trust it)');
    expect(r.stdout).toContain('com.example.app');
  });

  it('--root: verified, and says it is not signed by Apple', async () => {
    const r = await runCli(['decode', '--root', rootPem, signJws(chain, samplePayload())]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('VERIFIED, but not signed by Apple');
    const j = await runCli(['--json', 'decode', '--root', rootPem, signJws(chain, samplePayload())]);
    expect(JSON.parse(j.stdout).verification.anchor.apple).toBe(false);
  });

  it('--bundle-id / --env mismatches name both values; exit 1', async () => {
    const r = await runCli(['decode', '--bundle-id', 'com.example.other', '--env', 'production', real(1)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bundleId is com.loki-project.loki-messenger, expected com.example.other');
    expect(r.stdout).toContain('environment is Sandbox, expected Production');
  });

  it('--no-verify decodes only and says so loudly; exit 1', async () => {
    const r = await runCli(['decode', '--no-verify', real(1)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NOT VERIFIED');
    // Also on stderr, so it is not lost with --json or in a CI log.
    const j = await runCli(['--json', 'decode', '--no-verify', real(1)]);
    expect(j.code).toBe(1);
    expect(j.stderr).toContain('warning: NOT VERIFIED: decoded only (--no-verify)');
    expect(JSON.parse(j.stdout).verification.status).toBe('NOT_VERIFIED');
  });

  it('a version 1 body: shown as deprecated and unsigned, password never printed', async () => {
    const body = JSON.stringify({
      notification_type: 'DID_RENEW',
      password: 'shared-secret-123',
      environment: 'PROD',
      unified_receipt: { status: 0, latest_receipt_info: [{ product_id: 'p', password: 'shared-secret-456' }] },
    });
    for (const args of [['decode'], ['--json', 'decode']]) {
      const r = await runCli(args, { input: body });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toMatch(/shared-secret-(123|456)/);
    }
    const r = await runCli(['decode'], { input: body });
    expect(r.stdout).toContain('Version 1 notification: deprecated and unsigned');
  });

  it('not a payload: one error line with a fix, exit 2, nothing on stdout', async () => {
    const r = await runCli(['decode', 'hello world']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: the input is neither a compact JWS nor JSON\n  fix: /);
  });

  it('10 MB of input on stdin: exit 2, no crash', async () => {
    const r = await runCli(['decode'], { input: `eyJ${'A'.repeat(10 * 1024 * 1024)}.eyJ.AAAA` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*too large/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('no single input ends a batch: line 2 is bad (a date out of range, then a fourth part), lines 3..n still answered', async () => {
    const good = () => signJws(chain, samplePayload());
    const lines = [
      good(),
      signJws(chain, samplePayload({ signedDate: 1e308 })),
      signJws(chain, samplePayload({ signedDate: -1e20 })),
      `${good()}.${good().split('.')[2]}`,
      signJws(chain, samplePayload({ signedDate: 'NaN' })),
      good(),
    ];
    const file = join(dir, 'bad-line-2.jws');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const j = await runCli(['--json', 'decode', '--root', rootPem, '--file', file]);
    expect(j.stderr).toBe('');
    const records = j.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => [r.source, r.ok, r.error?.code])).toEqual([
      ['line 1', true, undefined],
      ['line 2', true, undefined],
      ['line 3', true, undefined],
      ['line 4', false, 'input.too-many-parts'],
      ['line 5', true, undefined],
      ['line 6', true, undefined],
    ]);
    // --json keeps the number exactly; the date it could not be is said, not thrown.
    expect(records[1].payload.signedDate).toBe(1e308);
    expect(records[1].verification.checks.map((c: { id: string }) => c.id)).toContain('jws.cert.effective-invalid');
    expect(j.code).toBe(2);
    const human = await runCli(['decode', '--root', rootPem, '--file', file]);
    expect(human.code).toBe(2);
    expect(human.stderr).toBe('');
    expect(human.stdout).not.toContain('Invalid time value');
    expect(human.stdout).toMatch(/signedDate\s+1e\+308 \(not a valid date\)/);
    expect(human.stdout).toMatch(/signedDate\s+-100000000000000000000 \(not a valid date\)/);
    expect(human.stdout).toContain('signedDate is 1e+308, which is not a valid date: it is treated as absent');
    expect(human.stdout).toContain('not a payload: not a compact JWS: it has 4 parts separated by dots');
    expect(human.stdout).toContain('6 items: 5 verified, 0 not verified, 1 not a payload');
  });

  it('a path that does not exist: "no such file" with the fix; a folder and --file say so in plain words', async () => {
    const r = await runCli(['decode', 'notification.jws'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: no such file: notification.jws\n  fix: Check the path (relative paths start at ${dir}), or pass the payload itself: decode 'eyJ…', pipe it on stdin, or --file PATH.\n`);
    const f = await runCli(['decode', '--file', 'missing/body.json'], { cwd: dir });
    expect(f.stderr).toMatch(/^error: no such file: missing\/body.json\n/);
    const folder = await runCli(['decode', '--file', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^error: cannot read .*: it is a folder, not a file\n/);
    for (const out of [r.stderr, f.stderr, folder.stderr]) expect(out).not.toMatch(/ENOENT|EISDIR/);
  });

  it('a JWS cut short says what is missing and the likely cause', async () => {
    const r = await runCli(['decode', real(1).slice(0, 4096)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: only the start of a JWS header \(4096 characters\), cut off: the rest of the header, the payload and the signature are missing\n  fix: Most likely a log line cut at its length limit/);
  });

  it('bad options are usage errors (exit 2)', async () => {
    expect((await runCli(['decode', '--at', 'yesterday', real(1)])).code).toBe(2);
    expect((await runCli(['decode', '--env', 'staging', real(1)])).code).toBe(2);
    const r = await runCli(['decode', '--root', join(dir, 'missing.pem'), real(1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read --root');
  });
});
