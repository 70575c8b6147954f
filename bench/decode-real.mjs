// The headline decode benchmark, on real shapes: a batch of real Apple notifications (from
// test/fixtures/apple/: 16 notifications with a nested transaction and renewal info, three ES256
// signatures and about 18 KB a line, three distinct Apple leaves) repeated to N lines (default
// 10,000), then, as whole processes, in interleaved rounds so machine load hits each alike:
//   bare:   node bench/decode/bare.mjs <file>  (read the lines, base64url-decode the three JWS, three
//           crypto.verify with each distinct leaf's key imported once; no output)
//   decode: asn-doctor --json decode --file <file> > /dev/null  (everything: chain, dates, claims, NDJSON)
// Medians of wall and CPU (user + system) time, and the median of each round's decode/bare ratio; then
// peak RSS of decode on N and 4N lines.
//   --compare PATH  also runs another build's bin/asn-doctor.js (e.g. a checkout of main) in the same
//                   rounds, so the two are compared under the same load
//   --profile       also a CPU profile of each (node --cpu-prof), summarised by bench/decode/profile-summary.mjs
// Run by hand: npm run build && node bench/decode-real.mjs [N] [rounds] [--compare PATH] [--profile]
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeRealBatch } from './decode/real-batch.mjs';

const argv = process.argv.slice(2);
const compareAt = argv.indexOf('--compare');
const compare = compareAt >= 0 ? argv[compareAt + 1] : undefined;
const numbers = argv.filter((a, i) => /^\d+$/.test(a) && (compareAt < 0 || i !== compareAt + 1));
const N = Number(numbers[0] ?? 10_000);
const ROUNDS = Number(numbers[1] ?? 5);
const PROFILE = argv.includes('--profile');
const cli = fileURLToPath(new URL('../bin/asn-doctor.js', import.meta.url));
const bareScript = fileURLToPath(new URL('./decode/bare.mjs', import.meta.url));
const summarise = fileURLToPath(new URL('./decode/profile-summary.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'asn-bench-real-'));

/** Runs a process under /usr/bin/time: wall, CPU (user + system) and peak RSS. */
function measure(args, stdout = 'ignore') {
  const r = spawnSync('/usr/bin/time', ['-f', '@@ %e %U %S %M', process.execPath, ...args], { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8' });
  const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`${args.join(' ')}: no timing (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return { code: r.status, wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (x) => `${x.toFixed(2)} s`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** decode must verify every line: exit 0 and N records with ok true. */
async function checkDecode(bin, file) {
  const outFile = join(dir, 'out.ndjson');
  const outFd = openSync(outFile, 'w');
  const r = measure([bin, '--json', 'decode', '--file', file], outFd);
  closeSync(outFd);
  let ok = 0;
  for await (const l of createInterface({ input: createReadStream(outFile) })) if (l.startsWith('{"source":"line ') && l.includes('","ok":true,')) ok++;
  rmSync(outFile);
  if (r.code !== 0 || ok !== N) throw new Error(`${bin}: exit ${r.code}, ${ok}/${N} ok`);
}

try {
  const file = join(dir, 'batch.jws');
  const made = await writeRealBatch(file, N);
  console.log(`node ${process.version}; ${N} lines (${(made.bytes / 1e6).toFixed(0)} MB) from ${made.sources.length} real notifications, ${made.leaves} distinct leaves; load average ${load()}`);

  const bareCheck = measure([bareScript, file], 'pipe');
  if (bareCheck.stdout.trim() !== `${N} ${N}`) throw new Error(`bare verified ${bareCheck.stdout.trim()}, expected ${N} ${N}`);
  const variants = [{ name: 'asn-doctor --json decode --file', bin: cli, runs: [] }];
  if (compare) variants.push({ name: `the same, by ${compare}`, bin: compare, runs: [] });
  for (const v of variants) await checkDecode(v.bin, file);

  // Each round runs every process once, starting one place later each time: no process always runs
  // right after another.
  const bare = [];
  const order = [() => bare.push(measure([bareScript, file])), ...variants.map((v) => () => v.runs.push(measure([v.bin, '--json', 'decode', '--file', file])))];
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < order.length; i++) order[(r + i) % order.length]();
  const row = (name, xs) => console.log(`${name}\n  wall ${s(median(xs.map((x) => x.wall)))}  cpu ${s(median(xs.map((x) => x.cpu)))}  peak RSS ${median(xs.map((x) => x.rssMb)).toFixed(0)} MB`);
  row('bare (3 base64url decodes + 3 verify a line)', bare);
  for (const v of variants) {
    row(v.name, v.runs);
    // Each round's ratio compares two runs under the same load; their median is the figure. The ratio
    // of the medians is shown too: it pairs runs from different rounds, so load swings move it more.
    const perRound = (k) => bare.map((b, i) => v.runs[i][k] / b[k]);
    const ofMedians = (k) => median(v.runs.map((x) => x[k])) / median(bare.map((x) => x[k]));
    console.log(`  / bare, median of ${ROUNDS} rounds' ratios: wall ${median(perRound('wall')).toFixed(2)}x, cpu ${median(perRound('cpu')).toFixed(2)}x (target <= 1.5x); ratio of the medians: wall ${ofMedians('wall').toFixed(2)}x, cpu ${ofMedians('cpu').toFixed(2)}x`);
    console.log(`  per round: wall ${perRound('wall').map((x) => x.toFixed(2)).join(' ')}; cpu ${perRound('cpu').map((x) => x.toFixed(2)).join(' ')}`);
  }

  // Memory: peak RSS on N and 4N lines (streaming: it must not grow with the file).
  const big = join(dir, 'batch-4x.jws');
  await writeRealBatch(big, 4 * N);
  for (const v of variants) {
    const rssBig = measure([v.bin, '--json', 'decode', '--file', big]);
    console.log(`peak RSS of ${v.bin === cli ? 'decode' : v.bin}: ${median(v.runs.map((x) => x.rssMb)).toFixed(0)} MB on ${N} lines, ${rssBig.rssMb.toFixed(0)} MB on ${4 * N} lines (exit ${rssBig.code}, ${s(rssBig.wall)})`);
  }
  if (PROFILE) {
    for (const [name, args] of [['decode', [cli, '--json', 'decode', '--file', file]], ['bare', [bareScript, file]]]) {
      const profDir = join(dir, `profile-${name}`);
      measure(['--cpu-prof', '--cpu-prof-dir', profDir, ...args]);
      const [prof] = readdirSync(profDir);
      console.log(`\nCPU profile of ${name} (load average ${load()}):`);
      console.log(spawnSync(process.execPath, [summarise, join(profDir, prof), '15'], { encoding: 'utf8' }).stdout.trimEnd());
    }
  }
  console.log(`load average at the end ${load()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
