// Loads the In-App Purchase key (.p8: PKCS#8 PEM, EC P-256) and says precisely what is wrong
// when it is not one. Nothing here ever puts key material into a message.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { basename, extname, resolve } from 'node:path';
import { check, type Check } from '../report/check.js';
import { isAsnError } from '../errors.js';
import { fileProblemText, usageErrorFrom } from '../report/diagnostics/errors.js';
import { KEY_FILE_MAX_BYTES, readUserFile, UserFileError } from '../util/user-file.js';
import { pemBlockDer, pemBlocks, type PemBlock } from '../pki/pem.js';

export interface LoadedKey {
  key: KeyObject;
  /** Non-fatal findings: loose file permissions, SEC1 instead of PKCS#8, missing PEM lines. */
  warnings: Check[];
  /** Absolute path when the key came from a file. */
  path?: string;
}

/** Which of Apple's two kinds of key is being read: the wording of every problem names the right file and page. */
export type KeyKind = 'in-app-purchase' | 'app-store-connect';

export interface LoadKeyOptions {
  /** Default: the In-App Purchase key. */
  kind?: KeyKind;
  /** Where inline key text came from, for messages (e.g. `ASN_PRIVATE_KEY`). */
  origin?: string;
  /** Relative paths are resolved against this folder (default: process cwd). */
  baseDir?: string;
  /** Skip the permission warning on platforms without POSIX modes. */
  platform?: NodeJS.Platform;
  /** The value is key text, never a path (ASN_PRIVATE_KEY). */
  isText?: boolean;
}

const P256 = 'prime256v1';

/** Where a problem was found, and what the key is called (the registry's {where}, {keyFile}, {keyPage}, {keyFlag}, {keySettings}). */
interface KeyAt {
  where: string;
  keyFile: string;
  keyPage: string;
  keyFlag: string;
  keySettings: string;
}

const KEY_NAMES: Record<KeyKind, Omit<KeyAt, 'where'>> = {
  'in-app-purchase': {
    keyFile: 'SubscriptionKey_<KEYID>.p8',
    keyPage: 'App Store Connect > Users and Access > Integrations > In-App Purchase',
    keyFlag: '--key',
    keySettings: '--key, ASN_PRIVATE_KEY_PATH or "privateKeyPath" in the config file',
  },
  'app-store-connect': {
    keyFile: 'AuthKey_<KEYID>.p8',
    keyPage: 'App Store Connect > Users and Access > Integrations > App Store Connect API',
    keyFlag: '--asc-key',
    keySettings: '--asc-key, ASN_ASC_PRIVATE_KEY_PATH or "ascPrivateKeyPath" in the config file',
  },
};

function keyAt(where: string, kind: KeyKind | undefined): KeyAt {
  return { where, ...KEY_NAMES[kind ?? 'in-app-purchase'] };
}

/**
 * True when the string is key text rather than a path: a PEM block (also with literal `\n`), or a
 * long run of base64 such as a CI secret holding only the key's body. Treating that as a path would
 * put key material into a "no such file" message.
 */
export function looksLikeKeyText(value: string): boolean {
  return value.includes('-----BEGIN ') || /^[A-Za-z0-9+/=\s]{64,}$/.test(value.replace(/\\n/g, ''));
}

/** Loads an ES256 signing key from a path or from PEM text. Throws UsageError naming the exact problem. */
export async function loadPrivateKey(pathOrPem: string, opts: LoadKeyOptions = {}): Promise<LoadedKey> {
  if (opts.isText || looksLikeKeyText(pathOrPem)) {
    const warnings: Check[] = [];
    const key = parseKeyText(pathOrPem, keyAt(opts.origin ?? 'the key text', opts.kind), warnings, false);
    return { key, warnings };
  }
  const { bytes, path, warnings } = await readKeyFile(pathOrPem, opts);
  const key = parseKeyBytes(bytes, path, warnings, false, opts.kind);
  return { key, warnings, path };
}

/**
 * Loads a key that can check an ES256 signature: a public key (SPKI PEM), a certificate, or the
 * private key itself (its public half is used).
 */
export async function loadVerificationKey(pathOrPem: string, opts: LoadKeyOptions = {}): Promise<LoadedKey> {
  const warnings: Check[] = [];
  if (opts.isText || looksLikeKeyText(pathOrPem)) {
    return { key: toPublic(parseKeyText(pathOrPem, keyAt(opts.origin ?? 'the key text', opts.kind), warnings, true)), warnings };
  }
  const read = await readKeyFile(pathOrPem, opts);
  return { key: toPublic(parseKeyBytes(read.bytes, read.path, read.warnings, true, opts.kind)), warnings: read.warnings, path: read.path };
}

