// --ca files: extra certificate authorities to trust when posting to a test server. check-url,
// doctor, emulator and trigger all read them here.
import path from 'node:path';
import { fileProblemText, usageErrorFrom } from '../report/diagnostics/errors.js';
import { CERT_FILE_MAX_BYTES, readUserFile, userFileErrorFrom } from '../util/user-file.js';
import { pemCertificates, toPem } from '../pki/pem.js';

/**
 * The PEM certificates in the given files (paths relative to `cwd`), one string per certificate;
 * undefined when no file is given. A usage error names the file that cannot be read or holds none.
 */
export function readCaFiles(files: readonly string[], cwd: string): string[] | undefined {
  if (files.length === 0) return undefined;
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readUserFile(path.resolve(cwd, file), CERT_FILE_MAX_BYTES).bytes.toString('utf8');
    } catch (err) {
      throw usageErrorFrom('usage.unreadable-ca', { file, reason: fileProblemText(userFileErrorFrom(err, file)) });
    }
    const certificates = pemCertificates(text);
    if (!certificates?.length) throw usageErrorFrom('usage.bad-ca', { file });
    return certificates.map((der) => toPem(der, 'CERTIFICATE'));
  });
}
