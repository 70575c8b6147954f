import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPrivateKey, loadVerificationKey } from '../../src/auth/index.js';
import { issueCertificate } from '../../src/pki/issue.js';
import { UsageError } from '../../src/errors.js';
import { p256, pemBody, TempDir } from './helpers/keys.js';

const dir = new TempDir();
afterAll(() => dir.remove());
const good = p256();

async function failure(pathOrPem: string): Promise<UsageError> {
  try {
    await loadPrivateKey(pathOrPem, { baseDir: dir.path });
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const e = err as UsageError;
    // Never echo key material, whatever went wrong.
    expect(e.message).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    expect(e.fix ?? '').not.toMatch(/[A-Za-z0-9+/]{40,}/);
    return e;
  }
  throw new Error('expected loadPrivateKey to fail');
}

function pem(label: string, der: Buffer): string {
  const body = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

describe('loadPrivateKey accepts', () => {
  it('a PKCS#8 P-256 .p8 file, with no warning at mode 600', async () => {
    const p = dir.file('SubscriptionKey_ABCDE12345.p8', good.pkcs8Pem, 0o600);
    const { key, warnings, path } = await loadPrivateKey(p);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(key.type).toBe('private');
    expect(warnings).toEqual([]);
    expect(path).toBe(p);
  });

  it('Windows line endings, a BOM, indentation and surrounding blank lines', async () => {
    const messy = `\uFEFF\r\n\r\n  ${good.pkcs8Pem.trim().split('\n').join('\r\n    ')}\r\n\r\n   `;
    const p = dir.file('crlf.p8', messy);
    const { key, warnings } = await loadPrivateKey(p);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(warnings).toEqual([]);
  });

  it('a file saved as UTF-16 with a byte order mark (Windows "Unicode"), little- and big-endian', async () => {
    const crlf = good.pkcs8Pem.replace(/\n/g, '\r\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const [name, bytes] of [['le.p8', le], ['be.p8', Buffer.concat([Buffer.from([0xfe, 0xff]), be])]] as const) {
      const { key, warnings } = await loadPrivateKey(dir.file(name, bytes, 0o600));
      expect(key.export({ type: 'pkcs8', format: 'pem' })).toBe(good.pkcs8Pem);
      expect(warnings).toEqual([]);
    }
  });

  it('PEM text itself, also with literal \\n as in .env files', async () => {
    expect((await loadPrivateKey(good.pkcs8Pem)).key.type).toBe('private');
    const escaped = good.pkcs8Pem.trim().replace(/\n/g, '\\n');
    expect((await loadPrivateKey(escaped)).key.type).toBe('private');
  });

  it('a SEC1 "EC PRIVATE KEY" on P-256, and says so', async () => {
    const sec1 = good.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    const { key, warnings } = await loadPrivateKey(dir.file('sec1.pem', sec1));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(warnings.map((w) => w.id)).toEqual(['auth.key.sec1']);
    expect(warnings[0]!.status).toBe('warn');
  });

  it('the base64 body without BEGIN/END lines, with a warning', async () => {
    const { warnings } = await loadPrivateKey(dir.file('body.txt', pemBody(good.pkcs8Pem)));
    expect(warnings.map((w) => w.id)).toEqual(['auth.key.no-pem-lines']);
  });

  it('a DER PKCS#8 key, with a warning', async () => {
    const der = good.privateKey.export({ type: 'pkcs8', format: 'der' });
    const { warnings } = await loadPrivateKey(dir.file('key.der', der));
    expect(warnings.map((w) => w.id)).toEqual(['auth.key.der']);
  });

  it('a key preceded by other PEM blocks (the private key block is used)', async () => {
    const cert = await issueCertificate({ subject: 'CN=Bundle', keys: { kind: 'ec', curve: 'P-256' } });
    const { key } = await loadPrivateKey(dir.file('bundle.pem', `${cert.certPem}\n${good.pkcs8Pem}`));
    expect(key.type).toBe('private');
  });
});

describe('loadPrivateKey warns', () => {
  it('when other users can read the key file', async () => {
    const p = dir.file('loose.p8', good.pkcs8Pem, 0o644);
    chmodSync(p, 0o644);
    const { warnings } = await loadPrivateKey(p);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: 'auth.key.permissions', status: 'warn', fix: `chmod 600 ${p}` });
    expect(warnings[0]!.title).toContain('mode 644');
  });

  it('not about permissions on Windows', async () => {
    const p = dir.file('loose-win.p8', good.pkcs8Pem, 0o644);
    chmodSync(p, 0o644);
    expect((await loadPrivateKey(p, { platform: 'win32' })).warnings).toEqual([]);
  });
});

