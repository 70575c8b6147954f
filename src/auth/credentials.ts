// Resolves the credentials for calling Apple: flags > environment (ASN_*) > config file.
// Every value is format-checked before any request, and the error names the flag AND the variable.
import type { KeyObject } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { check, type Check } from '../report/check.js';
import { configLocation } from '../config/location.js';
import { readConfig, type ConfigFile } from '../config/file.js';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import { formatProblem, keyIdFromFileName, type CredentialField } from './formats.js';
import { loadPrivateKey, looksLikeKeyText } from './key.js';
import { API_ENVIRONMENTS, environmentIn } from '../util/environment.js';

export type CredentialSource = 'flag' | 'env' | 'config' | 'default';
export type Environment = 'sandbox' | 'production';
export type NeededCredential = 'issuerId' | 'keyId' | 'privateKey' | 'bundleId' | 'appAppleId';

export interface Credentials {
  issuerId: string;
  keyId: string;
  privateKey: KeyObject;
  /** Absolute path of the key file (absent when the PEM text came from ASN_PRIVATE_KEY or --key text). */
  keyPath?: string;
  bundleId: string;
  appAppleId?: string;
  environment: Environment;
  apiUrl?: string;
  /** Where each value came from, keyed by field name. */
  sources: Record<string, CredentialSource>;
  /** Non-fatal findings: key file permissions, SEC1 key, key file name vs key ID. */
  warnings: Check[];
  /** Notification URLs saved by `init`, if any. */
  notificationUrls?: { production?: string; sandbox?: string };
  /** The config file that was read (or would be). */
  configPath: string;
}

/** Credentials with only the `need`ed fields guaranteed present. */
export type ResolvedCredentials<N extends NeededCredential> = Omit<Credentials, NeededCredential> &
  Partial<Pick<Credentials, NeededCredential>> &
  Required<Pick<Credentials, N>>;

export interface ResolveOptions<N extends NeededCredential> {
  need: readonly N[];
  cwd?: string;
  platform?: NodeJS.Platform;
}

interface Spec {
  label: string;
  flag: string;
  flagKey: string;
  env: string;
  configKey: keyof ConfigFile;
}

type PlainField = 'issuerId' | 'keyId' | 'bundleId' | 'appAppleId' | 'environment' | 'apiUrl';

const SPECS: Record<PlainField, Spec> = {
  issuerId: { label: 'issuer ID', flag: '--issuer-id', flagKey: 'issuerId', env: 'ASN_ISSUER_ID', configKey: 'issuerId' },
  keyId: { label: 'key ID', flag: '--key-id', flagKey: 'keyId', env: 'ASN_KEY_ID', configKey: 'keyId' },
  bundleId: { label: 'bundle ID', flag: '--bundle-id', flagKey: 'bundleId', env: 'ASN_BUNDLE_ID', configKey: 'bundleId' },
  appAppleId: { label: 'app Apple ID', flag: '--app-apple-id', flagKey: 'appAppleId', env: 'ASN_APP_APPLE_ID', configKey: 'appAppleId' },
  environment: { label: 'environment', flag: '--env', flagKey: 'env', env: 'ASN_ENVIRONMENT', configKey: 'environment' },
  apiUrl: { label: 'API URL', flag: '--api-url', flagKey: 'apiUrl', env: 'ASN_API_URL', configKey: 'apiUrl' },
};

const fieldInput = (field: PlainField) => ({ field, label: SPECS[field].label, flag: SPECS[field].flag, env: SPECS[field].env });

/** How to supply each credential, for error messages and `init`'s refusal. */
export const CREDENTIAL_INPUTS: readonly { field: string; label: string; flag: string; env: string }[] = [
  fieldInput('issuerId'),
  fieldInput('keyId'),
  { field: 'privateKey', label: 'private key', flag: '--key', env: 'ASN_PRIVATE_KEY_PATH or ASN_PRIVATE_KEY' },
  ...(['bundleId', 'appAppleId', 'environment', 'apiUrl'] as const).map(fieldInput),
];

interface Picked {
  value: string;
  source: CredentialSource;
  /** Human name of the place it came from, for error messages. */
  origin: string;
}

