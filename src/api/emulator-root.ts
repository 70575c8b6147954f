// The emulator signs payloads with its own CA, never Apple's. When --api-url is a loopback host and no
// --root was given, its CA file is looked up through the emulator's info endpoint, so payloads verify
// (and are still reported as "not signed by Apple"). The info endpoint wants the emulator's control
// secret or, as here, a token the emulator accepts for its API: the command's own credentials.
import { emulatorRootCaPath } from '../emulator/control-client.js';
import type { ResolvedBaseUrl } from './endpoints.js';

const LOOKUP_TIMEOUT_MS = 2000;

/** The emulator's root CA path, or undefined when the host is not a local emulator. */
export async function discoverEmulatorRoot(base: ResolvedBaseUrl, signToken?: () => string): Promise<string | undefined> {
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
