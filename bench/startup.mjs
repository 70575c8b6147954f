// Start-up: median wall time of `asn-doctor --version` against bare `node -e ""`. Run by hand:
//   npm run build && node bench/startup.mjs [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 41);
const cli = fileURLToPath(new URL('../bin/asn-doctor.js', import.meta.url));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const cases = { 'node -e ""': ['-e', ''], 'asn-doctor --version': [cli, '--version'], 'asn-doctor --help': [cli, '--help'], 'asn-doctor decode --help': [cli, 'decode', '--help'] };
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < 3; i++) for (const args of Object.values(cases)) time(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(cases)) samples[k].push(time(args)); // interleaved
const base = median(samples['node -e ""']);
console.log(`node ${process.version}, ${runs} runs each, interleaved; median wall time`);
for (const [k, xs] of Object.entries(samples)) console.log(`${k.padEnd(26)} ${median(xs).toFixed(1).padStart(7)} ms   ${(median(xs) / base).toFixed(2)}x`);
