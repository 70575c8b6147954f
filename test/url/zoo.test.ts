// The zoo: one real local HTTPS server per misconfiguration, reached through `resolve` and `ca`
// exactly as --resolve/--ca do, each with the verdict and the sendAttemptResult Apple would record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, type CheckUrlOptions, type CheckUrlReport } from '../../src/url/index.js';
import {
  createZooPki,
  handlers,
  issueLeaf,
  startHttpsServer,
  startPlainHttpServer,
  startTcpServer,
  startTlsServer,
  unusedPort,
  ZOO_HOST,
  type ServerCredentials,
  type ZooPki,
  type ZooServer,
} from '../helpers/tls-zoo.js';

// Generous: only the slow-server case waits for a timeout, and it sets its own short one.
const TIMEOUT_MS = 4000;
let pki: ZooPki;
const creds: Record<string, ServerCredentials> = {};
const servers: ZooServer[] = [];

beforeAll(async () => {
  pki = await createZooPki();
  const entries = await Promise.all(
    Object.entries({
      good: {},
      expired: { notBeforeDays: -100, notAfterDays: -3 },
      notYetValid: { notBeforeDays: 3, notAfterDays: 90 },
      wrongHost: { dns: ['other.example.test'], ip: [] },
      cnOnly: { dns: [], ip: [] },
      selfSigned: { selfSigned: true },
      leafOnly: { leafOnly: true },
      fromRoot: { fromRoot: true },
      fromRootWrongHost: { fromRoot: true, dns: ['other.example.test'], ip: [] },
      fromRootExpired: { fromRoot: true, notBeforeDays: -100, notAfterDays: -3 },
      rsa1024: { key: { kind: 'rsa' as const, bits: 1024 } },
      rsa2048: { key: { kind: 'rsa' as const, bits: 2048 } },
      sha1: { signatureHash: 'SHA-1' as const },
      ngrok: { dns: ['abc123.ngrok-free.app'] },
    }).map(async ([name, o]) => [name, await issueLeaf(pki, o)] as const),
  );
  for (const [name, c] of entries) creds[name] = c;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function track(p: Promise<ZooServer>): Promise<ZooServer> {
  const s = await p;
  servers.push(s);
  return s;
}

async function run(server: ZooServer, extra: CheckUrlOptions = {}): Promise<CheckUrlReport> {
  return checkUrl(server.url, { resolve: [server.resolve], ca: [pki.caPem], allowPrivate: true, timeoutMs: TIMEOUT_MS, ...extra });
}

function statusOf(report: CheckUrlReport, id: string): string | undefined {
  return report.checks.find((c) => c.id === id)?.status;
}

function expectVerdict(report: CheckUrlReport, verdict: CheckUrlReport['verdict'], result: CheckUrlReport['predictedResult']): void {
  const summary = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.title}`);
  expect({ verdict: report.verdict, predictedResult: report.predictedResult, fails: summary }).toMatchObject({ verdict, predictedResult: result });
  expect(report.ok).toBe(verdict === 'deliverable');
}

const https = (name: string, handler = handlers.ok(), tls = {}, path = '/asn') =>
  track(startHttpsServer({ creds: creds[name]!, handler, tls, path }));

describe.concurrent('check-url zoo', () => {
  it('good server: deliverable, SUCCESS; private CA only a rehearsal warning', async () => {
    const r = await run(await https('good'));
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(r.checks.filter((c) => c.group === 'Certificate').map((c) => `${c.id}:${c.status}`)).toContain('cert.trust.private-ca:warn');
    for (const id of ['tls.versions', 'tls.forward-secrecy', 'tls.ats', 'cert.chain', 'cert.name', 'cert.key', 'cert.signature', 'cert.eku', 'http.status.ok', 'http.large-body', 'http.charset']) {
      expect(statusOf(r, id), id).toBe('pass');
    }
    expect(r.normalizedUrl).toBe(r.url);
    expect(statusOf(r, 'tls.sni-required')).toBeUndefined();
  });

  it('good server without --ca: not trusted by the public roots → TLS_ISSUE', async () => {
    const s = await https('good');
    const r = await checkUrl(s.url, { resolve: [s.resolve], allowPrivate: true, timeoutMs: TIMEOUT_MS });
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.untrusted.unknown-issuer')).toBe('fail');
    // Later stages still ran.
    expect(statusOf(r, 'http.status.ok')).toBe('pass');
  });

  it('good server without --allow-private: .test name and loopback are failures', async () => {
    const s = await https('good');
    const r = await checkUrl(s.url, { resolve: [s.resolve], ca: [pki.caPem], timeoutMs: TIMEOUT_MS });
    expectVerdict(r, 'not-deliverable', 'SOCKET_ISSUE');
    expect(statusOf(r, 'url.special-name')).toBe('fail');
    expect(statusOf(r, 'dns.address.unreachable')).toBe('fail');
  });

  it('expired certificate', async () => {
    const r = await run(await https('expired'));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.expired')).toBe('fail');
    expect(statusOf(r, 'cert.untrusted.expired')).toBe('fail');
  });

  it('not-yet-valid certificate', async () => {
    const r = await run(await https('notYetValid'));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.not-yet-valid')).toBe('fail');
  });

  it('wrong host name', async () => {
    const r = await run(await https('wrongHost'));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.name.mismatch')).toBe('fail');
  });

  it('CN-only certificate (Node accepts it, Apple does not)', async () => {
    const r = await run(await https('cnOnly'));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.san.missing')).toBe('fail');
  });

  it('self-signed certificate, even when passed as --ca', async () => {
    const s = await https('selfSigned');
    const r = await run(s, { ca: [pki.caPem, creds.selfSigned!.cert] });
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.self-signed')).toBe('fail');
  });

  it('missing intermediate (chain as sent, not as Node completes it)', async () => {
    const r = await run(await https('leafOnly'));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.chain.incomplete')).toBe('fail');
  });

  it('a leaf issued straight from the root is a complete chain, even when its name or dates are wrong', async () => {
    const [good, wrongHost, expired] = await Promise.all(['fromRoot', 'fromRootWrongHost', 'fromRootExpired'].map(async (n) => run(await https(n))));
    expectVerdict(good!, 'deliverable', 'SUCCESS');
    expect(statusOf(good!, 'cert.chain')).toBe('pass');
    expectVerdict(wrongHost!, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(wrongHost!, 'cert.name.mismatch')).toBe('fail');
    expectVerdict(expired!, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(expired!, 'cert.expired')).toBe('fail');
    for (const r of [wrongHost!, expired!]) {
      expect(statusOf(r, 'cert.chain.incomplete')).toBeUndefined();
      expect(statusOf(r, 'cert.chain')).toBe('pass');
    }
  });

  it('RSA-1024 key', async () => {
    const r = await run(await https('rsa1024', handlers.ok(), { ciphers: 'DEFAULT@SECLEVEL=0' }));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.key.weak')).toBe('fail');
  });

  it('SHA-1 signed certificate', async () => {
    const r = await run(await https('sha1', handlers.ok(), { ciphers: 'DEFAULT@SECLEVEL=0' }));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'cert.signature.weak')).toBe('fail');
  });

  it('TLS 1.0/1.1 only', async () => {
    const r = await run(await https('good', handlers.ok(), { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    const versions = r.checks.find((c) => c.id === 'tls.versions.no-modern');
    expect(versions?.status).toBe('fail');
    expect(versions?.data?.protocols).toMatchObject({ '1.0': 'accepted', '1.1': 'accepted', '1.2': 'refused', '1.3': 'refused' });
  });

  it('TLS 1.3 only: a warning, still deliverable', async () => {
    const r = await run(await https('good', handlers.ok(), { minVersion: 'TLSv1.3' }));
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'tls.versions.only-1.3')).toBe('warn');
  });

  it('no forward secrecy (RSA key exchange): warnings, still deliverable', async () => {
    const r = await run(await https('rsa2048', handlers.ok(), { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' }));
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'tls.forward-secrecy.none')).toBe('warn');
    expect(statusOf(r, 'tls.ats.none')).toBe('warn');
  });

  it('plain HTTP on the TLS port', async () => {
    const r = await run(await track(startPlainHttpServer()));
    expectVerdict(r, 'not-deliverable', 'TLS_ISSUE');
    expect(statusOf(r, 'tls.plain-http')).toBe('fail');
  });

  it('301 redirect: failure with the Location, method-change warning', async () => {
    const r = await run(await https('good', handlers.redirect(301, '/asn/')));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    const c = r.checks.find((x) => x.id === 'http.redirect.method-change');
    expect(c?.title).toContain(`https://${ZOO_HOST}`);
    expect(c?.title).toContain('/asn/');
  });

  it('redirect loop → CIRCULAR_REDIRECT', async () => {
    const r = await run(await https('good', handlers.loop(), {}, '/a'));
    expectVerdict(r, 'not-deliverable', 'CIRCULAR_REDIRECT');
    expect(statusOf(r, 'http.redirect.circular')).toBe('fail');
  });

  it('404 with a GET hint', async () => {
    const r = await run(await https('good', handlers.status(404)));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(r.checks.find((c) => c.id === 'http.status.404')?.title).toContain('GET → 404');
  });

  it('405 (route does not accept POST)', async () => {
    const handler = handlers.status(405, { allow: 'GET' });
    const r = await run(await https('good', handler));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(r.checks.find((c) => c.id === 'http.status.405')?.title).toContain('Allow: GET');
  });

  it('413 only on large bodies: the small probe passes, the 24 KB one fails', async () => {
    const r = await run(await https('good', handlers.bodyLimit(8192)));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(statusOf(r, 'http.status.ok')).toBe('pass');
    expect(statusOf(r, 'http.large-body.rejected')).toBe('fail');
  });

  it('500', async () => {
    const r = await run(await https('good', handlers.status(500)));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(statusOf(r, 'http.status.5xx')).toBe('fail');
  });

  it('207 is not success for Apple', async () => {
    const r = await run(await https('good', handlers.status(207)));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(statusOf(r, 'http.status.2xx-not-success')).toBe('fail');
  });

  it('400 from a handler that rejects the unsigned probe: reachable, explained', async () => {
    const r = await run(await https('good', handlers.status(400, { 'content-type': 'application/json' }, '{"error":"bad signature"}')));
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'http.status.probe-rejected')).toBe('warn');
  });

  it('slower than the timeout → TIMED_OUT', async () => {
    const r = await run(await https('good', handlers.delayed(2500)), { timeoutMs: 1000 });
    expectVerdict(r, 'not-deliverable', 'TIMED_OUT');
    expect(statusOf(r, 'http.timeout')).toBe('fail');
  });

  it('accepts the request, closes without answering → NO_RESPONSE', async () => {
    const r = await run(await https('good', handlers.closeWithoutAnswer()));
    expectVerdict(r, 'not-deliverable', 'NO_RESPONSE');
  });

  it('accepts the TCP connection, closes before TLS → SOCKET_ISSUE', async () => {
    const r = await run(await track(startTcpServer((s) => s.destroy())));
    expectVerdict(r, 'not-deliverable', 'SOCKET_ISSUE');
    expect(statusOf(r, 'tcp.connected')).toBe('pass');
    expect(statusOf(r, 'tls.handshake.reset')).toBe('fail');
  });

  it('closes mid-response → PREMATURE_CLOSE', async () => {
    const r = await run(await https('good', handlers.closeMidResponse()));
    expectVerdict(r, 'not-deliverable', 'PREMATURE_CLOSE');
  });

  it('garbage instead of HTTP → INVALID_RESPONSE', async () => {
    const s = await track(
      startTlsServer({
        creds: creds.good!,
        onSocket: (sock) => sock.once('data', () => sock.end('NOT HTTP AT ALL\r\n\r\n')),
      }),
    );
    const r = await run(s);
    expectVerdict(r, 'not-deliverable', 'INVALID_RESPONSE');
  });

  it('undecodable response charset → UNSUPPORTED_CHARSET', async () => {
    const r = await run(await https('good', handlers.ok(200, { 'content-type': 'application/json; charset=x-bogus' })));
    expectVerdict(r, 'not-deliverable', 'UNSUPPORTED_CHARSET');
    expect(statusOf(r, 'http.charset.unsupported')).toBe('fail');
  });

  it('401 with Basic authentication', async () => {
    const r = await run(await https('good', handlers.basicAuth()));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(statusOf(r, 'http.status.basic-auth')).toBe('fail');
  });

  it('Cloudflare-style challenge page', async () => {
    const r = await run(await https('good', handlers.cloudflareChallenge()));
    expectVerdict(r, 'not-deliverable', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(statusOf(r, 'http.interstitial.cloudflare-challenge')).toBe('fail');
    expect(r.checks.find((c) => c.id === 'http.vendor')?.title).toContain('Cloudflare');
    expect(statusOf(r, 'allowlist.hint.waf')).toBe('info');
  });

  it('tunnel interstitial shown to browsers only: explained, not a failure', async () => {
    const host = 'abc123.ngrok-free.app';
    const handler = handlers.byUserAgent(/Mozilla/, handlers.status(200, { 'content-type': 'text/html' }, '<html>ERR_NGROK_6024 You are about to visit abc123.ngrok-free.app</html>'), handlers.ok());
    const s = await track(startHttpsServer({ creds: creds.ngrok!, handler, host }));
    const r = await checkUrl(s.url, { resolve: [s.resolve], ca: [pki.caPem], allowPrivate: true, timeoutMs: TIMEOUT_MS });
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'platform.ngrok')).toBe('info');
    expect(statusOf(r, 'http.browser-interstitial')).toBe('info');
  });

  it('credentials in the URL fail, and the probes still run', async () => {
    const s = await https('good');
    const r = await run(s, {});
    const withCreds = await checkUrl(s.url.replace('https://', 'https://user:secret@'), { resolve: [s.resolve], ca: [pki.caPem], allowPrivate: true, timeoutMs: TIMEOUT_MS });
    expect(r.verdict).toBe('deliverable');
    expect(statusOf(withCreds, 'url.credentials')).toBe('fail');
    expect(withCreds.checks.some((c) => c.group === 'HTTP')).toBe(true);
  });

  it('IP-literal URL: no DNS, name checked against the IP SAN, warnings only', async () => {
    const s = await https('good');
    const r = await checkUrl(`https://127.0.0.1:${s.port}/asn`, { ca: [pki.caPem], allowPrivate: true, timeoutMs: TIMEOUT_MS });
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'url.ip-literal')).toBe('warn');
    expect(statusOf(r, 'dns.ip-literal')).toBe('info');
    expect(r.checks.find((c) => c.id === 'cert.name')?.title).toContain('127.0.0.1');
  });

  it('SNI-dependent certificate: information only', async () => {
    const tls = await import('node:tls');
    const named = tls.createSecureContext(creds.good!);
    const s = await https('wrongHost', handlers.ok(), { SNICallback: (name: string, cb: (e: Error | null, c?: unknown) => void) => cb(null, name === ZOO_HOST ? named : undefined) });
    const r = await run(s);
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'tls.sni-required')).toBe('info');
    expect(statusOf(r, 'cert.name')).toBe('pass');
  });

  it('nothing listening → SOCKET_ISSUE', async () => {
    const port = await unusedPort();
    const r = await checkUrl(`https://${ZOO_HOST}:${port}/asn`, {
      resolve: [{ host: ZOO_HOST, port, address: '127.0.0.1' }],
      allowPrivate: true,
      timeoutMs: TIMEOUT_MS,
    });
    expectVerdict(r, 'not-deliverable', 'SOCKET_ISSUE');
    expect(statusOf(r, 'tcp.refused')).toBe('fail');
  });

  it('--no-probe sends no POST', async () => {
    let posts = 0;
    const r = await run(await https('good', (req, res) => ((posts += 1), res.end())), { probe: false });
    expectVerdict(r, 'deliverable', 'SUCCESS');
    expect(statusOf(r, 'http.skipped')).toBe('skip');
    expect(posts).toBe(0);
  });
});
