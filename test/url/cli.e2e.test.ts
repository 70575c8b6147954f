// check-url and allowlist end to end: exit codes, human output and the --json shape. In-process
// (test/helpers/in-process-cli.ts: the real argument parser, command and top-level handler), except
// the run marked "(process)": NODE_EXTRA_CA_CERTS is read by Node when a process starts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runProcess } from '../helpers/run-cli.js';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';
import { createZooPki, handlers, issueLeaf, startHttpsServer, unusedPort, ZOO_HOST, type ZooPki, type ZooServer } from '../helpers/tls-zoo.js';

interface JsonReport {
  ok: boolean;
  url: string;
  normalizedUrl?: string;
  predictedResult: string;
  verdict: string;
  checks: { id: string; status: string; title: string; detail?: string; fix?: string; group?: string }[];
}

let pki: ZooPki;
let good: ZooServer;
let notFound: ZooServer;
let dir: string;
let caFile: string;

beforeAll(async () => {
  pki = await createZooPki();
  const creds = await issueLeaf(pki);
  [good, notFound] = await Promise.all([startHttpsServer({ creds }), startHttpsServer({ creds, handler: handlers.status(404) })]);
  dir = mkdtempSync(path.join(tmpdir(), 'asn-check-url-'));
  caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, pki.caPem);
});

