// Where the emulator keeps its CA and test key when --state-dir is not given: an `emulator` folder
// beside asn-doctor's config file (~/.config/asn-doctor/emulator by default).
import { dirname, join } from 'node:path';
import { configLocation } from '../config/location.js';

/** Where `asn-doctor emulator` listens unless told otherwise (--port). */
export const DEFAULT_EMULATOR_PORT = 8760;
/** The origin payloads signed outside a running emulator name for OCSP (`trigger` without --via). */
export const DEFAULT_EMULATOR_ORIGIN = `http://127.0.0.1:${DEFAULT_EMULATOR_PORT}`;

export function defaultStateDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  return join(dirname(configLocation(env, { platform }).path), 'emulator');
}

/**
 * Where a running emulator keeps its per-run control secret (mode 0600), one file per port, so the
 * CLI's own commands (`trigger --via`, the API commands' CA lookup) find it from the base URL alone.
 */
export function controlSecretPath(stateDir: string, port: number | string): string {
  return join(stateDir, `control-secret-${String(port)}`);
}
