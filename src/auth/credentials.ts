// Resolves the credentials for calling Apple: flags > environment (ASN_*) > config file.
// Every value is format-checked before any request, and the error names the flag AND the variable.
// Two kinds of key, two sets of credentials (docs/apple/tokens.md): the In-App Purchase key for the
// App Store Server API (resolveCredentials) and the App Store Connect API key (resolveAscCredentials).
import type { KeyObject } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { check, type Check } from '../report/check.js';
import { configLocation } from '../config/location.js';
import { readConfig, type ConfigFile } from '../config/file.js';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import { ascKeyIdProblem, formatProblem, isHttpUrl, keyIdFromFileName, type CredentialField } from './formats.js';
import { loadPrivateKey, looksLikeKeyText, samePublicKey } from './key.js';
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

/** The config file and a picker for one value: its flag, else its variable, else the config file. */
async function openSources(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string, platform: NodeJS.Platform | undefined) {
  const location = configLocation(env, { flag: text(flags.config), cwd, platform });
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
  return { location, config, pick };
}

export async function resolveCredentials<N extends NeededCredential>(
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  opts: ResolveOptions<N>,
): Promise<ResolvedCredentials<N>> {
  const cwd = opts.cwd ?? process.cwd();
  const { location, config, pick } = await openSources(flags, env, cwd, opts.platform);

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

  const keyInput = pickKey(IAP_KEY, flags, env, config, location.path, cwd);
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
    // The App Store Connect API key given as the In-App Purchase key, when both are configured.
    const ascInput = pickKey(ASC_KEY, flags, env, config, location.path, cwd);
    const ascKeyId = pick(ASC_SPECS.ascKeyId);
    const iapKeyId = values.keyId === undefined ? undefined : { value: values.keyId, origin: pick(SPECS.keyId)?.origin ?? keyInput.origin };
    await refuseSameKey(
      'auth.key.is-asc-key',
      { ...(ascKeyId ? { keyId: ascKeyId } : {}), ...(ascInput ? { input: ascInput } : {}) },
      { ...(iapKeyId ? { keyId: iapKeyId } : {}), input: keyInput, key: loaded.key },
      opts.platform,
    );
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

/** Which app: its bundle ID and Apple ID, by the same precedence, format-checked; no key is read. */
export interface AppIdentity {
  bundleId?: string;
  appAppleId?: string;
  sources: Record<string, CredentialSource>;
  /** Notification URLs saved by `init`, if any. */
  notificationUrls?: { production?: string; sandbox?: string };
  configPath: string;
}

export async function resolveAppIdentity(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, opts: { cwd?: string; platform?: NodeJS.Platform } = {}): Promise<AppIdentity> {
  const { location, config, pick } = await openSources(flags, env, opts.cwd ?? process.cwd(), opts.platform);
  const out: AppIdentity = { sources: {}, configPath: location.path };
  for (const field of ['bundleId', 'appAppleId'] as const) {
    const p = pick(SPECS[field]);
    if (!p) continue;
    validateFormat(field, p);
    out[field] = p.value;
    out.sources[field] = p.source;
  }
  if (config.notificationUrls) out.notificationUrls = config.notificationUrls;
  return out;
}

// ---- the App Store Connect API key ----------------------------------------------------------------

/** An App Store Connect API key: a team key (with its issuer ID) or an individual key (none). */
export interface AscCredentials {
  /** The team's issuer ID; absent for an individual key, whose tokens carry `sub: "user"` instead. */
  issuerId?: string;
  keyId: string;
  privateKey: KeyObject;
  /** Absolute path of the key file (absent when the PEM text came from ASN_ASC_PRIVATE_KEY). */
  keyPath?: string;
  keyKind: 'team' | 'individual';
  /** Base URL of the App Store Connect API when not Apple's (the emulator's). */
  ascUrl?: string;
  /** Where each value came from, keyed by field name. */
  sources: Record<string, CredentialSource>;
  /** Non-fatal findings: key file permissions, a SubscriptionKey_*.p8 file name, key ID vs file name. */
  warnings: Check[];
  configPath: string;
}

type AscField = 'ascIssuerId' | 'ascKeyId' | 'ascUrl';

const ASC_SPECS: Record<AscField, Spec> = {
  ascIssuerId: { label: 'App Store Connect issuer ID', flag: '--asc-issuer-id', flagKey: 'ascIssuerId', env: 'ASN_ASC_ISSUER_ID', configKey: 'ascIssuerId' },
  ascKeyId: { label: 'App Store Connect key ID', flag: '--asc-key-id', flagKey: 'ascKeyId', env: 'ASN_ASC_KEY_ID', configKey: 'ascKeyId' },
  ascUrl: { label: 'App Store Connect API URL', flag: '--asc-url', flagKey: 'ascUrl', env: 'ASN_ASC_URL', configKey: 'ascUrl' },
};

/** How to supply each App Store Connect credential, for error messages, doctor and `init`. */
export const ASC_CREDENTIAL_INPUTS: readonly { field: string; label: string; flag: string; env: string }[] = [
  { field: 'ascIssuerId', label: ASC_SPECS.ascIssuerId.label, flag: '--asc-issuer-id', env: 'ASN_ASC_ISSUER_ID' },
  { field: 'ascKeyId', label: ASC_SPECS.ascKeyId.label, flag: '--asc-key-id', env: 'ASN_ASC_KEY_ID' },
  { field: 'ascKey', label: 'App Store Connect API key', flag: '--asc-key', env: 'ASN_ASC_PRIVATE_KEY_PATH or ASN_ASC_PRIVATE_KEY' },
];

export interface ResolveAscOptions {
  cwd?: string;
  platform?: NodeJS.Platform;
  /** Nothing configured is an error (urls, token --asc) rather than undefined (doctor). */
  required?: boolean;
}

/**
 * The App Store Connect API key, with the same precedence, format checks and key diagnostics as the
 * In-App Purchase key. Undefined when none of its values is given anywhere (and it is not required).
 * The issuer ID is optional: without one the key is an individual key. The In-App Purchase key given
 * here (the same key file, key or key ID) is refused before any request: it cannot call this API.
 */
export async function resolveAscCredentials(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, opts: ResolveAscOptions = {}): Promise<AscCredentials | undefined> {
  const cwd = opts.cwd ?? process.cwd();
  const { location, config, pick } = await openSources(flags, env, cwd, opts.platform);
  const sources: Record<string, CredentialSource> = {};
  const values: Partial<Record<AscField, Picked>> = {};
  for (const [field, spec] of Object.entries(ASC_SPECS) as [AscField, Spec][]) {
    const p = pick(spec);
    if (!p) continue;
    values[field] = p;
    sources[field] = p.source;
  }
  const keyInput = pickKey(ASC_KEY, flags, env, config, location.path, cwd);
  if (!keyInput && !values.ascIssuerId && !values.ascKeyId && !opts.required) return undefined;

  if (values.ascIssuerId) validateFormat('issuerId', values.ascIssuerId);
  if (values.ascKeyId) {
    const problem = ascKeyIdProblem(values.ascKeyId.value);
    if (problem) throw usageErrorFrom(problem, { value: values.ascKeyId.value.slice(0, 80), origin: values.ascKeyId.origin });
  }
  if (values.ascUrl && !isHttpUrl(values.ascUrl.value)) {
    throw usageErrorFrom('asc.format.url', { value: values.ascUrl.value.slice(0, 120), origin: values.ascUrl.origin });
  }
  const fileKid = keyInput?.path ? keyIdFromFileName(basename(keyInput.path)) : undefined;
  const iapInput = pickKey(IAP_KEY, flags, env, config, location.path, cwd);
  if (keyInput?.path && iapInput?.path === keyInput.path) throw usageErrorFrom('asc.key.is-iap-key', { ascOrigin: keyInput.origin, iapOrigin: iapInput.origin });
  // A SubscriptionKey_*.p8 with no App Store Connect key ID: almost surely the In-App Purchase key.
  if (keyInput && fileKid?.kind === 'in-app-purchase' && !values.ascKeyId) {
    throw usageErrorFrom('asc.key.iap-file', { file: basename(keyInput.path ?? ''), origin: keyInput.origin });
  }
  let keyId = values.ascKeyId?.value;
  if (keyId === undefined && fileKid?.kind === 'app-store-connect') {
    keyId = fileKid.keyId;
    sources.ascKeyId = 'default';
  }
  const missing = ASC_CREDENTIAL_INPUTS.filter((i) => (i.field === 'ascKey' ? keyInput === undefined : i.field === 'ascKeyId' && keyId === undefined));
  if (missing.length > 0 || !keyInput || keyId === undefined) {
    throw usageErrorFrom('asc.credentials.missing', { list: missing.map((i) => `${i.label} (${i.flag} or ${i.env})`).join(', '), configPath: location.path });
  }

  const loaded = await loadPrivateKey(keyInput.value, { kind: 'app-store-connect', origin: keyInput.origin, baseDir: keyInput.baseDir, platform: opts.platform, isText: keyInput.isText === true });
  sources.ascKey = keyInput.source;
  const warnings: Check[] = [...loaded.warnings];
  const file = basename(loaded.path ?? '');
  if (fileKid?.kind === 'in-app-purchase') warnings.push(check('asc.key.iap-file-name', { file }));
  if (fileKid && fileKid.keyId !== keyId) warnings.push(check('auth.key.file-kid-mismatch', { file, keyId, fileKid: fileKid.keyId }));
  const iapKeyId = pick(SPECS.keyId);
  await refuseSameKey(
    'asc.key.is-iap-key',
    { keyId: { value: keyId, origin: values.ascKeyId?.origin ?? keyInput.origin }, input: keyInput, key: loaded.key },
    { ...(iapKeyId ? { keyId: iapKeyId } : {}), ...(iapInput ? { input: iapInput } : {}) },
    opts.platform,
  );

  return {
    ...(values.ascIssuerId ? { issuerId: values.ascIssuerId.value } : {}),
    keyId,
    privateKey: loaded.key,
    ...(loaded.path ? { keyPath: loaded.path } : {}),
    keyKind: values.ascIssuerId ? 'team' : 'individual',
    ...(values.ascUrl ? { ascUrl: values.ascUrl.value } : {}),
    sources,
    warnings,
    configPath: location.path,
  };
}

/** One side of the two-keys comparison: its key ID (and where it came from), its input, its key once loaded. */
interface KeySide {
  keyId?: { value: string; origin: string };
  input?: KeyInput;
  key?: KeyObject;
}

/**
 * The commonest set-up mistake: one kind of key given for the other. Each API would answer 401 on every
 * request; it is refused here, naming both places, when both sides are the same file, the same key or
 * have the same key ID. `id` words it from the side being resolved: the App Store Connect key that is
 * the In-App Purchase key, or the other way round.
 */
async function refuseSameKey(id: 'asc.key.is-iap-key' | 'auth.key.is-asc-key', asc: KeySide, iap: KeySide, platform: NodeJS.Platform | undefined): Promise<void> {
  const refuse = (ascOrigin: string, iapOrigin: string) => usageErrorFrom(id, { ascOrigin, iapOrigin });
  if (asc.keyId && iap.keyId && asc.keyId.value === iap.keyId.value) throw refuse(asc.keyId.origin, iap.keyId.origin);
  if (!asc.input || !iap.input) return;
  if (asc.input.path && asc.input.path === iap.input.path) throw refuse(asc.input.origin, iap.input.origin);
  const load = async (side: KeySide) => {
    if (side.key) return side.key;
    try {
      return (await loadPrivateKey(side.input!.value, { origin: side.input!.origin, baseDir: side.input!.baseDir, platform, isText: side.input!.isText === true })).key;
    } catch {
      return undefined; // the other key's own problems are reported by the commands that use it
    }
  };
  const [a, b] = [await load(asc), await load(iap)];
  if (a && b && samePublicKey(a, b)) throw refuse(asc.input.origin, iap.input.origin);
}

interface KeyInput {
  value: string;
  source: CredentialSource;
  origin: string;
  baseDir: string;
  path?: string;
  isText?: boolean;
}

/** Where one kind of key can come from: its flag, its two variables and its config key. */
interface KeySpec {
  flag: string;
  flagKey: string;
  /** The PEM text itself (CI secrets); wins over the path variable. */
  pemEnv: string;
  pathEnv: string;
  configKey: 'privateKeyPath' | 'ascPrivateKeyPath';
}

const IAP_KEY: KeySpec = { flag: '--key', flagKey: 'key', pemEnv: 'ASN_PRIVATE_KEY', pathEnv: 'ASN_PRIVATE_KEY_PATH', configKey: 'privateKeyPath' };
const ASC_KEY: KeySpec = { flag: '--asc-key', flagKey: 'ascKey', pemEnv: 'ASN_ASC_PRIVATE_KEY', pathEnv: 'ASN_ASC_PRIVATE_KEY_PATH', configKey: 'ascPrivateKeyPath' };

/** The flag, then the PEM variable (wins over the path variable), the path variable, then the config's path. */
function pickKey(spec: KeySpec, flags: Record<string, unknown>, env: NodeJS.ProcessEnv, config: ConfigFile, configPath: string, cwd: string): KeyInput | undefined {
  const asInput = (value: string, source: CredentialSource, origin: string, baseDir: string): KeyInput => {
    return looksLikeKeyText(value) ? { value, source, origin, baseDir, isText: true } : { value, source, origin, baseDir, path: resolve(baseDir, value) };
  };
  const f = text(flags[spec.flagKey]);
  if (f !== undefined) return asInput(f, 'flag', spec.flag, cwd);
  const pem = text(env[spec.pemEnv]);
  if (pem !== undefined) return { value: pem, source: 'env', origin: spec.pemEnv, baseDir: cwd, isText: true };
  const p = text(env[spec.pathEnv]);
  if (p !== undefined) return asInput(p, 'env', spec.pathEnv, cwd);
  const c = text(config[spec.configKey]);
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
  if (!isHttpUrl(value)) throw usageErrorFrom('auth.format.api-url', { value: value.slice(0, 120), origin: p.origin });
}
