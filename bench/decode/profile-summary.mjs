// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and by inclusive
// time for our own code. Run: node bench/decode/profile-summary.mjs <file.cpuprofile> [top]
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
const pct = (t) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
const msText = (t) => `${(t / 1000).toFixed(0).padStart(6)} ms`;
console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
console.log(`\ntop ${top} by self time`);
for (const [name, t] of [...selfByName].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${msText(t)} ${pct(t)}  ${name}`);
console.log(`\ntop ${top} of our code (dist/) by inclusive time`);
for (const [name, t] of [...incl].filter(([n]) => / dist\//.test(n)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${msText(t)} ${pct(t)}  ${name}`);
