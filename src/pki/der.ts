// A short DER reader for what Node 20's X509Certificate does not expose: the signature algorithm
// and the list of extensions. @peculiar/x509 parses both too, but loading it costs hundreds of ms
// (it blocks the event loop during concurrent probes, and triples the start-up of `decode`). Used on
// certificates node:crypto has already parsed; anything but the X.509 shape throws.

export interface Tlv {
  tag: number;
  /** Where the contents start and end, and where the next element starts (= end). */
  start: number;
  end: number;
  next: number;
}

/** One DER element at `pos` (single-byte tags, definite lengths of up to 4 bytes). Throws when cut short. */
export function readTlv(buf: Uint8Array, pos: number): Tlv {
  if (pos + 2 > buf.length) throw new Error('truncated DER');
  const tag = buf[pos]!;
  let len = buf[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i += 1) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > buf.length) throw new Error('truncated DER');
  return { tag, start, end, next: end };
}

/** Dotted form of an OBJECT IDENTIFIER's contents, e.g. `1.2.840.113635.100.6.11.1`. */
export function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SEQUENCE = 0x30;
const EXTENSIONS = 0xa3; // [3] EXPLICIT, in TBSCertificate
const OID = 0x06;
const BOOLEAN = 0x01;
const OCTET_STRING = 0x04;

function expect(t: Tlv, tag: number, within: number): Tlv {
  if (t.tag !== tag || t.end > within) throw new Error('not an X.509 certificate');
  return t;
}

/**
 * The extensions of a DER certificate, by OID, with their criticality: Certificate ::= SEQUENCE {
 * tbsCertificate SEQUENCE { ..., [3] EXPLICIT SEQUENCE OF Extension }, ... }, Extension ::= SEQUENCE
 * { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
 */
export function extensionsOf(der: Uint8Array): Map<string, { critical: boolean }> {
  const cert = expect(readTlv(der, 0), SEQUENCE, der.length);
  const tbs = expect(readTlv(der, cert.start), SEQUENCE, cert.end);
  const out = new Map<string, { critical: boolean }>();
  for (let pos = tbs.start; pos < tbs.end; ) {
    const field = readTlv(der, pos);
    if (field.end > tbs.end) throw new Error('not an X.509 certificate');
    pos = field.next;
    if (field.tag !== EXTENSIONS) continue;
    const list = expect(readTlv(der, field.start), SEQUENCE, field.end);
    for (let p = list.start; p < list.end; ) {
      const ext = expect(readTlv(der, p), SEQUENCE, list.end);
      const id = expect(readTlv(der, ext.start), OID, ext.end);
      let q = id.next;
      let critical = false;
      const second = readTlv(der, q);
      if (second.tag === BOOLEAN) {
        expect(second, BOOLEAN, ext.end);
        critical = second.end - second.start === 1 && der[second.start] !== 0;
        q = second.next;
      }
      if (expect(readTlv(der, q), OCTET_STRING, ext.end).next !== ext.end) throw new Error('not an X.509 certificate');
      out.set(decodeOid(der.subarray(id.start, id.end)), { critical });
      p = ext.next;
    }
  }
  return out;
}
