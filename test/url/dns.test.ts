// DNS stage with an injected resolver: no real look-ups.
import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../src/url/index.js';
import type { HostLookup } from '../../src/url/dns.js';
import { platformForHost } from '../../src/url/platforms.js';
import { hasDiagnostic } from '../../src/report/diagnostics/index.js';

const fail = (code: string) => Object.assign(new Error(code), { code });
const table =
  (rows: Record<string, { address: string; family: 4 | 6 }[] | string>): HostLookup =>
  async (host) => {
    const r = rows[host];
    if (r === undefined) throw fail('ENOTFOUND');
    if (typeof r === 'string') throw fail(r);
    return r;
  };
const ids = (r: Awaited<ReturnType<typeof checkUrl>>) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

describe.concurrent('DNS stage', () => {
  it('a name that does not exist (while DNS works) is a failure', async () => {
    const r = await checkUrl('https://missing.example.com/asn', { lookup: table({ 'apple.com': [{ address: '17.253.144.10', family: 4 }] }), timeoutMs: 1000 });
    expect(ids(r)['dns.not-found']).toBe('fail');
    expect(r).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'SOCKET_ISSUE', ok: false });
  });

  it('no DNS at all on this machine: could not test', async () => {
    const r = await checkUrl('https://hooks.example.com/asn', { lookup: table({}), timeoutMs: 1000 });
    expect(ids(r)['dns.unavailable']).toBe('skip');
    expect(r).toMatchObject({ verdict: 'could-not-test', ok: false, predictedResult: null });
  });

  it('a name that resolves to a private address is named and fails', async () => {
    const r = await checkUrl('https://hooks.example.com/asn', {
      lookup: table({ 'hooks.example.com': [{ address: '10.0.0.5', family: 4 }] }),
      probe: false,
      timeoutMs: 300,
    });
    const c = r.checks.find((x) => x.id === 'dns.address.unreachable');
    expect(c?.status).toBe('fail');
    expect(c?.title).toContain('10.0.0.5 is a private address');
    expect(r.predictedResult).toBe('SOCKET_ISSUE');
  });

  it('IPv6-only host fails (Apple documents only an IPv4 range)', async () => {
    const r = await checkUrl('https://v6.example.com/asn', {
      lookup: table({ 'v6.example.com': [{ address: '::1', family: 6 }] }),
      allowPrivate: true,
      probe: false,
      timeoutMs: 300,
    });
    expect(ids(r)['dns.ipv6-only']).toBe('fail');
  });

  it('recognises platforms from the name', async () => {
    const r = await checkUrl('https://abc123.ngrok-free.app/asn', {
      lookup: table({ 'abc123.ngrok-free.app': [{ address: '127.0.0.1', family: 4 }] }),
      allowPrivate: true,
      probe: false,
      resolve: [],
      timeoutMs: 300,
    });
    expect(ids(r)['platform.ngrok']).toBe('info');
  });

  it.each([
    ['x.ngrok.io', 'ngrok'],
    ['x.loca.lt', 'localtunnel'],
    ['a-b.trycloudflare.com', 'cloudflare-tunnel'],
    ['app-git-main.vercel.app', 'vercel'],
    ['s.netlify.app', 'netlify'],
    ['svc-abc-uc.a.run.app', 'cloud-run'],
    ['us-central1-p.cloudfunctions.net', 'cloud-functions'],
    ['abc.execute-api.eu-west-1.amazonaws.com', 'api-gateway'],
    ['abc.lambda-url.us-east-1.on.aws', 'lambda-url'],
    ['d1.cloudfront.net', 'cloudfront'],
    ['x.onrender.com', 'render'],
    ['x.herokuapp.com', 'heroku'],
    ['x.web.app', 'firebase'],
  ])('platform of %s is %s, with advice', (host, platform) => {
    expect(platformForHost(host)).toBe(platform);
    expect(hasDiagnostic(`platform.${platform}`)).toBe(true);
  });

  it('--resolve entries win over DNS and are reported', async () => {
    let asked = 0;
    const r = await checkUrl('https://hooks.example.com:1/asn', {
      lookup: async () => {
        asked += 1;
        return [];
      },
      resolve: [{ host: 'hooks.example.com', port: 1, address: '127.0.0.1' }],
      allowPrivate: true,
      timeoutMs: 500,
    });
    expect(asked).toBe(0);
    expect(ids(r)['dns.pinned']).toBe('info');
    expect(r.address).toBeUndefined(); // nothing listens on port 1
    expect(ids(r)['tcp.refused']).toBe('fail');
  });
});

describe.concurrent('public resolver comparison', () => {
  const local = table({ 'hooks.example.com': [{ address: '127.0.0.1', family: 4 }] });
  const base = { lookup: local, allowPrivate: true, probe: false, timeoutMs: 500 } as const;

  it('agreeing answers pass', async () => {
    const r = await checkUrl('https://hooks.example.com:1/asn', { ...base, publicLookup: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(ids(r)['dns.public.same']).toBe('pass');
    // Reported with the DNS stage, not after HTTP.
    const order = r.checks.map((c) => c.id);
    expect(order.indexOf('dns.public.same')).toBeLessThan(order.indexOf('tcp.refused'));
  });

  it('a different public answer is a warning (hosts file, VPN, split horizon)', async () => {
    const r = await checkUrl('https://hooks.example.com:1/asn', { ...base, publicLookup: async () => [{ address: '192.0.2.80', family: 4 }] });
    expect(r.checks.find((c) => c.id === 'dns.public.differs')?.title).toBe('public DNS answers 192.0.2.80, this machine 127.0.0.1');
  });

  it('a name only this machine knows fails', async () => {
    const r = await checkUrl('https://hooks.example.com:1/asn', { ...base, publicLookup: async () => [] });
    expect(ids(r)['dns.public.not-found']).toBe('fail');
  });

  it('is never waited for: no answer yet means "compared nothing", and the look-up is cancelled', async () => {
    let aborted = false;
    const r = await checkUrl('https://hooks.example.com:1/asn', {
      ...base,
      publicLookup: (_host, _ms, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => ((aborted = true), reject(new Error('cancelled'))))),
    });
    expect(ids(r)['dns.public.no-answer']).toBe('info');
    expect(aborted).toBe(true);
  });

  it('is skipped for --resolve names', async () => {
    let asked = 0;
    const r = await checkUrl('https://hooks.example.com:1/asn', {
      ...base,
      resolve: [{ host: 'hooks.example.com', port: 1, address: '127.0.0.1' }],
      publicLookup: async () => ((asked += 1), []),
    });
    expect(asked).toBe(0);
    expect(r.checks.some((c) => c.id.startsWith('dns.public.'))).toBe(false);
  });
});
