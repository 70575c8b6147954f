// --ca files: extra certificate authorities to trust when posting to a test server. check-url,
// doctor, emulator and trigger all read them here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { usageErrorFrom } from '../report/diagnostics/errors.js';

/**
 * The PEM certificates in the given files (paths relative to `cwd`), one string per certificate;
 * undefined when no file is given. A usage error names the file that cannot be read or holds none.
 */
export function readCaFiles(files: readonly string[], cwd: string): string[] | undefined {
  if (files.length === 0) return undefined;
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(path.resolve(cwd, file), 'utf8');
    } catch (err) {
      throw usageErrorFrom('usage.unreadable-ca', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!blocks) throw usageErrorFrom('usage.bad-ca', { file });
    return blocks.map((b) => `${b}\n`);
  });
}
