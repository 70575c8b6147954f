// Memory of a long-running `listen`: N verified notifications of about SIZE bytes each (default 600 x
// 0.7 MB) sent one after another to the built CLI as a process; its RSS is sampled from /proc (Linux)
// every 100 notifications, and the peak (VmHWM) at the end. listen keeps a bounded window of events,
// so RSS should level off instead of growing with N.
// Run by hand: npm run build && node bench/listen-memory.mjs [N] [SIZE_BYTES] [--json]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadState } from '../dist/emulator/state.js';
import { createSigner } from '../dist/emulator/signer.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(args[0] ?? 600);
const SIZE = Number(args[1] ?? 700_000);
const json = process.argv.includes('--json');
const cli = fileURLToPath(new URL('../bin/asn-doctor.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'asn-bench-listen-'));

const state = await loadState(join(dir, 'emulator'));
const signer = createSigner(state);
// base64url grows the payload by 4/3; the header with its three certificates adds about 4 KB.
const padding = 'x'.repeat(Math.max(0, Math.floor(((SIZE - 4500) * 3) / 4)));
const body = () =>
  JSON.stringify({
    signedPayload: signer.sign({
      notificationType: 'TEST',
      notificationUUID: randomUUID(),
      data: { bundleId: state.identity.bundleId, environment: 'Sandbox', padding },
      version: '2.0',
      signedDate: Date.now(),
    }),
  });

const child = spawn(process.execPath, [cli, 'listen', '--port', '0', '--root', state.rootCaPath, ...(json ? ['--json'] : [])], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_COLOR: '1', ...(process.env.LISTEN_NODE_OPTIONS ? { NODE_OPTIONS: process.env.LISTEN_NODE_OPTIONS } : {}) },
});
const url = await new Promise((resolve) => {
  const lines = createInterface({ input: child.stdout });
  lines.once('line', (l) => resolve(json ? JSON.parse(l).url : /Listening on (\S+)/.exec(l)[1]));
});
child.stdout.resume(); // everything else listen prints is dropped, as a pipe to /dev/null would

const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const status = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]);
const sample = body();
console.log(`listen${json ? ' --json' : ''}: ${N} notifications of ${(sample.length / 1e6).toFixed(2)} MB (verified against --root)`);
console.log(`  after start      RSS ${mb(status('VmRSS'))}`);
const started = process.hrtime.bigint();
for (let i = 1; i <= N; i += 1) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: i === 1 ? sample : body() });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`notification ${i}: HTTP ${res.status}`);
  if (i % 100 === 0 || i === N) console.log(`  after ${String(i).padStart(5)}      RSS ${mb(status('VmRSS'))}`);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`  peak (VmHWM)     ${mb(status('VmHWM'))}; ${(N / seconds).toFixed(0)} notifications/s`);
child.kill('SIGINT');
await new Promise((r) => child.once('close', r));
rmSync(dir, { recursive: true, force: true });
