// --root files: extra trust anchors for verifying payloads (the emulator's CA, for instance).
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import { discoverEmulatorRoot } from './emulator-root.js';
import type { ResolvedBaseUrl } from './endpoints.js';

export interface TrustRoots {
  roots?: Buffer[];
  /** Where they came from: --root, or the local emulator's CA found on its own. */
  source?: 'option' | 'emulator';
  path?: string;
}

/** The --root certificates when given (read up front by readRootFiles); otherwise, for a loopback API, the emulator's CA. */
export async function trustRoots(given: Buffer[] | undefined, cwd: string, base: ResolvedBaseUrl): Promise<TrustRoots> {
  if (given) return { roots: given, source: 'option' };
  const path = await discoverEmulatorRoot(base);
  if (!path) return {};
  try {
    const roots = await readRootFiles([path], cwd);
    return roots ? { roots, source: 'emulator', path } : {};
  } catch {
    return {};
  }
}

/** Reads --root certificate files (DER or PEM); a usage error names the file that is not one. */
export async function readRootFiles(files: unknown, cwd: string): Promise<Buffer[] | undefined> {
  if (!Array.isArray(files) || files.length === 0) return undefined;
  const { certsFromFileBytes } = await import('../jws/certs.js');
  return files.flatMap((file: string) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(isAbsolute(file) ? file : resolve(cwd, file));
    } catch (err) {
      throw usageErrorFrom('api.option.ca-file', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
    try {
      const certs = certsFromFileBytes(bytes);
      if (!certs.length) throw new Error('no certificate');
      return certs.map((c) => c.der);
    } catch {
      throw usageErrorFrom('api.option.ca-file', { file, reason: 'not a DER or PEM certificate' });
    }
  });
}
