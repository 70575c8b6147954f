// A "public" host that redirects to the cloud metadata service (issue 10, points 2 and 3), for real:
// the built CLI runs in an isolated network namespace (`unshare -rn`) whose loopback interface carries
// a public address and 169.254.169.254, so nothing can leave this machine. Listeners on the metadata
// address count connections: none may arrive, whether the redirect goes to http, to https, or to a
// name that resolves there; a chain ending in 200 and a loop are named as such.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv } from '../helpers/run-cli.js';
import { createZooPki, issueLeaf } from '../helpers/tls-zoo.js';

// Any globally routable address will do: inside the namespace it is only this machine's loopback.
const PUBLIC = '5.6.7.8';
const METADATA = '169.254.169.254';
const FIXTURE = fileURLToPath(new URL('./fixtures/namespace-redirects.mjs', import.meta.url));
const canUnshare = spawnSync('unshare', ['-rn', 'true']).status === 0;

interface Report {
  verdict: string;
  predictedResult: string | null;
  checks: { id: string; status: string; title: string }[];
}
interface Outcome {
  results: Record<string, { code: number; report: Report }>;
  counts: Record<string, number>;
}

let dir: string;
let outcome: Outcome;

beforeAll(async () => {
  if (!canUnshare) return;
  dir = mkdtempSync(path.join(tmpdir(), 'asn-ns-'));
  const pki = await createZooPki('hooks.example.com');
  const leaf = await issueLeaf(pki, { dns: ['hooks.example.com', 'metadata.example.com'], ip: [PUBLIC, METADATA] });
  writeFileSync(path.join(dir, 'ca.pem'), pki.caPem);
  writeFileSync(path.join(dir, 'cert.pem'), leaf.cert);
  writeFileSync(path.join(dir, 'key.pem'), leaf.key);
  const script = `ip link set lo up && ip addr add ${PUBLIC}/32 dev lo && ip addr add ${METADATA}/32 dev lo && exec "$@"`;
  outcome = await new Promise<Outcome>((resolve, reject) => {
    const child = spawn('unshare', ['-rn', 'sh', '-c', script, 'sh', process.execPath, FIXTURE, dir, CLI, PUBLIC, METADATA], { env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout) as Outcome);
      } catch {
        reject(new Error(`namespace fixture failed: ${stderr || stdout}`));
      }
    });
  });
}, 60_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const find = (r: Report, id: string) => r.checks.find((c) => c.id === id);

describe.skipIf(!canUnshare)('redirects from a public host, in an isolated network namespace', () => {
  it('nothing reached the metadata address (http or https), and nothing reached 127.0.0.1', () => {
    expect(outcome.counts).toEqual({ 'metadata:80': 0, 'metadata:443': 0, 'loopback:443': 0 });
  });

  it('307 to http://169.254.169.254/: reported, not followed (leaves https)', () => {
    const { code, report } = outcome.results['meta-http']!;
    expect(code).toBe(1);
    expect(find(report, 'http.redirect')?.status).toBe('fail');
    expect(find(report, 'http.redirect.not-followed.not-https')?.title).toBe('not followed: the redirect leaves https (http://169.254.169.254/latest/meta-data/)');
  });

  it('307 to https://169.254.169.254/ and to a name that resolves there: not followed (address rules)', () => {
    for (const name of ['meta-https', 'meta-named']) {
      const { code, report } = outcome.results[name]!;
      expect(code, name).toBe(1);
      expect(find(report, 'http.redirect.not-followed.private-address')?.title, name).toMatch(/leads to 169\.254\.169\.254, a link-local address/);
    }
  });

  it('a chain that ends in 200 is named, not called a loop; a loop is CIRCULAR_REDIRECT', () => {
    const chain = outcome.results.chain!.report;
    expect(chain.predictedResult).toBe('UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(find(chain, 'http.redirect.chain.ends')?.title).toBe('the redirects end after 2 hop(s) at https://hooks.example.com/ok → 200 (not a loop)');
    expect(find(chain, 'http.redirect.circular')).toBeUndefined();
    expect(outcome.results.loop!.report.predictedResult).toBe('CIRCULAR_REDIRECT');
  });

  it('a name with a public and a loopback address: only the public one is contacted', () => {
    const { report } = outcome.results.mixed!;
    expect(find(report, 'tcp.not-contacted')?.title).toBe('127.0.0.1 not contacted: a loopback address');
    expect(find(report, 'tcp.connected')?.title).toMatch(new RegExp(`^${PUBLIC.replace(/\./g, '\\.')}:443 connected`));
    expect(find(report, 'http.status.ok')?.status).toBe('pass');
  });
});
