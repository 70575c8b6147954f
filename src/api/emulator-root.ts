// The emulator signs payloads with its own CA, never Apple's. When --api-url is a loopback host and no
// --root was given, its CA file is looked up through the emulator's info endpoint, so payloads verify
// (and are still reported as "not signed by Apple").
import { request } from 'undici';
import type { ResolvedBaseUrl } from './endpoints.js';

const INFO_PATH = '/_emulator/info';
const LOOKUP_TIMEOUT_MS = 2000;

/** The emulator's root CA path, or undefined when the host is not a local emulator. */
export async function discoverEmulatorRoot(base: ResolvedBaseUrl): Promise<string | undefined> {
  if (base.target !== 'local') return undefined;
  try {
    const res = await request(`${new URL(base.baseUrl).origin}${INFO_PATH}`, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    const text = await res.body.text();
    if (res.statusCode !== 200) return undefined;
    const info = JSON.parse(text) as { rootCaPath?: unknown };
    return typeof info.rootCaPath === 'string' ? info.rootCaPath : undefined;
  } catch {
    return undefined;
  }
}