/**
 * The key that checks ES256 signatures in a file read already (the emulator's --key-file: a .p8, a
 * public key or a certificate), and whether the file held the private key itself.
 */
export function verificationKeyFromBytes(bytes: Buffer, path: string): { publicKey: KeyObject; fromPrivateKey: boolean } {
  const key = parseKeyBytes(bytes, path, [], true, undefined);
  return { publicKey: toPublic(key), fromPrivateKey: key.type === 'private' };
}

/** True when both keys are the same key pair (compared by their public halves). */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const der = (k: KeyObject) => createPublicKey(k).export({ type: 'spki', format: 'der' });
  return der(a).equals(der(b));
}

function toPublic(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

async function readKeyFile(
  given: string,
  opts: LoadKeyOptions,
): Promise<{ bytes: Buffer; path: string; warnings: Check[] }> {
  const path = resolve(opts.baseDir ?? process.cwd(), given);
  const warnings: Check[] = [];
  let bytes: Buffer;
  let mode: number;
  try {
    ({ bytes, mode } = readUserFile(path, KEY_FILE_MAX_BYTES));
  } catch (err) {
    throw fsError(err, path, opts.kind);
  }
  const platform = opts.platform ?? process.platform;
  if (platform !== 'win32' && (mode & 0o044) !== 0) {
    warnings.push(check('auth.key.permissions', { path, mode: (mode & 0o777).toString(8).padStart(3, '0') }));
  }
  return { bytes, path, warnings };
}

function fsError(err: unknown, path: string, kind: KeyKind | undefined): Error {
  if (isAsnError(err)) return err;
  if (!(err instanceof UserFileError)) return err instanceof Error ? err : new Error(String(err));
  const at = keyAt(path, kind);
  if (err.problem === 'missing') return usageErrorFrom('auth.key.missing', { ...at, path });
  if (err.problem === 'is-directory') return usageErrorFrom('auth.key.is-directory', { ...at, path });
  if (err.problem === 'too-large') return usageErrorFrom('auth.key.too-large', { ...at, path, reason: fileProblemText(err) });
  return usageErrorFrom('auth.key.unreadable', { ...at, path, reason: fileProblemText(err) });
}

function parseKeyBytes(bytes: Buffer, path: string, warnings: Check[], allowPublic: boolean, kind: KeyKind | undefined): KeyObject {
  const at = keyAt(basename(path), kind);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') throw usageErrorFrom('auth.key.empty', { ...at, where: path });
  // Windows editors may save the .p8 as UTF-16 ("Unicode"): read it as the text it is.
  const utf16 = utf16Text(bytes);
  if (utf16 !== undefined) return parseKeyText(utf16, at, warnings, allowPublic);
  if (isBinary(bytes)) return parseDer(bytes, at, extname(path).toLowerCase(), warnings, allowPublic);
  return parseKeyText(bytes.toString('utf8'), at, warnings, allowPublic);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file that starts with a UTF-16 byte order mark, else undefined. */
function utf16Text(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return undefined;
}

/** Binary content (a DER structure, a .p12): control bytes, or not UTF-8 at all. */
function isBinary(bytes: Buffer): boolean {
  for (const b of bytes.subarray(0, 64)) if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return true;
  try {
    UTF8.decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/** Accepts Windows line endings, a BOM, indentation, and `\n` written literally (as in .env files). */
export function normaliseKeyText(raw: string): string {
  let text = raw.replace(/^\uFEFF/, '');
  if (!text.includes('\n') && text.includes('\\n')) text = text.replace(/\\n/g, '\n');
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
}

function parseKeyText(raw: string, at: KeyAt, warnings: Check[], allowPublic: boolean): KeyObject {
  const text = normaliseKeyText(raw);
  if (text === '') throw usageErrorFrom('auth.key.empty', { ...at });
  const blocks = pemBlocks(text);
  if (blocks.length === 0) {
    // The base64 body alone, as some CI secrets hold it.
    const compact = text.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]{40,}={0,2}$/.test(compact)) {
      const der = Buffer.from(compact, 'base64');
      const key = parseDer(der, at, '', [], allowPublic);
      warnings.push(check('auth.key.no-pem-lines', { ...at }));
      return key;
    }
    throw usageErrorFrom('auth.key.not-pem', { ...at });
  }
  const block =
    blocks.find((b) => b.label.endsWith('PRIVATE KEY')) ??
    (allowPublic ? blocks.find((b) => b.label === 'PUBLIC KEY' || b.label === 'CERTIFICATE') : undefined) ??
    blocks[0]!;
  return parseBlock(block, at, warnings, allowPublic);
}

function parseBlock(block: PemBlock, at: KeyAt, warnings: Check[], allowPublic: boolean): KeyObject {
  const label = block.label;
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/i.test(block.headers)) {
    throw usageErrorFrom('auth.key.encrypted', { ...at });
  }
  if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE' || label === 'X509 CERTIFICATE') {
    if (allowPublic) return checkCurve(new X509Certificate(decodeBody(block, at)).publicKey, at);
    throw usageErrorFrom('auth.key.certificate', { ...at });
  }
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') throw usageErrorFrom('auth.key.csr', { ...at });
  if (label.endsWith('PUBLIC KEY')) {
    if (allowPublic && label === 'PUBLIC KEY') {
      return checkCurve(createPublicKey({ key: decodeBody(block, at), format: 'der', type: 'spki' }), at);
    }
    throw usageErrorFrom('auth.key.public', { ...at });
  }
  if (label === 'RSA PRIVATE KEY') throw usageErrorFrom('auth.key.rsa', { ...at });
  if (label === 'OPENSSH PRIVATE KEY') throw usageErrorFrom('auth.key.openssh', { ...at });
  if (label === 'EC PRIVATE KEY') {
    const key = derKey(decodeBody(block, at), 'sec1', at);
    checkCurve(key, at);
    warnings.push(check('auth.key.sec1', { ...at }));
    return key;
  }
  if (label === 'PRIVATE KEY') return checkCurve(derKey(decodeBody(block, at), 'pkcs8', at), at);
  throw usageErrorFrom('auth.key.wrong-pem', { ...at, label });
}