afterAll(async () => {
  await Promise.all([good?.close(), notFound?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const local = (s: ZooServer) => [s.url, '--resolve', s.resolveArg, '--ca', caFile, '--allow-private', '--timeout', '5'];

describe('check-url', () => {
  it('good server: exit 0 and the documented JSON shape', async () => {
    const r = await runCli(['check-url', ...local(good), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc).toMatchObject({ ok: true, url: good.url, predictedResult: 'SUCCESS', verdict: 'deliverable' });
    expect(doc.checks.length).toBeGreaterThan(10);
    for (const c of doc.checks) {
      expect(typeof c.id).toBe('string');
      expect(['pass', 'warn', 'fail', 'info', 'skip']).toContain(c.status);
      expect(c.title).not.toMatch(/\{\w+\}/); // every placeholder filled
      if (c.status === 'warn' || c.status === 'fail') expect(typeof c.fix).toBe('string');
    }
    expect(doc.checks.find((c) => c.id === 'cert.trust.private-ca')?.status).toBe('warn');
  });

  it('NODE_EXTRA_CA_CERTS does not make a private CA trusted (public roots only) (process)', async () => {
    const r = await runProcess(['check-url', good.url, '--resolve', good.resolveArg, '--allow-private', '--timeout', '5', '--json'], {
      env: { NODE_EXTRA_CA_CERTS: caFile },
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.predictedResult).toBe('TLS_ISSUE');
    expect(doc.checks.find((c) => c.id === 'cert.untrusted.unknown-issuer')?.status).toBe('fail');
  });

  it('human output: stages, then a summary naming the verdict', async () => {
    const r = await runCli(['check-url', ...local(notFound)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^check-url https:\/\/notify\.example\.test:\d+\/asn\n/);
    for (const group of ['URL', 'DNS', 'TCP', 'TLS', 'Certificate', 'HTTP']) expect(r.stdout).toMatch(new RegExp(`^${group}$`, 'm'));
    expect(r.stdout).toContain('✗ POST → 404');
    expect(r.stdout).toContain('Apple would most likely record: UNSUCCESSFUL_HTTP_RESPONSE_CODE');
  });

  it('nothing listening: exit 1, SOCKET_ISSUE', async () => {
    const port = await unusedPort();
    const r = await runCli(['check-url', `https://${ZOO_HOST}:${port}/asn`, '--resolve', `${ZOO_HOST}:${port}:127.0.0.1`, '--allow-private', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, predictedResult: 'SOCKET_ISSUE', verdict: 'not-deliverable' });
  });

  it('http:// URL: exit 1 without touching the network', async () => {
    const r = await runCli(['check-url', 'http://hooks.example.com/asn', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.checks.find((c) => c.id === 'url.scheme.http')?.status).toBe('fail');
    expect(doc.checks.some((c) => c.group === 'TCP')).toBe(false);
  });

  it('port 444: exit 1 with the port rule', async () => {
    const r = await runCli(['check-url', `https://${ZOO_HOST}:444/asn`, '--resolve', `${ZOO_HOST}:444:127.0.0.1`, '--allow-private', '--no-probe', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.checks.find((c) => c.id === 'url.port.not-allowed')?.status).toBe('fail');
  });

  it.each([
    [['check-url', 'not a url'], /is not a URL/],
    [['check-url', 'https://a.example.test/', '--resolve', 'a.example.test:443'], /--resolve "a.example.test:443" is not HOST:PORT:ADDRESS/],
    [['check-url', 'https://a.example.test/', '--timeout', 'soon'], /--timeout soon is not a number of seconds/],
    [['check-url', 'https://a.example.test/', '--ca', '/nonexistent/ca.pem'], /cannot read --ca/],
  ])('unusable argument %j: exit 2, one error line with a fix', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\n {2}fix: /);
  });

  it('unusable argument with --json: the error document', async () => {
    const r = await runCli(['check-url', 'not a url', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'usage.bad-url' } });
  });
});

describe('allowlist', () => {
  it('--check inside 17.0.0.0/8: exit 0', async () => {
    const r = await runCli(['allowlist', '--check', '17.58.1.2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, ip: '17.58.1.2', inRange: true, range: '17.0.0.0/8' });
  });

  it('--check outside: exit 1; not an IP: exit 2', async () => {
    const outside = await runCli(['allowlist', '--check', '8.8.8.8']);
    const bad = await runCli(['allowlist', '--check', 'apple.com']);
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain('8.8.8.8 is outside 17.0.0.0/8');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an IP address');
  });

  it('--check an IPv4-mapped IPv6 address inside the range passes; plain IPv6 fails', async () => {
    const mapped = await runCli(['allowlist', '--check', '::ffff:17.1.2.3', '--json']);
    const v6 = await runCli(['allowlist', '--check', '2001:db8::1', '--json']);
    expect(mapped.code).toBe(0);
    expect(JSON.parse(mapped.stdout)).toMatchObject({ ok: true, inRange: true, checks: [{ id: 'allowlist.check.inside', status: 'pass' }] });
    expect(v6.code).toBe(1);
    expect(JSON.parse(v6.stdout)).toMatchObject({ ok: false, checks: [{ id: 'allowlist.check.ipv6', status: 'fail' }] });
  });

  it('refuses a --path that would break the snippets (exit 2, nothing printed)', async () => {
    const r = await runCli(['allowlist', 'nginx', '--path', '/x"; deny all; #']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--path must be a URL path');
  });

  it('prints a ready nginx snippet with the given path, and the X-Forwarded-For pitfall', async () => {
    const r = await runCli(['allowlist', 'nginx', '--path', '/hooks/apple']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('location = /hooks/apple {');
    expect(r.stdout).toContain('allow 17.0.0.0/8;');
    expect(r.stdout).toContain('X-Forwarded-For pitfall');
  });

  it('--json lists every target', async () => {
    const r = await runCli(['allowlist', '--json']);
    const doc = JSON.parse(r.stdout) as { ok: boolean; snippets: { id: string; text: string }[] };
    expect(doc.ok).toBe(true);
    expect(doc.snippets.map((s) => s.id)).toEqual(['nginx', 'apache', 'aws-sg', 'aws-waf', 'cloudflare', 'gcp', 'iptables', 'nftables', 'kubernetes']);
    for (const s of doc.snippets) expect(s.text).toContain('17.0.0.0/8');
  });

  it('kubernetes: the current ingress-nginx annotation, with the former name in a note', async () => {
    const r = await runCli(['allowlist', 'k8s', '--json']);
    const [k8s] = (JSON.parse(r.stdout) as { snippets: { id: string; text: string; notes: string[] }[] }).snippets;
    expect(k8s!.id).toBe('kubernetes');
    expect(k8s!.text).toContain('nginx.ingress.kubernetes.io/allowlist-source-range: "17.0.0.0/8"');
    expect(k8s!.notes.join(' ')).toContain('whitelist-source-range');
  });

  it('unknown target: exit 2 naming the targets', async () => {
    const r = await runCli(['allowlist', 'haproxy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Use one of: nginx, apache');
  });
});
