// Where the emulator keeps its CA and test key when --state-dir is not given: an `emulator` folder
// beside asn-doctor's config file (~/.config/asn-doctor/emulator by default).
import { dirname, join } from 'node:path';
import { configLocation } from '../config/location.js';

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
