// The bare cost of verifying a batch file of notifications, as a process: read the file as decode does
// (streamed in 64 KB chunks, split into lines by the same readLines), and per line base64url-decode the three JWS (the
// notification and its nested transaction and renewal info: header, payload and signature of each;
// the notification's payload is parsed as JSON, which is how the nested two are found) and run three
// crypto.verify calls, with each distinct leaf's key imported once. Nothing else: no chain, no dates,
// no output. Prints `<lines> <verified>` on stdout.
//   node bench/decode/bare.mjs <file>
import { verify, X509Certificate } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readLines } from '../../dist/jws/input.js';

// Each distinct header (so each distinct leaf) is decoded and its key imported once. It is found
// again by comparing the header text: hashing KBs of header in a Map costs more than that.
const keys = [];
function keyOf(headerB64) {
  for (const k of keys) if (k.b64.length === headerB64.length && k.b64 === headerB64) return k.key;
  const x5c = JSON.parse(Buffer.from(headerB64, 'base64url').toString('utf8')).x5c;
  const key = new X509Certificate(Buffer.from(x5c[0], 'base64')).publicKey;
  keys.push({ b64: headerB64, key });
  return key;
}

/** Verifies one JWS; returns its decoded payload bytes. */
function verifyOne(jws) {
  const a = jws.indexOf('.');
  const b = jws.indexOf('.', a + 1);
  const headerB64 = jws.slice(0, a);
  Buffer.from(headerB64, 'base64url');
  const payload = Buffer.from(jws.slice(a + 1, b), 'base64url');
  const sig = Buffer.from(jws.slice(b + 1), 'base64url');
  const ok = verify('sha256', Buffer.from(jws.slice(0, b), 'latin1'), { key: keyOf(headerB64), dsaEncoding: 'ieee-p1363' }, sig);
  return { ok, payload };
}

let lines = 0;
let verified = 0;
function line(text) {
  if (!text) return;
  lines++;
  const n = verifyOne(text);
  const data = JSON.parse(n.payload.toString('utf8')).data;
  const t = verifyOne(data.signedTransactionInfo);
  const r = verifyOne(data.signedRenewalInfo);
  if (n.ok && t.ok && r.ok) verified++;
}

for await (const text of readLines(createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 16 }))) line(text);
process.stdout.write(`${lines} ${verified}\n`);
