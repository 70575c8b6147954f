// A batch of real Apple notifications: every fixture in test/fixtures/apple/ that carries both a nested
// signedTransactionInfo and signedRenewalInfo (three ES256 signatures, about 18 KB a line, three distinct
// Apple leaves), repeated in turn to `count` lines.
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/apple/', import.meta.url));

const json = (b64) => JSON.parse(Buffer.from(b64, 'base64url').toString('utf8'));

/** The real notifications with three signatures, in file order (real-3, real-8, real-10..23). */
export function realNotifications() {
  const names = readdirSync(FIXTURES)
    .filter((f) => /^real-\d+\.jws$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
  const out = [];
  for (const name of names) {
    const jws = readFileSync(FIXTURES + name, 'utf8').trim();
    const data = json(jws.split('.')[1]).data;
    if (typeof data?.signedTransactionInfo === 'string' && typeof data?.signedRenewalInfo === 'string') out.push({ name, jws });
  }
  return out;
}

/** Writes `count` lines to `file`; returns what the batch is made of. */
export async function writeRealBatch(file, count) {
  const sources = realNotifications();
  const leaves = new Set(sources.map((s) => json(s.jws.split('.')[0]).x5c[0]));
  const out = createWriteStream(file);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const line = `${sources[i % sources.length].jws}\n`;
    bytes += line.length;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  return { sources: sources.map((s) => s.name), leaves: leaves.size, bytes };
}
