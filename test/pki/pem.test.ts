// The one PEM/DER reader: blocks, their bytes and what is wrong with them, certificate files (PEM with
// one or more certificates, or DER), and the writer. Real certificates and keys made here.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, type Issued } from '../../src/pki/issue.js';
import { certificatesInFile, pemBlockDer, pemBlocks, pemCertificates, pemToDer, toPem } from '../../src/pki/pem.js';

let a: Issued;
let b: Issued;
beforeAll(async () => {
  [a, b] = await Promise.all([issueCertificate({ subject: 'CN=a' }), issueCertificate({ subject: 'CN=b' })]);
});

describe('pemBlocks and pemBlockDer', () => {
  it('read each block with its label and bytes, CRLF line ends included', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const text = `notes first\r\n${a.certPem.replace(/\n/g, '\r\n')}${key}`;
    const blocks = pemBlocks(text);
    expect(blocks.map((x) => [x.label, x.complete])).toEqual([
      ['CERTIFICATE', true],
      ['PRIVATE KEY', true],
    ]);
    expect(pemBlockDer(blocks[0]!)).toEqual({ der: a.certDer });
  });

  it('keep RFC 1421 headers apart from the body', () => {
    const [block] = pemBlocks('-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n');
    expect(block).toMatchObject({ label: 'EC PRIVATE KEY', headers: 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n', body: 'AAAA\n', complete: true });
  });

  it('say "truncated" for a missing END line or fewer bytes than the DER declares, "bad-base64" for other characters', () => {
    const lines = a.certPem.trim().split('\n');
    const noEnd = lines.slice(0, -1).join('\n');
    const cut = [...lines.slice(0, 3), lines.at(-1)].join('\n');
    const mangled = a.certPem.replace(/^(-----BEGIN CERTIFICATE-----\n.{10})/, '$1*');
    expect(pemBlockDer(pemBlocks(noEnd)[0]!)).toEqual({ problem: 'truncated' });
    expect(pemBlockDer(pemBlocks(cut)[0]!)).toEqual({ problem: 'truncated' });
    expect(pemBlockDer(pemBlocks(mangled)[0]!)).toEqual({ problem: 'bad-base64' });
  });

  it('end a block without its END line where the next one begins', () => {
    const noEnd = a.certPem.replace(/-----END CERTIFICATE-----\s*$/, '');
    expect(pemBlocks(`${noEnd}${b.certPem}`).map((x) => x.complete)).toEqual([false, true]);
  });
});

describe('certificate files', () => {
  it('PEM with several certificates gives each one, other blocks left out', () => {
    expect(pemCertificates(`${a.certPem}${a.keyPem}${b.certPem}`)).toEqual([a.certDer, b.certDer]);
    expect(certificatesInFile(Buffer.from(`${a.certPem}\n${b.certPem}`))).toEqual([a.certDer, b.certDer]);
  });

  it('binary content is one DER certificate; a broken PEM certificate is none', () => {
    expect(certificatesInFile(a.certDer)).toEqual([a.certDer]);
    const lines = a.certPem.trim().split('\n');
    const lastBodyLineDropped = [...lines.slice(0, -2), lines.at(-1)].join('\n');
    expect(certificatesInFile(Buffer.from(lastBodyLineDropped))).toBeUndefined();
    expect(pemCertificates('no PEM here')).toEqual([]);
  });
});

describe('pemToDer and toPem', () => {
  it('round-trip, and the result is what node reads', () => {
    expect(pemToDer(toPem(a.certDer, 'CERTIFICATE'))).toEqual(a.certDer);
    expect(new X509Certificate(toPem(a.certDer, 'CERTIFICATE')).subject).toBe('CN=a');
    expect(toPem(a.certDer, 'CERTIFICATE').split('\n').every((l) => l.length <= 64)).toBe(true);
  });

  it('pemToDer refuses text that holds no block', () => {
    expect(() => pemToDer('nothing')).toThrow(/not PEM text/);
  });
});