function decodeBody(block: PemBlock, at: KeyAt): Buffer {
  const read = pemBlockDer(block);
  if ('der' in read) return read.der;
  throw usageErrorFrom(read.problem === 'bad-base64' ? 'auth.key.bad-base64' : 'auth.key.truncated', { ...at, label: block.label });
}

function derKey(der: Buffer, type: 'pkcs8' | 'sec1', at: KeyAt): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type });
  } catch {
    throw usageErrorFrom('auth.key.corrupt', { ...at });
  }
}

function checkCurve(key: KeyObject, at: KeyAt): KeyObject {
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') throw usageErrorFrom('auth.key.rsa', { ...at });
  if (type !== 'ec') throw usageErrorFrom('auth.key.not-ec', { ...at, type: type ?? 'unknown' });
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== P256) throw usageErrorFrom('auth.key.curve', { ...at, curve: curveName(curve) });
  return key;
}

function curveName(curve: string | undefined): string {
  const names: Record<string, string> = { secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };
  return curve === undefined ? 'an unknown curve' : (names[curve] ?? curve);
}

/** Binary input: a DER certificate (.cer), a PKCS#12 bundle (.p12), or a DER key. */
function parseDer(der: Buffer, at: KeyAt, ext: string, warnings: Check[], allowPublic: boolean): KeyObject {
  if (isPkcs12(der) || ext === '.p12' || ext === '.pfx') throw usageErrorFrom('auth.key.p12', { ...at });
  let cert: X509Certificate | undefined;
  try {
    cert = new X509Certificate(der);
  } catch {
    cert = undefined;
  }
  if (cert) {
    if (allowPublic) return checkCurve(cert.publicKey, at);
    throw usageErrorFrom('auth.key.certificate-der', { ...at });
  }
  for (const type of ['pkcs8', 'sec1'] as const) {
    let key: KeyObject | undefined;
    try {
      key = createPrivateKey({ key: der, format: 'der', type });
    } catch {
      key = undefined;
    }
    if (key) {
      checkCurve(key, at);
      warnings.push(check('auth.key.der', { ...at }));
      return key;
    }
  }
  try {
    const pub = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (allowPublic) return checkCurve(pub, at);
  } catch {
    throw usageErrorFrom('auth.key.not-pem', { ...at });
  }
  throw usageErrorFrom('auth.key.public', { ...at });
}

/** PFX: SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1 (data) ... } ... }. */
function isPkcs12(der: Buffer): boolean {
  if (der[0] !== 0x30) return false;
  const lenBytes = der[1]! < 0x80 ? 0 : der[1]! & 0x7f;
  const i = 2 + lenBytes;
  if (der[i] !== 0x02 || der[i + 1] !== 0x01 || der[i + 2] !== 0x03) return false;
  const oidData = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
  return der.subarray(i + 3, i + 40).includes(oidData);
}
