// Trust anchors for the payloads the API commands (send-test, test-status, history) receive: the --root
// files, or, when --api-url is a local emulator and no --root was given, the emulator's own CA found
// through its info endpoint. The emulator signs with its CA, never Apple's: its payloads then verify
// and are still reported as "not signed by Apple". The info endpoint wants the emulator's control
// secret or, as here, a token the emulator accepts for its API: the command's own credentials.
import type { ResolvedBaseUrl } from '../api/endpoints.js';
import { readRootFiles } from '../jws/roots.js';
import { emulatorRootCaPath } from './control-client.js';

const LOOKUP_TIMEOUT_MS = 2000;

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

/** The emulator's root CA path, or undefined when the host is not a local emulator. */
async function discoverEmulatorRoot(base: ResolvedBaseUrl, signToken?: () => string): Promise<string | undefined> {
  if (base.target !== 'local') return undefined;
  try {
    return await emulatorRootCaPath(new URL(base.baseUrl).origin, {
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      ...(signToken ? { apiToken: signToken() } : {}),
    });
  } catch {
    return undefined;
  }
}
