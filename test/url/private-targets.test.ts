// Without --allow-private, check-url (and doctor through it) never connects to a loopback, private,
// link-local or other special address, however it is written or wherever it came from: the URL, DNS
// or --resolve (issue 10, point 2). A local server counts the connections it gets: none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlStage } from '../../src/doctor/urls.js';
import { checkUrl, type CheckUrlReport, type HostLookup } from '../../src/url/index.js';
import { startRawServer, type RawServer } from '../helpers/hostile-http.js';

let server: RawServer;
let port: number;

beforeAll(async () => {
  // Accepts and closes: enough to count connections, whatever protocol the client speaks.
  server = await startRawServer((s) => s.destroy());
  port = server.port;
});
afterAll(() => server.close());

const loopbackLookup: HostLookup = async () => [{ address: '127.0.0.1', family: 4 }];
const opts = { timeoutMs: 1000, publicLookup: false as const };

function expectStopped(r: CheckUrlReport): void {
  expect(r.checks.find((c) => c.id === 'stage.skipped.not-contacted')?.status).toBe('skip');
  expect(r).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'SOCKET_ISSUE' });
  expect(r.checks.some((c) => ['TCP', 'TLS', 'Certificate', 'HTTP'].includes(c.group ?? '') && c.id !== 'stage.skipped.not-contacted')).toBe(false);
  expect(r.address).toBeUndefined();
}

describe('no request where none belongs', () => {
  it.each([
    ['127.1', () => `https://127.1:${port}/asn`],
    ['2130706433', () => `https://2130706433:${port}/asn`],
    ['0x7f.1', () => `https://0x7f.1:${port}/asn`],
    ['[::ffff:127.0.0.1]', () => `https://[::ffff:127.0.0.1]:${port}/asn`],
    ['[::127.0.0.1] (IPv4-compatible)', () => `https://[::127.0.0.1]:${port}/asn`],
    ['[64:ff9b::7f00:1] (NAT64 of 127.0.0.1)', () => `https://[64:ff9b::7f00:1]:${port}/asn`],
  ])('URL literal %s: classified, reported, never contacted', async (_name, url) => {
    const before = server.connections();
    const r = await checkUrl(url(), opts);
    expectStopped(r);
    expect(r.checks.find((c) => c.id === 'dns.address.unreachable')?.title).toMatch(/(is|the IPv6 form of 127\.0\.0\.1,) a loopback address: Apple cannot reach it/);
    expect(server.connections()).toBe(before);
  });

  it('a name that DNS resolves to loopback: not contacted', async () => {
    const before = server.connections();
    const r = await checkUrl(`https://hooks.example.com:${port}/asn`, { ...opts, lookup: loopbackLookup });
    expectStopped(r);
    expect(server.connections()).toBe(before);
  });

  it('localhost: not contacted', async () => {
    const before = server.connections();
    const r = await checkUrl(`https://localhost:${port}/asn`, { ...opts, lookup: loopbackLookup });
    expectStopped(r);
    expect(server.connections()).toBe(before);
  });

  it('--resolve to loopback, and to a metadata address: not contacted', async () => {
    const before = server.connections();
    const [loop, meta] = await Promise.all([
      checkUrl(`https://hooks.example.com:${port}/asn`, { ...opts, resolve: [{ host: 'hooks.example.com', port, address: '127.0.0.1' }] }),
      checkUrl('https://hooks.example.com/asn', { ...opts, resolve: [{ host: 'hooks.example.com', port: 443, address: '169.254.169.254' }] }),
    ]);
    expectStopped(loop);
    expectStopped(meta);
    expect(meta.checks.find((c) => c.id === 'dns.address.unreachable')?.title).toContain('169.254.169.254 is a link-local address');
    expect(server.connections()).toBe(before);
  });

  it('--no-probe changes nothing: still no connection', async () => {
    const before = server.connections();
    expectStopped(await checkUrl(`https://127.1:${port}/asn`, { ...opts, probe: false }));
    expect(server.connections()).toBe(before);
  });

  it('doctor gets the same through check-url', async () => {
    const before = server.connections();
    const { checks, reports } = await urlStage({ production: { url: `https://127.1:${port}/asn`, from: '--production-url' }, sandbox: { url: `https://0x7f.1:${port}/asn`, from: '--sandbox-url' } }, { timeoutMs: 1000 });
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail']);
    expectStopped(reports.production!);
    expect(server.connections()).toBe(before);
  });

  it('with --allow-private the same URL is contacted (the counter works)', async () => {
    const before = server.connections();
    const r = await checkUrl(`https://127.1:${port}/asn`, { ...opts, allowPrivate: true, probe: false });
    expect(r.checks.find((c) => c.id === 'tcp.connected')?.status).toBe('pass');
    expect(server.connections()).toBeGreaterThan(before);
  });
});
