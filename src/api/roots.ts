// Trust anchors for the API commands: the --root files, or the local emulator's CA found on its own.
import { readRootFiles } from '../jws/roots.js';
import { discoverEmulatorRoot } from './emulator-root.js';
import type { ResolvedBaseUrl } from './endpoints.js';

export interface TrustRoots {
  roots?: Buffer[];
  /** Where they came from: --root, or the local emulator's CA found on its own. */
  source?: 'option' | 'emulator';
  path?: string;
}

/**
 * The --root certificates when given (read up front by readRootFiles); otherwise, for a loopback API, the
 * emulator's CA, asked for with an API token from `signToken` (the emulator accepts it instead of its control secret).
 */
export async function trustRoots(given: Buffer[] | undefined, cwd: string, base: ResolvedBaseUrl, signToken?: () => string): Promise<TrustRoots> {
  if (given) return { roots: given, source: 'option' };
  const path = await discoverEmulatorRoot(base, signToken);
  if (!path) return {};
  try {
    const roots = await readRootFiles([path], cwd);
    return roots ? { roots, source: 'emulator', path } : {};
  } catch {
    return {};
  }
}
