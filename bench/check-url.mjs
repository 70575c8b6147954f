#!/usr/bin/env node
// Benchmark (run by hand, after `npm run build`): check-url against a local HTTPS server that answers
// every request after one second, compared with a single curl POST to the same server.
// Target: check-url within 2.5x curl (only the two cold-start POSTs are sequential).
//   node bench/check-url.mjs [runs]

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { issueCertificate, KeyUsage } = await import(path.join(root, 'dist/pki/issue.js'));
const runs = Number(process.argv[2] ?? 5);
const DELAY_MS = 1000;
const HOST = 'bench.example.test';

const ca = await issueCertificate({ subject: 'CN=bench root', ca: true, keyUsage: KeyUsage.keyCertSign });
const leaf = await issueCertificate({
  subject: `CN=${HOST}`,
  issuer: ca,
  ca: false,
  extKeyUsage: ['1.3.6.1.5.5.7.3.1'],
  san: { dns: [HOST] },
  notAfter: new Date(Date.now() + 90 * 86400_000),
});
const nl = (s) => (s.endsWith('\n') ? s : `${s}\n`);
const dir = mkdtempSync(path.join(tmpdir(), 'asn-bench-'));
const caFile = path.join(dir, 'ca.pem');
writeFileSync(caFile, nl(ca.certPem));

const server = https.createServer({ cert: nl(leaf.certPem), key: leaf.keyPem }, (req, res) => {
  req.resume();
  req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), DELAY_MS));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const url = `https://${HOST}:${port}/asn`;
const resolve = `${HOST}:${port}:127.0.0.1`;


// The child processes need the event loop free to serve them: run the server in this process and
// the clients as children, asynchronously.
async function timeAsync(cmd, args) {
  const { spawn } = await import('node:child_process');
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (status) => done({ ms: performance.now() - t0, status, stdout: out }));
  });
}

// In-process: the API alone, without Node's start-up and module loading (which a loaded machine inflates).
// The server runs in a child process here so client and server do not share one event loop.
async function inProcessRuns() {
  const { spawn } = await import('node:child_process');
  const { checkUrl } = await import(path.join(root, 'dist/url/index.js'));
  const serverSrc = `
    const https = require('node:https');
    const s = https.createServer({ cert: process.env.CERT, key: process.env.KEY }, (req, res) => {
      req.resume(); req.on('end', () => setTimeout(() => res.writeHead(200).end('{}'), ${DELAY_MS}));
    });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', serverSrc], { env: { ...process.env, CERT: nl(leaf.certPem), KEY: leaf.keyPem }, stdio: ['ignore', 'pipe', 'inherit'] });
  const childPort = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const r = await checkUrl(`https://${HOST}:${childPort}/asn`, { resolve: [{ host: HOST, port: childPort, address: '127.0.0.1' }], ca: [nl(ca.certPem)], allowPrivate: true });
    if (r.verdict !== 'deliverable') throw new Error(`in-process check-url: ${r.verdict}`);
    times.push(performance.now() - t0);
  }
  child.kill();
  return times;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const curlMs = [];
const checkMs = [];
for (let i = 0; i < runs; i += 1) {
  const c = await timeAsync('curl', ['-s', '-o', '/dev/null', '--resolve', resolve, '--cacert', caFile, '-X', 'POST', '-H', 'content-type: application/json', '-d', '{"signedPayload":"x"}', url]);
  if (c.status !== 0) throw new Error(`curl failed with ${c.status}`);
  curlMs.push(c.ms);
  const k = await timeAsync(process.execPath, [path.join(root, 'bin/asn-doctor.js'), 'check-url', url, '--resolve', resolve, '--ca', caFile, '--allow-private', '--json']);
  if (k.status !== 0) throw new Error(`check-url exited ${k.status}: ${k.stdout.slice(0, 400)}`);
  checkMs.push(k.ms);
}
server.close();
const apiMs = await inProcessRuns();
rmSync(dir, { recursive: true, force: true });

const c = median(curlMs);
const k = median(checkMs);
console.log(`server delay per request: ${DELAY_MS} ms, runs: ${runs}, node ${process.version}`);
console.log(`curl POST          median ${c.toFixed(0)} ms  (${curlMs.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`check-url (process) median ${k.toFixed(0)} ms  (${checkMs.map((x) => x.toFixed(0)).join(', ')})`);
const a = median(apiMs);
console.log(`checkUrl() API      median ${a.toFixed(0)} ms  (${apiMs.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ratio (process) ${(k / c).toFixed(2)}x, ratio (API) ${(a / c).toFixed(2)}x — target ≤ 2.5x: ${k / c <= 2.5 ? 'OK' : 'OVER'}`);
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
