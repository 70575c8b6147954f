// Where the emulator keeps its CA and test key when --state-dir is not given: the user's config folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultStateDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  return join(configRoot(env, platform, home), 'asn-doctor', 'emulator');
}

function configRoot(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || join(home, '.config');
}
