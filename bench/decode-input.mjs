// decode's input handling on hostile sizes (issue 10 point 4): each must be linear in the input, and a
// long line must cost memory bounded by the line cap, not by the line.
//   1. itemsFromText on N KB of "eyJ" repeated (no JWS anywhere), N KB of spaces, and N KB of "eyJ." —
//      at 1x and 10x the size: a linear search takes ~10x the time, a quadratic one ~100x.
//   2. the CLI as a process reading one line of 70 MB on stdin (then a JWS line): wall time, peak RSS,
//      and that the JWS after it is still answered.
// Run by hand: npm run build && node bench/decode-input.mjs
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { itemsFromText } from '../dist/jws/index.js';

const cli = fileURLToPath(new URL('../bin/asn-doctor.js', import.meta.url));
const jws = readFileSync(new URL('../test/fixtures/apple/real-1.jws', import.meta.url), 'utf8').trim();
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

const shapes = {
  'eyJ repeated': (kb) => `x ${'eyJ'.repeat(Math.floor((kb * 1024) / 3))}`,
  'spaces, then a word': (kb) => `x${' '.repeat(kb * 1024)}y`,
  'eyJ. repeated': (kb) => `x ${'eyJ.'.repeat(Math.floor((kb * 1024) / 4))}`,
};
for (const [name, make] of Object.entries(shapes)) {
  const row = [];
  for (const kb of [300, 3000]) {
    const text = make(kb);
    const t = process.hrtime.bigint();
    const [item] = itemsFromText(text);
    row.push(`${String(kb).padStart(5)} KB ${ms(t).toFixed(1).padStart(8)} ms (${item.type === 'error' ? item.error.code : item.type})`);
  }
  console.log(`${name.padEnd(22)} ${row.join('   ')}`);
}

// One 70 MB line on stdin, written in 1 MB chunks, then a real JWS on the next line.
const LINE_MB = 70;
await new Promise((resolve) => {
  const t = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, cli, '--json', 'decode'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const chunk = 'A'.repeat(1024 * 1024);
  let i = 0;
  const write = () => {
    while (i < LINE_MB) {
      i++;
      if (!child.stdin.write(chunk)) return child.stdin.once('drain', write);
    }
    child.stdin.end(`\n${jws}\n`);
  };
  write();
  child.on('close', (code) => {
    const rssMb = Number(err.trim().split('\n').pop()) / 1024;
    const records = out.trim().split('\n').map((l) => JSON.parse(l));
    console.log(`CLI, one ${LINE_MB} MB line then a JWS on stdin: ${ms(t).toFixed(0)} ms, peak RSS ${rssMb.toFixed(0)} MB, exit ${code}; records: ${records.map((r) => `${r.source} ${r.ok ? 'ok' : r.error?.code}`).join(', ')}`);
    resolve();
  });
});
