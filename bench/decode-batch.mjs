// Batch verification of N notifications (default 10,000), each with a nested transaction and renewal
// info (3 ES256 signatures), in one run:
//   1. bare cost: only the 3 crypto.verify calls per notification (inputs pre-split, key pre-made)
//   2. asn-doctor in-process: stream the file line by line through decodeItem (full verification)
//   3. @apple/app-store-server-library SignedDataVerifier, offline: notification + transaction + renewal
//   4. asn-doctor CLI end to end: `decode --json --file` as a process, NDJSON to /dev/null (incl. start-up)
// Then memory: peak RSS of the CLI on N and 4N lines. Run by hand: npm run build && node bench/decode-batch.mjs [N]
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeItem, itemsFromLines, readLines } from '../dist/jws/index.js';
import { BUNDLE_ID, makeBatch } from './decode/make-batch.mjs';

const N = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'asn-bench-'));
const file = join(dir, 'batch.jws');
const rootFile = join(dir, 'root.pem');
const cli = fileURLToPath(new URL('../bin/asn-doctor.js', import.meta.url));
const require = createRequire(import.meta.url);
const { SignedDataVerifier, Environment } = require('@apple/app-store-server-library');

const chain = await makeBatch(file, rootFile, N);
const lines = readFileSync(file, 'utf8').trim().split('\n');
const rootDer = chain.root.certDer;

const part = (jws, i) => jws.split('.')[i];
const payloadOf = (jws) => JSON.parse(Buffer.from(part(jws, 1), 'base64url').toString());
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
// CPU time of this process too: on a shared machine it is steadier than wall time.
const cpuMs = (c) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const results = [];
function report(name, elapsed, verified, cpu) {
  results.push({ name, elapsed, verified, cpu });
  const cpuText = cpu === undefined ? '' : `  cpu ${cpu.toFixed(0).padStart(6)} ms`;
  console.log(`${name.padEnd(50)} wall ${elapsed.toFixed(0).padStart(6)} ms${cpuText}  ${((N / elapsed) * 1000).toFixed(0).padStart(6)} notifications/s  (${verified}/${N} verified)`);
}

// 1 and 2, interleaved over ROUNDS rounds (the machine may be shared): medians are reported.
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const key = createPublicKey({ key: chain.leaf.certPem });
const work = [];
for (const l of lines) {
  const d = payloadOf(l).data;
  for (const jws of [l, d.signedTransactionInfo, d.signedRenewalInfo]) {
    const dot = jws.lastIndexOf('.');
    work.push([Buffer.from(jws.slice(0, dot)), Buffer.from(jws.slice(dot + 1), 'base64url')]);
  }
}
function bare() {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  let ok = 0;
  for (const [input, sig] of work) if (verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, sig)) ok++;
  return [ms(t), ok / 3, cpuMs(c)];
}
const opts = { roots: [rootDer] };
async function ours() {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  let ok = 0;
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const item of itemsFromLines(readLines(input))) {
    const d = await decodeItem(item, opts);
    if (d.result?.ok) ok++;
  }
  return [ms(t), ok, cpuMs(c)];
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bareRuns = [];
const ourRuns = [];
for (let r = 0; r < ROUNDS; r++) {
  bareRuns.push(bare());
  ourRuns.push(await ours());
}
report(`bare ES256 verify x3 (floor), median of ${ROUNDS}`, median(bareRuns.map((x) => x[0])), bareRuns[0][1], median(bareRuns.map((x) => x[2])));
report(`asn-doctor decodeItem, streamed, median of ${ROUNDS}`, median(ourRuns.map((x) => x[0])), ourRuns[0][1], median(ourRuns.map((x) => x[2])));
console.log(`  per-round wall ratio asn-doctor/bare: ${bareRuns.map((b, i) => (ourRuns[i][0] / b[0]).toFixed(2)).join(', ')}`);
console.log(`  per-round cpu ratio asn-doctor/bare:  ${bareRuns.map((b, i) => (ourRuns[i][2] / b[2]).toFixed(2)).join(', ')}`);

// 3. Apple's SignedDataVerifier, offline, same payloads, same work (notification + nested).
{
  const v = new SignedDataVerifier([rootDer], false, Environment.SANDBOX, BUNDLE_ID);
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  let ok = 0;
  for (const l of lines) {
    try {
      const n = await v.verifyAndDecodeNotification(l);
      await v.verifyAndDecodeTransaction(n.data.signedTransactionInfo);
      await v.verifyAndDecodeRenewalInfo(n.data.signedRenewalInfo);
      ok++;
    } catch {
      // counted as not verified
    }
  }
  report('Apple SignedDataVerifier offline (x3)', ms(t), ok, cpuMs(c));
}

// 4. The CLI end to end, and its memory on N and 4N lines.
function runCli(f) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, '--json', 'decode', '--root', rootFile, '--file', f], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 20 });
  const elapsed = ms(t);
  const rssKb = Number(String(r.stderr).trim().split('\n').pop());
  return { elapsed, code: r.status, rssMb: rssKb / 1024 };
}
{
  const r = runCli(file);
  report('asn-doctor CLI --json decode --file (process)', r.elapsed, r.code === 0 ? N : `exit ${r.code}`);
  const big = join(dir, 'big.jws');
  await makeBatch(big, join(dir, 'root-big.pem'), N * 4, chain);
  const rBig = runCli(big);
  console.log(`peak RSS of the CLI (streaming, verifying): ${r.rssMb.toFixed(0)} MB on ${N} lines, ${rBig.rssMb.toFixed(0)} MB on ${4 * N} lines (exit ${rBig.code})`);
}

const [bareResult, ourResult, appleResult] = results;
console.log(`\nasn-doctor vs Apple: ${(appleResult.elapsed / ourResult.elapsed).toFixed(2)}x Apple's throughput by wall time, ${(appleResult.cpu / ourResult.cpu).toFixed(2)}x by CPU time (target >= 3x)`);
console.log(`asn-doctor vs bare ES256: ${(ourResult.elapsed / bareResult.elapsed).toFixed(2)}x the bare cost by wall time, ${(ourResult.cpu / bareResult.cpu).toFixed(2)}x by CPU time, medians (target <= 1.5x)`);
rmSync(dir, { recursive: true, force: true });