function text(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

export async function resolveCredentials<N extends NeededCredential>(
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  opts: ResolveOptions<N>,
): Promise<ResolvedCredentials<N>> {
  const cwd = opts.cwd ?? process.cwd();
  const location = configLocation(env, { flag: text(flags.config), cwd, platform: opts.platform });
  const config = (await readConfig(location.path, location.explicit)) ?? {};
  const configName = `config file ${location.path}`;

  const pick = (spec: Spec): Picked | undefined => {
    const f = text(flags[spec.flagKey]);
    if (f !== undefined) return { value: f, source: 'flag', origin: spec.flag };
    const e = text(env[spec.env]);
    if (e !== undefined) return { value: e, source: 'env', origin: spec.env };
    const c = text(config[spec.configKey]);
    if (c !== undefined) return { value: c, source: 'config', origin: configName };
    return undefined;
  };

  const sources: Record<string, CredentialSource> = {};
  const warnings: Check[] = [];
  const values: Partial<Record<PlainField, string>> = {};
  for (const [field, spec] of Object.entries(SPECS) as [PlainField, Spec][]) {
    const p = pick(spec);
    if (!p) continue;
    values[field] = p.value;
    sources[field] = p.source;
    if (field !== 'environment' && field !== 'apiUrl') validateFormat(field, p);
  }

  const keyInput = pickKey(flags, env, config, location.path, cwd);
  const fileKid = keyInput?.path ? keyIdFromFileName(basename(keyInput.path)) : undefined;
  if (values.keyId === undefined && fileKid?.kind === 'in-app-purchase') {
    values.keyId = fileKid.keyId;
    sources.keyId = 'default';
  }

  const missing = opts.need.filter((n) => (n === 'privateKey' ? keyInput === undefined : values[n as Exclude<NeededCredential, 'privateKey'>] === undefined));
  if (missing.length > 0) {
    const list = CREDENTIAL_INPUTS.filter((i) => (missing as string[]).includes(i.field))
      .map((i) => `${i.label} (${i.flag} or ${i.env})`)
      .join(', ');
    throw usageErrorFrom('auth.credentials.missing', { list, configPath: location.path });
  }

  const environment = resolveEnvironment(values.environment, pick(SPECS.environment));
  sources.environment = sources.environment ?? 'default';
  if (values.apiUrl !== undefined) validateApiUrl(values.apiUrl, pick(SPECS.apiUrl)!);

  let privateKey: KeyObject | undefined;
  let keyPath: string | undefined;
  if (keyInput) {
    const loaded = await loadPrivateKey(keyInput.value, {
      origin: keyInput.origin,
      baseDir: keyInput.baseDir,
      platform: opts.platform,
      isText: keyInput.isText === true,
    });
    privateKey = loaded.key;
    keyPath = loaded.path;
    sources.privateKey = keyInput.source;
    warnings.push(...loaded.warnings);
    if (fileKid && fileKid.kind === 'app-store-connect') warnings.push(check('auth.key.asc-file-name', { file: basename(keyPath ?? '') }));
    if (fileKid && values.keyId !== undefined && fileKid.keyId !== values.keyId) {
      warnings.push(check('auth.key.file-kid-mismatch', { file: basename(keyPath ?? ''), keyId: values.keyId, fileKid: fileKid.keyId }));
    }
  }

  const result: Record<string, unknown> = { environment, sources, warnings, configPath: location.path };
  for (const field of ['issuerId', 'keyId', 'bundleId', 'appAppleId', 'apiUrl'] as const) {
    if (values[field] !== undefined) result[field] = values[field];
  }
  if (privateKey) result.privateKey = privateKey;
  if (keyPath) result.keyPath = keyPath;
  if (config.notificationUrls) result.notificationUrls = config.notificationUrls;
  return result as unknown as ResolvedCredentials<N>;
}

interface KeyInput {
  value: string;
  source: CredentialSource;
  origin: string;
  baseDir: string;
  path?: string;
  isText?: boolean;
}

/** --key, then ASN_PRIVATE_KEY (PEM text, wins over the path variable), ASN_PRIVATE_KEY_PATH, then the config's path. */
function pickKey(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, config: ConfigFile, configPath: string, cwd: string): KeyInput | undefined {
  const asInput = (value: string, source: CredentialSource, origin: string, baseDir: string): KeyInput => {
    return looksLikeKeyText(value) ? { value, source, origin, baseDir, isText: true } : { value, source, origin, baseDir, path: resolve(baseDir, value) };
  };
  const f = text(flags.key);
  if (f !== undefined) return asInput(f, 'flag', '--key', cwd);
  const pem = text(env.ASN_PRIVATE_KEY);
  if (pem !== undefined) return { value: pem, source: 'env', origin: 'ASN_PRIVATE_KEY', baseDir: cwd, isText: true };
  const p = text(env.ASN_PRIVATE_KEY_PATH);
  if (p !== undefined) return asInput(p, 'env', 'ASN_PRIVATE_KEY_PATH', cwd);
  const c = text(config.privateKeyPath);
  if (c !== undefined) return asInput(c, 'config', `config file ${configPath}`, dirname(configPath));
  return undefined;
}

function validateFormat(field: CredentialField, p: Picked): void {
  const problem = formatProblem(field, p.value);
  if (problem) throw usageErrorFrom(problem, { value: p.value.slice(0, 80), origin: p.origin });
}

function resolveEnvironment(value: string | undefined, p: Picked | undefined): Environment {
  if (value === undefined) return 'sandbox';
  const found = environmentIn(value, API_ENVIRONMENTS);
  if (found) return found;
  throw usageErrorFrom('auth.format.environment', { value: value.slice(0, 40), origin: p?.origin ?? '' });
}

function validateApiUrl(value: string, p: Picked): void {
  let ok = false;
  try {
    const u = new URL(value);
    ok = u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    ok = false;
  }
  if (!ok) throw usageErrorFrom('auth.format.api-url', { value: value.slice(0, 120), origin: p.origin });
}
