// Writes the README's troubleshooting section from the diagnostics registry (run after `npm run build`).
// `--check` only compares, and exits 1 when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

const { withTroubleshooting } = await import('../dist/doctor/troubleshooting.js');
const path = new URL('../README.md', import.meta.url);
const current = readFileSync(path, 'utf8');
const next = withTroubleshooting(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('README.md troubleshooting section differs from the diagnostics registry; run `npm run readme:troubleshooting`.');
    process.exit(1);
  }
  console.log('README.md troubleshooting section is up to date.');
} else if (next !== current) {
  writeFileSync(path, next);
  console.log('README.md troubleshooting section updated.');
} else {
  console.log('README.md troubleshooting section already up to date.');
}
