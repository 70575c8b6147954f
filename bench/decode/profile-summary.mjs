// Summarises a V8 .cpuprofile (from `node --cpu-prof`) of decode: where the samples fall (ES256
// verification, reading, payload decoding, certificates, output, GC, start-up, idle), the top functions
// by self time, and our own code by inclusive time.
// Run: node bench/decode/profile-summary.mjs <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 20);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
const total = dt.reduce((a, b) => a + b, 0);
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));

const nameOf = (n) => {
  const f = n.callFrame;
  const file = f.url ? f.url.replace(/^.*\/(node_modules\/[^/]+|dist|src|bench)\//, '$1/').replace(/^node:/, 'node:') : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};
const selfByName = new Map();
for (const [id, t] of self) {
  const name = nameOf(byId.get(id));
  selfByName.set(name, (selfByName.get(name) ?? 0) + t);
}
// Inclusive time: each sample counted once per distinct function on its stack.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const name = nameOf(byId.get(cur));
    if (seen.has(name)) continue;
    seen.add(name);
    incl.set(name, (incl.get(name) ?? 0) + t);
  }
}
// Each sample goes to the first category whose test matches a function on its stack (innermost first).
const CATEGORIES = [
  ['(idle)', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['ES256 signature verification (crypto.verify)', (f) => f.functionName === 'verifyOneShot' || f.functionName === 'verifyEs256'],
  ['certificates and chain checks (once per chain)', (f) => / dist\/jws\/(certs|chain)\.js/.test(` ${f.url.replace(/^.*\/dist\//, 'dist/')}`) && f.functionName !== 'checkDates'],
  ['certificate dates and checks per payload', (f) => f.functionName === 'checkDates' || f.functionName === 'effectiveDate' || f.functionName === 'claimChecks'],
  ['payload decoding (base64url, JSON.parse)', (f) => ['parseCompact', 'decodeJsonObject', 'strictBase64url', 'jsonDepth'].includes(f.functionName)],
  ['output (NDJSON text and write)', (f) => ['emit', 'recordJson', 'resultJson', 'raw', 'record'].includes(f.functionName)],
  ['reading lines', (f) => ['readLines', 'utf8Text', 'itemsFromLines'].includes(f.functionName) || f.url === 'node:string_decoder' || /streams\/readable|internal\/fs\/streams/.test(f.url) || f.functionName === 'read'],
  ['start-up (loading modules)', (f) => /internal\/modules|bootstrap/.test(f.url) || f.functionName === 'wrapSafe'],
];
const categories = new Map(CATEGORIES.map(([name]) => [name, 0]));
let other = 0;
for (const [id, t] of self) {
  let found;
  for (let cur = id; cur !== undefined && !found; cur = parent.get(cur)) {
    const f = byId.get(cur).callFrame;
    found = CATEGORIES.find(([, test]) => test(f))?.[0];
  }
  if (found) categories.set(found, categories.get(found) + t);
  else other += t;
}
categories.set('other (verify loop, kinds, results, async)', other);

const pct = (t) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
const msText = (t) => `${(t / 1000).toFixed(0).padStart(6)} ms`;
console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
console.log('\nwhere the time goes');
for (const [name, t] of categories) console.log(`${msText(t)} ${pct(t)}  ${name}`);
console.log(`\ntop ${top} by self time`);
for (const [name, t] of [...selfByName].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${msText(t)} ${pct(t)}  ${name}`);
console.log(`\ntop ${top} of our code (dist/) by inclusive time`);
for (const [name, t] of [...incl].filter(([n]) => / dist\//.test(n)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${msText(t)} ${pct(t)}  ${name}`);
