// Writes docs/troubleshooting.md's generated part from the diagnostics registry (run after `npm run build`).
// `--check` only compares, and exits 1 when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

const { withTroubleshooting } = await import('../dist/doctor/troubleshooting.js');
const path = new URL('../docs/troubleshooting.md', import.meta.url);
const current = readFileSync(path, 'utf8');
const next = withTroubleshooting(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('docs/troubleshooting.md differs from the diagnostics registry; run `npm run docs:troubleshooting`.');
    process.exit(1);
  }
  console.log('docs/troubleshooting.md is up to date.');
} else if (next !== current) {
  writeFileSync(path, next);
  console.log('docs/troubleshooting.md updated.');
} else {
  console.log('docs/troubleshooting.md already up to date.');
}
