// The shared readers of --root (trust anchors for payloads) and --ca (CAs for HTTPS posts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaFiles } from '../../src/delivery/ca-files.js';
import { isAsnError } from '../../src/errors.js';
import { readRootFiles } from '../../src/jws/roots.js';
import { issueCertificate, type Issued } from '../../src/pki/issue.js';

let dir: string;
let a: Issued;
let b: Issued;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'asn-cert-files-'));
  a = await issueCertificate({ subject: 'CN=Test CA A', ca: true, keys: { kind: 'ec', curve: 'P-256' } });
  b = await issueCertificate({ subject: 'CN=Test CA B', ca: true, keys: { kind: 'ec', curve: 'P-256' } });
  await writeFile(join(dir, 'two.pem'), `${a.certPem}\n${b.certPem}`);
  await writeFile(join(dir, 'a.der'), a.certDer);
  await writeFile(join(dir, 'notes.txt'), 'not a certificate');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): { code: string; message: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    if (isAsnError(err)) return err;
    throw err;
  }
  throw new Error('expected an error');
}

async function asyncErrorOf(p: Promise<unknown>): Promise<{ code: string; message: string; exitCode: number }> {
  return p.then(
    () => {
      throw new Error('expected an error');
    },
    (err: unknown) => {
      if (isAsnError(err)) return err;
      throw err;
    },
  );
}

describe('readRootFiles (--root)', () => {
  it('reads PEM bundles and DER files, relative to cwd, as DER', async () => {
    const roots = await readRootFiles(['two.pem', join(dir, 'a.der')], dir);
    expect(roots?.map((r) => r.equals(a.certDer) || r.equals(b.certDer))).toEqual([true, true, true]);
    expect(await readRootFiles(undefined, dir)).toBeUndefined();
  });

  it('names the unreadable file and the file that holds no certificate (exit 2)', async () => {
    const missing = await asyncErrorOf(readRootFiles(['missing.pem'], dir));
    expect(missing).toMatchObject({ code: 'jws.root.unreadable', exitCode: 2, message: 'cannot read --root missing.pem: no such file' });
    const notCert = await asyncErrorOf(readRootFiles(['notes.txt'], dir));
    expect(notCert).toMatchObject({ code: 'jws.root.not-a-certificate', exitCode: 2, message: '--root notes.txt is not a certificate (DER or PEM)' });
  });
});

describe('readCaFiles (--ca)', () => {
  it('returns one PEM string per certificate; undefined without files', () => {
    const pems = readCaFiles(['two.pem'], dir);
    expect(pems).toHaveLength(2);
    expect(pems?.every((p) => p.startsWith('-----BEGIN CERTIFICATE-----') && p.endsWith('-----END CERTIFICATE-----\n'))).toBe(true);
    expect(readCaFiles([], dir)).toBeUndefined();
  });

  it('names the unreadable file and the file without a PEM certificate (exit 2)', () => {
    expect(errorOf(() => readCaFiles(['missing.pem'], dir))).toMatchObject({ code: 'usage.unreadable-ca', exitCode: 2, message: 'cannot read --ca missing.pem: no such file' });
    expect(errorOf(() => readCaFiles(['a.der'], dir))).toMatchObject({ code: 'usage.bad-ca', exitCode: 2, message: '--ca a.der holds no PEM certificate' });
  });
});