describe('loadPrivateKey fails precisely', () => {
  it('file missing', async () => {
    const e = await failure('no-such-key.p8');
    expect(e.code).toBe('auth.key.missing');
    expect(e.message).toContain('no-such-key.p8');
    expect(e.exitCode).toBe(2);
  });

  it('a folder instead of a file', async () => {
    mkdirSync(`${dir.path}/keys-folder`);
    expect((await failure('keys-folder')).code).toBe('auth.key.is-directory');
  });

  it('file unreadable', async () => {
    // Root reads any file mode, so as root use a file Linux refuses to read for everyone (EIO).
    const asRoot = process.getuid?.() === 0;
    const p = asRoot ? '/proc/self/mem' : dir.file('locked.p8', good.pkcs8Pem, 0o000);
    if (!asRoot) chmodSync(p, 0o000);
    const e = await failure(p);
    expect(e.code).toBe('auth.key.unreadable');
    expect(e.message).toContain(asRoot ? 'the system could not read it: EIO' : 'permission denied: your user may not read it');
    expect(e.exitCode).toBe(2);
  });

  it('empty file, and a file of blank lines', async () => {
    expect((await failure(dir.file('empty.p8', ''))).code).toBe('auth.key.empty');
    expect((await failure(dir.file('blank.p8', ' \r\n\n  '))).code).toBe('auth.key.empty');
  });

  it('not PEM', async () => {
    const e = await failure(dir.file('notes.p8', 'this is not a key\n'));
    expect(e.code).toBe('auth.key.not-pem');
    expect(e.fix).toContain('BEGIN PRIVATE KEY');
  });

  it('a certificate (PEM) instead of a key', async () => {
    const cert = await issueCertificate({ subject: 'CN=Test', keys: { kind: 'ec', curve: 'P-256' } });
    expect((await failure(dir.file('cert.pem', cert.certPem))).code).toBe('auth.key.certificate');
  });

  it('a .cer (DER certificate) given by mistake', async () => {
    const cert = await issueCertificate({ subject: 'CN=Test', keys: { kind: 'ec', curve: 'P-256' } });
    expect((await failure(dir.file('apple.cer', cert.certDer))).code).toBe('auth.key.certificate-der');
  });

  it('a .p12 bundle given by mistake', async () => {
    // PFX outline: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data, [0] { OCTET STRING } } }
    const content = Buffer.from([0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00]);
    const pfx = Buffer.concat([Buffer.from([0x30, 0x14, 0x02, 0x01, 0x03]), content]);
    expect((await failure(dir.file('push.bin', pfx))).code).toBe('auth.key.p12');
    expect((await failure(dir.file('Certificates.p12', Buffer.from([0x30, 0x82, 0xff, 0x00, 0x01])))).code).toBe('auth.key.p12');
  });

  it('a public key instead of the private key', async () => {
    const spki = good.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect((await failure(dir.file('public.pem', spki))).code).toBe('auth.key.public');
  });

  it('an RSA key, PKCS#1 and PKCS#8', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect((await failure(dir.file('rsa1.pem', privateKey.export({ type: 'pkcs1', format: 'pem' }) as string))).code).toBe('auth.key.rsa');
    expect((await failure(dir.file('rsa8.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string))).code).toBe('auth.key.rsa');
  });

  it('an EC key on another curve, PKCS#8 and SEC1', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const e = await failure(dir.file('p384.p8', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string));
    expect(e.code).toBe('auth.key.curve');
    expect(e.message).toContain('P-384');
    expect((await failure(dir.file('p384-sec1.pem', privateKey.export({ type: 'sec1', format: 'pem' }) as string))).code).toBe('auth.key.curve');
  });

  it('an Ed25519 key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const e = await failure(dir.file('ed.p8', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string));
    expect(e.code).toBe('auth.key.not-ec');
    expect(e.message).toContain('ed25519');
  });

  it('an encrypted PKCS#8 key and an encrypted SEC1 key', async () => {
    const enc8 = good.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }) as string;
    expect((await failure(dir.file('enc8.p8', enc8))).code).toBe('auth.key.encrypted');
    const enc1 = good.privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }) as string;
    expect(enc1).toContain('Proc-Type: 4,ENCRYPTED');
    expect((await failure(dir.file('enc1.pem', enc1))).code).toBe('auth.key.encrypted');
  });

  it('truncated: END line missing, or lines of base64 missing', async () => {
    const lines = good.pkcs8Pem.trim().split('\n');
    expect((await failure(dir.file('noend.p8', lines.slice(0, -1).join('\n')))).code).toBe('auth.key.truncated');
    const cut = [lines[0], lines[1], lines.at(-1)].join('\n');
    const e = await failure(dir.file('cut.p8', cut));
    expect(e.code).toBe('auth.key.truncated');
    expect(e.fix).toContain('END PRIVATE KEY');
  });

  it('characters that are not base64 inside the block', async () => {
    const lines = good.pkcs8Pem.trim().split('\n');
    lines[1] = `${lines[1]!.slice(0, 10)}!!${lines[1]!.slice(12)}`;
    expect((await failure(dir.file('garbled.p8', lines.join('\n')))).code).toBe('auth.key.bad-base64');
  });

  it('an OpenSSH key', async () => {
    const ssh = pem('OPENSSH PRIVATE KEY', Buffer.from('openssh-key-v1\0 not really'));
    expect((await failure(dir.file('id_ecdsa', ssh))).code).toBe('auth.key.openssh');
  });

  it('a PEM of another kind', async () => {
    const e = await failure(dir.file('params.pem', pem('EC PARAMETERS', Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]))));
    expect(e.code).toBe('auth.key.wrong-pem');
    expect(e.message).toContain('EC PARAMETERS');
  });

  it('a complete block that does not decode as a key', async () => {
    const junk = Buffer.concat([Buffer.from([0x30, 0x20]), Buffer.alloc(32, 7)]);
    expect((await failure(dir.file('junk.p8', pem('PRIVATE KEY', junk)))).code).toBe('auth.key.corrupt');
  });

  it('PEM text given inline names where it came from', async () => {
    try {
      await loadPrivateKey('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', { origin: 'ASN_PRIVATE_KEY' });
      throw new Error('expected failure');
    } catch (err) {
      expect((err as UsageError).message).toContain('ASN_PRIVATE_KEY');
    }
  });
});

describe('loadVerificationKey', () => {
  it('takes the private key, the public key or a certificate', async () => {
    expect((await loadVerificationKey(good.pkcs8Pem)).key.type).toBe('public');
    expect((await loadVerificationKey(good.publicKey.export({ type: 'spki', format: 'pem' }) as string)).key.type).toBe('public');
    const cert = await issueCertificate({ subject: 'CN=Test', keys: { kind: 'ec', curve: 'P-256' } });
    expect((await loadVerificationKey(dir.file('verify.cer', cert.certDer))).key.type).toBe('public');
  });
});
