// --root files: extra trust anchors for verifying payloads (the emulator's CA, a StoreKit .cer).
// Every command that takes --root (decode, send-test, test-status, history, listen) reads them here.
import { resolve } from 'node:path';
import { fileProblemText, usageErrorFrom } from '../report/diagnostics/errors.js';
import { CERT_FILE_MAX_BYTES, readUserFile, userFileErrorFrom } from '../util/user-file.js';
import { certificatesInFile } from '../pki/pem.js';

/**
 * Reads certificate files (DER, or PEM with one or more certificates) as DER buffers; undefined when
 * none are given. A usage error names the file that cannot be read or holds no certificate.
 * The X.509 parser loads only when there is a file to parse.
 */
export async function readRootFiles(files: unknown, cwd: string): Promise<Buffer[] | undefined> {
  if (!Array.isArray(files) || files.length === 0) return undefined;
  const { certFromDer } = await import('./certs.js');
  return files.flatMap((file: string) => {
    let bytes: Buffer;
    try {
      bytes = readUserFile(resolve(cwd, file), CERT_FILE_MAX_BYTES).bytes;
    } catch (err) {
      throw usageErrorFrom('jws.root.unreadable', { file, reason: fileProblemText(userFileErrorFrom(err, file)) });
    }
    const ders = certificatesInFile(bytes);
    if (!ders?.length) throw usageErrorFrom('jws.root.not-a-certificate', { file });
    try {
      return ders.map((der) => certFromDer(der).der);
    } catch {
      throw usageErrorFrom('jws.root.not-a-certificate', { file });
    }
  });
}
