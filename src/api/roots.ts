// --root files: extra trust anchors for verifying payloads (the emulator's CA, for instance).
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { certsFromFileBytes } from '../jws/index.js';
import { usageError } from './numbers.js';

export function readRootFiles(files: unknown, cwd: string): Buffer[] | undefined {
  if (!Array.isArray(files) || files.length === 0) return undefined;
  return files.flatMap((file: string) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(isAbsolute(file) ? file : resolve(cwd, file));
    } catch (err) {
      throw usageError('api.option.ca-file', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
    try {
      const certs = certsFromFileBytes(bytes);
      if (!certs.length) throw new Error('no certificate');
      return certs.map((c) => c.der);
    } catch {
      throw usageError('api.option.ca-file', { file, reason: 'not a DER or PEM certificate' });
    }
  });
}
