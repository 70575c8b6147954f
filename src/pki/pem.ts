// The one reader (and writer) of PEM text and DER certificates: the In-App Purchase key (auth/key.ts),
// --ca and --root files, and the emulator's and listen's own CA files all go through it. Light on
// purpose (no X.509 library): it finds blocks and their bytes; parsing what they hold is the caller's.

export interface PemBlock {
  /** `CERTIFICATE`, `PRIVATE KEY`, `EC PRIVATE KEY`… */
  label: string;
  /** RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED`, as written (empty when none). */
  headers: string;
  /** The base64 between the markers (and headers), whitespace included. */
  body: string;
  /** False when the END line is missing (the text was cut, or another block starts first). */
  complete: boolean;
}

/** Why a block's bytes cannot be had: cut short (no END line, or fewer bytes than the DER says), or not base64. */
export type PemProblem = 'truncated' | 'bad-base64';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n?([\s\S]*?)(-----END \1-----|(?=-----BEGIN )|$)/g;
const PEM_HEADERS = /^([A-Za-z-]+:.*\r?\n)+\r?\n/;

/** Every block in the text, complete or not, in order. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const inner = m[2] ?? '';
    const headerEnd = PEM_HEADERS.exec(inner);
    blocks.push({
      label: m[1]!,
      headers: headerEnd ? headerEnd[0] : '',
      body: headerEnd ? inner.slice(headerEnd[0].length) : inner,
      complete: (m[3] ?? '').startsWith('-----END'),
    });
  }
  return blocks;
}

/** The DER bytes of a block, or what is wrong with it. */
export function pemBlockDer(block: PemBlock): { der: Buffer } | { problem: PemProblem } {
  if (!block.complete) return { problem: 'truncated' };
  const compact = block.body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return { problem: 'bad-base64' };
  const der = Buffer.from(compact, 'base64');
  const declared = derDeclaredLength(der);
  if (compact.length % 4 !== 0 || declared === undefined || declared > der.length) return { problem: 'truncated' };
  return { der };
}

/** Total length an ASN.1 DER SEQUENCE says it has, or undefined when it is not one. */
function derDeclaredLength(der: Buffer): number | undefined {
  if (der.length < 2 || der[0] !== 0x30) return undefined;
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
  return 2 + n + len;
}

/** The DER of every CERTIFICATE block in PEM text; undefined when one of them is cut short or not base64. */
export function pemCertificates(text: string): Buffer[] | undefined {
  const ders: Buffer[] = [];
  for (const block of pemBlocks(text)) {
    if (block.label !== 'CERTIFICATE') continue;
    const read = pemBlockDer(block);
    if (!('der' in read)) return undefined;
    ders.push(read.der);
  }
  return ders;
}

/**
 * Certificates in a file's bytes: the CERTIFICATE blocks of PEM text (one or more), or else the bytes
 * themselves as one DER certificate (a .cer). Undefined when a PEM block is broken. Whether each is a
 * certificate is for the X.509 parser to say.
 */
export function certificatesInFile(bytes: Buffer): Buffer[] | undefined {
  const text = bytes.toString('latin1');
  return text.includes('-----BEGIN CERTIFICATE-----') ? pemCertificates(text) : [bytes];
}

/** The DER of the first block of PEM text asn-doctor wrote itself (its CA files, its state). Throws when there is none. */
export function pemToDer(pem: string): Buffer {
  const [first] = pemBlocks(pem);
  const read = first ? pemBlockDer(first) : undefined;
  if (!read || !('der' in read)) throw new Error(`not PEM text (${read ? read.problem : 'no block'})`);
  return read.der;
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
