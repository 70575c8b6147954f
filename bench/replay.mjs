#!/usr/bin/env node
// Benchmark (run by hand, after `npm run build`): `replay --from` sending N notifications (default
// 1,000, signed by the emulator's CA, about 5 KB each) from a saved `history --json` file into a local
// receiver that answers 200 at once. The receiver times its own work (request in to answer out); the
// rest of the wall time is replay's: start-up, reading and ordering the file, and its cost per
// notification. Compared with the loop a one-off script would be (read the lines, fetch() each body
// in turn: no order, no state, no report), and with --state (the state file rewritten after each answer).
//   node bench/replay.mjs [N] [rounds]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { loadState } = await import(path.join(root, 'dist/emulator/state.js'));
const { createSigner } = await import(path.join(root, 'dist/emulator/signer.js'));
const N = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);
const cli = path.join(root, 'bin/asn-doctor.js');
const dir = mkdtempSync(path.join(tmpdir(), 'asn-bench-replay-'));

const state = await loadState(path.join(dir, 'emulator'));
const signer = createSigner(state);
const base = Date.now() - 86_400_000;
const lines = [];
for (let i = 0; i < N; i += 1) {
  const notificationUUID = randomUUID();
  // Signed in one order, written in another: replay sorts them.
  const signedDate = base + ((i * 7919) % N) * 1000;
  const signedPayload = signer.sign({ notificationType: 'DID_RENEW', notificationUUID, data: { bundleId: state.identity.bundleId, environment: 'Sandbox' }, version: '2.0', signedDate });
  lines.push(JSON.stringify({ kind: 'notification', ok: false, notificationType: 'DID_RENEW', notificationUUID, signedDate, lastSendAttemptResult: 'SOCKET_ISSUE', attemptCount: 1, signedPayload }));
}
lines.push(JSON.stringify({ kind: 'summary', ok: false, count: N }));
const file = path.join(dir, 'history.ndjson');
writeFileSync(file, `${lines.join('\n')}\n`);

// The receiver: answers 200 as soon as the body is in, and times that work.
let received = 0;
let receiverNs = 0n;
let firstAt = 0n;
const server = createServer((req, res) => {
  const start = process.hrtime.bigint();
  if (received === 0) firstAt = start;
  req.resume();
  req.on('end', () => {
    res.writeHead(200).end();
    received += 1;
    receiverNs += process.hrtime.bigint() - start;
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/asn`;

// What a one-off script does: every line's signedPayload, POSTed in turn with fetch().
const script = `
const { readFileSync } = require('node:fs');
(async () => {
  for (const line of readFileSync(process.argv[1], 'utf8').split('\\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (typeof r.signedPayload !== 'string') continue;
    const res = await fetch(process.argv[2], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signedPayload: r.signedPayload }) });
    await res.arrayBuffer();
  }
})();`;

function run(args) {
  received = 0;
  receiverNs = 0n;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0 || received !== N) return reject(new Error(`exit ${code}, ${received}/${N} received: ${stderr}`));
      resolve({ wallMs, receiverMs: Number(receiverNs) / 1e6, toFirstMs: Number(firstAt - started) / 1e6 });
    });
  });
}

const variants = {
  'one-off fetch loop': () => ['-e', script, file, url],
  'replay --from': () => [cli, 'replay', '--from', file, '--to', url, '--yes'],
  'replay --from --state': () => {
    const s = path.join(dir, `state-${randomUUID()}.json`);
    return [cli, 'replay', '--from', file, '--to', url, '--yes', '--state', s];
  },
};
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  // Interleaved, so a noisy moment on a shared machine hits every variant alike.
  for (const [name, args] of Object.entries(variants)) results[name].push(await run(args()));
}
server.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms) => `${ms.toFixed(0)} ms`;
const per = (ms) => `${((ms / N) * 1000).toFixed(0)} µs`;
console.log(`${N} notifications (${(lines[0].length / 1024).toFixed(1)} KB lines), receiver on 127.0.0.1 answering 200 at once; median of ${ROUNDS} interleaved rounds`);
for (const [name, rs] of Object.entries(results)) {
  const wall = median(rs.map((r) => r.wallMs));
  const first = median(rs.map((r) => r.toFirstMs));
  const recv = median(rs.map((r) => r.receiverMs));
  const sending = wall - first;
  console.log(
    `  ${name.padEnd(22)} wall ${f(wall)}: start-up and reading ${f(first)}, then ${per(sending)} a notification (receiver ${per(recv)}, the sender ${per(sending - recv)})`,
  );
}
