// Where the config file lives: --config, else ASN_CONFIG, else the XDG config folder
// ($XDG_CONFIG_HOME/asn-doctor/config.json, ~/.config/asn-doctor/config.json; %APPDATA% on Windows).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ConfigLocation {
  path: string;
  /** Named by --config or ASN_CONFIG: a missing file is then an error, not an empty config. */
  explicit: boolean;
  source: 'flag' | 'env' | 'default';
}

export function configLocation(
  env: NodeJS.ProcessEnv,
  opts: { flag?: string | undefined; cwd?: string; platform?: NodeJS.Platform } = {},
): ConfigLocation {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.flag) return { path: resolve(cwd, opts.flag), explicit: true, source: 'flag' };
  if (env.ASN_CONFIG) return { path: resolve(cwd, env.ASN_CONFIG), explicit: true, source: 'env' };
  return { path: join(configHome(env, opts.platform ?? process.platform), 'asn-doctor', 'config.json'), explicit: false, source: 'default' };
}

function configHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.XDG_CONFIG_HOME) return env.XDG_CONFIG_HOME;
  if (platform === 'win32' && env.APPDATA) return env.APPDATA;
  const home = env.HOME || env.USERPROFILE || homedir();
  return join(home, '.config');
}
