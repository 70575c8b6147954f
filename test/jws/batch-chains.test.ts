// A batch verifies each distinct chain once and keeps the verdict by the chain's exact DER bytes. What
// a kept verdict cannot say is checked for every payload: its own signature, with the leaf's key, and
// the certificates' validity at its own effective date. These batches try to ride on a chain verified
// earlier in the same run.
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/decode/run.js';
import type { CommandContext } from '../../src/commands/context.js';
import { decodeSignedData, type SignedDataResult } from '../../src/jws/index.js';
import { issueCertificate, KeyUsage } from '../../src/pki/issue.js';
import { Output } from '../../src/report/output.js';
import { b64url, createAppleLikeChain, INTERMEDIATE_OID, samplePayload, signJws, x5cOf, type AppleLikeChain } from '../helpers/apple-like-chain.js';

const real = (n: number) => readFileSync(new URL(`../fixtures/apple/real-${n}.jws`, import.meta.url), 'utf8').trim();
const parts = (jws: string) => jws.split('.') as [string, string, string];
const payloadOf = (jws: string) => JSON.parse(Buffer.from(parts(jws)[1], 'base64url').toString()) as Record<string, unknown>;
const failIds = (r: SignedDataResult) => r.verification.checks.filter((c) => c.status === 'fail').map((c) => c.id);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'asn-batch-chains-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `decode --json --file` in-process on these lines; returns the NDJSON records and the exit code. */
async function decodeBatch(lines: string[], opts: Record<string, unknown> = {}, stdout?: Writable): Promise<{ code: number; records: Record<string, unknown>[] }> {
  const file = join(dir, `batch-${Math.random().toString(36).slice(2)}.jws`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  let text = '';
  const sink =
    stdout ??
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
  const out = new Output({ json: true, debug: false, stdout: sink, stderr: new Writable({ write: (_c, _e, cb) => cb() }) });
  const ctx: CommandContext = { args: [], opts: { json: true, file, verify: true, ...opts }, out, env: {}, cwd: dir, stdin: process.stdin, signal: new AbortController().signal, onCleanup: () => undefined };
  const code = await run(ctx);
  return { code, records: text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('a genuine Apple leaf reused for a forged payload, after that chain verified in the same batch', () => {
  const genuine = real(10);
  const [header, payload, signature] = parts(genuine);
  const forgedPayload = b64url({ ...payloadOf(genuine), notificationType: 'REFUND' });

  it('genuine, forged (genuine x5c and signature, changed payload), genuine: only the forgery is refused', async () => {
    const { code, records } = await decodeBatch([genuine, `${header}.${forgedPayload}.${signature}`, genuine]);
    expect(records.map((r) => [r.source, r.ok, r.verified])).toEqual([
      ['line 1', true, true],
      ['line 2', false, false],
      ['line 3', true, true],
    ]);
    const forged = records[1] as unknown as SignedDataResult;
    expect(forged.verification).toMatchObject({ status: 'VERIFICATION_FAILURE', reason: 'jws.signature.invalid' });
    // The chain itself is Apple's and still says so: only the signature over this payload fails.
    expect(forged.verification.anchor).toMatchObject({ apple: true });
    expect(code).toBe(1);
  });

  it('re-signed with another P-256 key under the genuine x5c: refused', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const input = `${header}.${forgedPayload}`;
    const resigned = `${input}.${cryptoSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    await decodeSignedData(genuine);
    const r = await decodeSignedData(resigned);
    expect(r.verified).toBe(false);
    expect(failIds(r)).toEqual(['jws.signature.invalid']);
  });

  it('a forged nested transaction inside a genuine-looking notification, after the genuine one: refused', async () => {
    const data = payloadOf(genuine).data as Record<string, unknown>;
    const [th, tp, ts] = parts(data.signedTransactionInfo as string);
    const tx = JSON.parse(Buffer.from(tp, 'base64url').toString()) as Record<string, unknown>;
    const forgedTx = `${th}.${b64url({ ...tx, price: 1 })}.${ts}`;
    const outer = `${header}.${b64url({ ...payloadOf(genuine), data: { ...data, signedTransactionInfo: forgedTx } })}.${signature}`;
    const { records } = await decodeBatch([genuine, outer]);
    const r = records[1] as unknown as SignedDataResult;
    expect(r.ok).toBe(false);
    expect(r.nested[0]).toMatchObject({ field: 'data.signedTransactionInfo', verified: false, verification: { reason: 'jws.signature.invalid' } });
  });
});

describe('the same leaf behind another intermediate, after the genuine chain verified', () => {
  let chain: AppleLikeChain;
  let roots: string;
  beforeAll(async () => {
    chain = await createAppleLikeChain();
    roots = join(dir, 'root.der');
    writeFileSync(roots, chain.root.certDer);
  });

  it("real Apple leaf and payload, intermediate replaced by a look-alike (same subject, own key): the chain is checked again and refused", async () => {
    const genuine = real(10);
    const x5c = (JSON.parse(Buffer.from(parts(genuine)[0], 'base64url').toString()) as { x5c: string[] }).x5c;
    const lookAlikeRoot = await issueCertificate({ subject: 'CN=Apple Root CA - G3, OU=Apple Certification Authority, O=Apple Inc., C=US', keys: { kind: 'ec', curve: 'P-384' }, ca: true, keyUsage: KeyUsage.keyCertSign });
    const lookAlike = await issueCertificate({
      subject: 'CN=Apple Worldwide Developer Relations Certification Authority, OU=G6, O=Apple Inc., C=US',
      issuer: lookAlikeRoot,
      keys: { kind: 'ec', curve: 'P-384' },
      ca: { pathLength: 0 },
      keyUsage: KeyUsage.keyCertSign,
      extensions: [{ oid: INTERMEDIATE_OID }],
    });
    const header = b64url({ alg: 'ES256', x5c: [x5c[0], lookAlike.certDer.toString('base64'), x5c[2]] });
    const forged = `${header}.${parts(genuine)[1]}.${parts(genuine)[2]}`;
    const { records } = await decodeBatch([genuine, forged, genuine]);
    expect(records.map((r) => r.ok)).toEqual([true, false, true]);
    const r = records[1] as unknown as SignedDataResult;
    expect(failIds(r)).toEqual(expect.arrayContaining(['jws.chain.intermediate-signature', 'jws.chain.leaf-issuer']));
    expect(r.verification.anchor).toBeUndefined();
  });

  it('a payload the genuine leaf really signed, behind a second intermediate under the trusted root: refused although its signature verifies', async () => {
    // Same subject as the genuine intermediate, issued by the same trusted root, but it did not sign the leaf.
    const second = await issueCertificate({
      subject: 'CN=Test Worldwide Developer Relations CA, OU=G6, O=asn-doctor tests, C=US',
      issuer: chain.root,
      keys: { kind: 'ec', curve: 'P-384' },
      ca: { pathLength: 0 },
      keyUsage: KeyUsage.keyCertSign,
      extensions: [{ oid: INTERMEDIATE_OID }],
    });
    const good = signJws(chain, samplePayload());
    const swapped = signJws(chain, samplePayload({ notificationType: 'REFUND' }), { x5c: x5cOf(chain.leaf, second, chain.root) });
    const { records } = await decodeBatch([good, swapped, good], { root: [roots] });
    expect(records.map((r) => r.ok)).toEqual([true, false, true]);
    const r = records[1] as unknown as SignedDataResult;
    expect(r.verification.checks.find((c) => c.id === 'jws.signature.valid')).toBeDefined();
    expect(failIds(r)).toEqual(['jws.chain.leaf-issuer']);
  });

  it('a kept verdict still checks dates at each payload\'s own signing date', async () => {
    const day = 86_400_000;
    const short = await createAppleLikeChain({ root: chain.root, leafNotBefore: new Date(Date.now() - 30 * day), leafNotAfter: new Date(Date.now() - 10 * day) });
    const inside = signJws(short, samplePayload({ signedDate: Date.now() - 20 * day }));
    const after = signJws(short, samplePayload({ signedDate: Date.now() - 5 * day }));
    const { records } = await decodeBatch([inside, after, inside], { root: [roots] });
    expect(records.map((r) => r.ok)).toEqual([true, false, true]);
    expect((records[1] as unknown as SignedDataResult).verification).toMatchObject({ status: 'INVALID_CERTIFICATE', reason: 'jws.cert.not-valid-at' });
  });
});

describe('output a slow reader has not taken yet stays bounded', () => {
  it('the batch waits for stdout to drain, then finishes with every record', async () => {
    const line = real(10);
    let written = 0;
    let release: (() => void) | undefined;
    let held = 0;
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, cb) {
        written++;
        // The reader takes nothing until released.
        if (release === undefined && written === 1) {
          held++;
          release = cb;
          return;
        }
        cb();
      },
    });
    const done = decodeBatch(Array(40).fill(line), {}, sink);
    // Give the batch time to run ahead, if it would.
    await new Promise((r) => setTimeout(r, 300));
    // One record taken by the stalled write, at most one more queued behind it: not 40.
    expect(held).toBe(1);
    expect(sink.writableLength).toBeLessThan(2 * 30 * 1024);
    release!();
    const { code } = await done;
    expect(code).toBe(0);
    expect(written).toBe(40);
  });
});
