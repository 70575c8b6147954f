// Old spellings keep working for one release, each with one line on stderr saying what to write now:
// --environment (decode's and trigger's old flag) and trigger's --timeout in milliseconds. The point is
// what the user sees on stderr next to the result on stdout: the whole command line in-process (the
// real parser, command and top-level handler, test/helpers/in-process-cli.ts), both streams captured.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';
import { tempDir } from '../emulator/helpers.js';

const state = tempDir('asn-deprecated-');
let silent: Server;
let silentUrl: string;

beforeAll(async () => {
  // Accepts the request and never answers: only the time limit ends the delivery.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/asn`;
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  state.remove();
});

function payloadOf(body: string): Record<string, unknown> {
  const jws = (JSON.parse(body) as { signedPayload: string }).signedPayload;
  return JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('deprecated spellings', () => {
  it('trigger --environment works as --env, with a one-line note on stderr', async () => {
    const r = await runCli(['trigger', 'TEST', '--print', '--environment', 'production', '--state-dir', state.dir]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('warning: --environment is now --env; --environment still works in this release only');
    expect(r.stderr.match(/--environment/g)).toHaveLength(2); // said once
    expect(payloadOf(r.stdout)).toMatchObject({ notificationType: 'TEST', data: { environment: 'Production' } });
  });

  it('trigger --timeout 1000 is read as milliseconds, as before (a one-second limit, not 1000 seconds), and says so', async () => {
    const r = await runCli(['--json', 'trigger', 'TEST', '--to', silentUrl, '--timeout', '1000', '--state-dir', state.dir]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { result: string; timeMs: number };
    expect(doc.result).toBe('TIMED_OUT');
    expect(doc.timeMs).toBeGreaterThanOrEqual(900);
    expect(doc.timeMs).toBeLessThan(10_000);
    expect(r.stderr).toContain('warning: --timeout 1000 read as milliseconds, as before; --timeout is in seconds now: write --timeout 1\n');
  });

  it('the new spellings say nothing extra', async () => {
    const r = await runCli(['trigger', 'TEST', '--print', '--env', 'production', '--timeout', '15', '--state-dir', state.dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning:');
  });

  it('a command line refused after an old spelling leaves no note for the next one (in-process runs share the modules)', async () => {
    // The alias notes itself before its value is refused, so the command never runs to take the note.
    const refused = await runCli(['trigger', 'TEST', '--print', '--environment', 'staging', '--state-dir', state.dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: --environment staging is not /);
    const next = await runCli(['trigger', 'TEST', '--print', '--env', 'production', '--state-dir', state.dir]);
    expect(next.code).toBe(0);
    expect(next.stderr).not.toContain('warning:');
  });

  it('a refused option of history --json is one NDJSON line, like the errors of its run', async () => {
    const r = await runCli(['--json', 'history', '--limit', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: 'option.integer', message: '--limit must be a whole number from 1 to 1000000, not 0', fix: 'Pass a whole number from 1 to 1000000.' },
    });
  });
});
