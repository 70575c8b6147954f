// check-url against servers that never finish: `--timeout T` bounds each phase, and the whole check
// ends within CHECK_URL_PHASES × T whatever the server does (issue 10, points 1 and 9). Real TLS
// servers on 127.0.0.1 (hence allowPrivate), misbehaving at the socket level after the handshake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_URL_PHASES, checkUrl, type CheckUrlReport } from '../../src/url/index.js';
import { InterruptedError } from '../../src/errors.js';
import { HOSTILITIES, misbehave, timed, type Hostility } from '../helpers/hostile-http.js';
import { createZooPki, issueLeaf, startTlsServer, type ServerCredentials, type ZooPki, type ZooServer } from '../helpers/tls-zoo.js';
import { AT_ONCE_MS } from '../helpers/at-once.js';

// Longer than the drip's one-second gap: only a deadline on the whole request ends it.
const T = 1500;
// The documented bound, plus room for a loaded machine.
const BOUND_MS = CHECK_URL_PHASES * T + 2500;
let pki: ZooPki;
let creds: ServerCredentials;
const servers: ZooServer[] = [];

beforeAll(async () => {
  pki = await createZooPki();
  creds = await issueLeaf(pki);
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function tlsServer(onSocket: Parameters<typeof startTlsServer>[0]['onSocket']): Promise<ZooServer> {
  const s = await startTlsServer({ creds, onSocket });
  servers.push(s);
  return s;
}

const run = (s: ZooServer, extra: Parameters<typeof checkUrl>[1] = {}) =>
  checkUrl(s.url, { resolve: [s.resolve], ca: [pki.caPem], allowPrivate: true, timeoutMs: T, ...extra });

const statusOf = (r: CheckUrlReport, id: string) => r.checks.find((c) => c.id === id)?.status;

describe.concurrent('check-url against hostile servers', () => {
  it.each(HOSTILITIES)('%s: TIMED_OUT, and the check ends within its documented bound', async (kind: Hostility) => {
    const s = await tlsServer(misbehave(kind));
    const r = await timed(() => run(s));
    const report = r.value!;
    expect(report).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'TIMED_OUT' });
    // A status line that came before the stall is named; silence is silence.
    expect(statusOf(report, kind === 'early-hints' ? 'http.timeout' : 'http.timeout.body')).toBe('fail');
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('the first POST answers, every later request hangs: still within the bound', async () => {
    let n = 0;
    const s = await tlsServer((sock) => {
      n += 1;
      if (n === 1) sock.once('data', () => sock.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}'));
      else misbehave('early-hints')(sock);
    });
    const r = await timed(() => run(s));
    expect(statusOf(r.value!, 'http.status.ok')).toBe('pass');
    expect(statusOf(r.value!, 'http.second.failed')).toBe('fail');
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('Ctrl-C ends the check at once as "interrupted", never as TIMED_OUT', async () => {
    const s = await tlsServer(misbehave('early-hints'));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const r = await timed(() => run(s, { timeoutMs: 10_000, signal: ac.signal }));
    expect(r.error).toBeInstanceOf(InterruptedError);
    expect((r.error as InterruptedError).message).toBe('interrupted');
    expect(r.ms).toBeLessThan(AT_ONCE_MS);
  });
});
