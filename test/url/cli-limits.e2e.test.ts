// check-url as a process where the process is the point: `--timeout` bounds the whole run, Ctrl-C
// says "interrupted" (exit 130) rather than TIMED_OUT, and a private target gets no connection.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { misbehave, startRawServer, type RawServer } from '../helpers/hostile-http.js';
import { createZooPki, issueLeaf, startTlsServer, type ServerCredentials, type ZooServer } from '../helpers/tls-zoo.js';
import { AT_ONCE_MS } from '../helpers/at-once.js';

let dir: string;
let caFile: string;
let creds: ServerCredentials;
let hostile: ZooServer;
let counting: RawServer;

beforeAll(async () => {
  const pki = await createZooPki();
  creds = await issueLeaf(pki);
  hostile = await startTlsServer({ creds, onSocket: misbehave('early-hints') });
  counting = await startRawServer((s) => s.destroy());
  dir = mkdtempSync(path.join(tmpdir(), 'asn-check-url-limits-'));
  caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, pki.caPem);
});
afterAll(async () => {
  await Promise.all([hostile?.close(), counting?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const args = () => ['check-url', hostile.url, '--resolve', hostile.resolveArg, '--ca', caFile, '--allow-private'];

describe.concurrent('check-url limits (process)', () => {
  it('--timeout 1 against endless 103 Early Hints: exit 1, TIMED_OUT, well within 4 × the timeout', async () => {
    const t0 = Date.now();
    const r = await runCli([...args(), '--timeout', '1', '--json'], { timeoutMs: 30_000 });
    const ms = Date.now() - t0;
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'TIMED_OUT' });
    // 4 s is the promise; the rest is room for starting Node on a loaded machine.
    expect(ms).toBeLessThan(4000 + 6000);
  });

  it('Ctrl-C: "interrupted" and exit 130, no TIMED_OUT verdict', async () => {
    let contacted = 0;
    const server = await startTlsServer({ creds, onSocket: (sock) => ((contacted += 1), misbehave('early-hints')(sock)) });
    const child = spawn(process.execPath, [CLI, 'check-url', server.url, '--resolve', server.resolveArg, '--ca', caFile, '--allow-private', '--timeout', '30'], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupt once the probe is under way (the server has been contacted).
    for (let i = 0; i < 150 && contacted === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(contacted).toBeGreaterThan(0);
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await closed;
    await server.close();
    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(AT_ONCE_MS);
    expect(stdout).not.toContain('TIMED_OUT');
    expect(stderr).toContain('interrupted');
  });

  it('a private target without --allow-private: exit 1, explained, and no connection at all', async () => {
    const r = await runCli(['check-url', `https://127.1:${counting.port}/asn`], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`127.0.0.1 is a loopback address: Apple cannot reach it`);
    expect(r.stdout).toContain('TCP, TLS and HTTP not tested: 127.0.0.1 not contacted without --allow-private');
    expect(counting.connections()).toBe(0);
  });
});
