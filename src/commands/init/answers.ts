// What `init` accepts, one rule per value, whether the value comes from a prompt or a flag: the same
// rules every other command applies (credential formats, a key that loads, check-url's URL rules).
// A refused value is a UsageError; the wizard shows its message and fix under the prompt instead.
import { basename, dirname, resolve } from 'node:path';
import { ascKeyIdProblem, formatProblem, isHttpUrl, keyIdFromFileName, loadPrivateKey, samePublicKey, type CredentialField } from '../../auth/index.js';
import { looksLikeKeyText } from '../../auth/key.js';
import type { ConfigFile } from '../../config/index.js';
import type { AsnError, UsageError } from '../../errors.js';
import type { Check } from '../../report/check.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import { registrableUrl } from '../../url/rules.js';
import { API_ENVIRONMENTS, environmentIn } from '../../util/environment.js';
import type { InitOptions } from './define.js';

export type Environment = 'sandbox' | 'production';

/** Everything the wizard asks, as it will be saved. */
export interface InitAnswers {
  keyPath: string;
  keyId: string;
  issuerId: string;
  bundleId: string;
  appAppleId?: string;
  environment: Environment;
  productionUrl?: string;
  sandboxUrl?: string;
  apiUrl?: string;
  /** The App Store Connect API key (optional): its file, its ID, the team's issuer ID (none for an individual key). */
  ascKeyPath?: string;
  ascKeyId?: string;
  ascIssuerId?: string;
  ascUrl?: string;
}

/** What the wizard or the flags settled: the answers, the key files' warnings, and whether to write. */
export interface InitOutcome {
  answers: InitAnswers;
  keyWarnings: Check[];
  write: boolean;
}

/** The flags `init` takes (the credential flags every command takes, and doctor's URL flags). */
export const INIT_FLAGS: Record<keyof InitAnswers, string> = {
  keyPath: '--key',
  keyId: '--key-id',
  issuerId: '--issuer-id',
  bundleId: '--bundle-id',
  appAppleId: '--app-apple-id',
  environment: '--env',
  productionUrl: '--production-url',
  sandboxUrl: '--sandbox-url',
  apiUrl: '--api-url',
  ascKeyPath: '--asc-key',
  ascKeyId: '--asc-key-id',
  ascIssuerId: '--asc-issuer-id',
  ascUrl: '--asc-url',
};

/** What init cannot do without (the key ID can come from the key's file name). */
export const REQUIRED: readonly (keyof InitAnswers)[] = ['keyPath', 'issuerId', 'bundleId'];

/** One line for a prompt's validation message: what is wrong, then the fix. */
export function promptMessage(err: AsnError): string {
  return err.fix ? `${err.message}. ${err.fix}` : err.message;
}

function credentialProblem(field: CredentialField, value: string, origin: string): UsageError | undefined {
  const problem = formatProblem(field, value);
  return problem ? usageErrorFrom(problem, { value: value.slice(0, 80), origin }) : undefined;
}

function environmentProblem(value: string, origin: string): UsageError | undefined {
  return environmentIn(value, API_ENVIRONMENTS) ? undefined : usageErrorFrom('auth.format.environment', { value: value.slice(0, 40), origin });
}

function apiUrlProblem(value: string, origin: string): UsageError | undefined {
  return isHttpUrl(value) ? undefined : usageErrorFrom('auth.format.api-url', { value: value.slice(0, 120), origin });
}

/** check-url's URL stage: a URL Apple would refuse (http, port 80, a name that is not public…) is refused. */
/** --allow-private: names that are not public (localhost, *.test…) are accepted, as check-url takes them. */
export interface UrlRules {
  allowPrivate?: boolean;
}

function notificationUrlProblem(value: string, origin: string, rules: UrlRules = {}): UsageError | undefined {
  const refused = registrableUrl(value, rules).refused;
  if (!refused) return undefined;
  return usageErrorFrom('init.url-refused', { origin, url: value.slice(0, 200), reason: refused.title, fix: refused.fix ?? 'Give an https:// URL that Apple can reach.' });
}

/** The answers that are text checked by a rule (the key files are loaded instead, by loadKeyAnswer and loadAscKeyAnswer). */
export type TextField = Exclude<keyof InitAnswers, 'keyPath' | 'ascKeyPath'>;

/** The option key commander gives each answer's flag. */
export const OPTION_KEY: Record<TextField, keyof InitOptions> = {
  keyId: 'keyId',
  issuerId: 'issuerId',
  bundleId: 'bundleId',
  appAppleId: 'appAppleId',
  environment: 'env',
  productionUrl: 'productionUrl',
  sandboxUrl: 'sandboxUrl',
  apiUrl: 'apiUrl',
  ascKeyId: 'ascKeyId',
  ascIssuerId: 'ascIssuerId',
  ascUrl: 'ascUrl',
};

/** The one rule for each answer, whether typed at a prompt, given as a flag or found in the file. */
export function answerProblem(field: TextField, value: string, origin: string, rules: UrlRules = {}): UsageError | undefined {
  switch (field) {
    case 'keyId':
    case 'issuerId':
    case 'bundleId':
    case 'appAppleId':
      return credentialProblem(field, value, origin);
    case 'environment':
      return environmentProblem(value, origin);
    case 'productionUrl':
    case 'sandboxUrl':
      return notificationUrlProblem(value, origin, rules);
    case 'apiUrl':
      return apiUrlProblem(value, origin);
    case 'ascKeyId': {
      const problem = ascKeyIdProblem(value);
      return problem ? usageErrorFrom(problem, { value: value.slice(0, 80), origin }) : undefined;
    }
    case 'ascIssuerId':
      return credentialProblem('issuerId', value, origin);
    case 'ascUrl':
      return isHttpUrl(value) ? undefined : usageErrorFrom('asc.format.url', { value: value.slice(0, 120), origin });
  }
}

/** Loads the key so a wrong file is refused now; the config keeps its absolute path. */
export async function loadKeyAnswer(value: string, cwd: string, origin: string): Promise<{ path: string; warnings: Check[] }> {
  if (looksLikeKeyText(value)) throw usageErrorFrom('init.key-text', { origin });
  const loaded = await loadPrivateKey(value, { baseDir: cwd, origin });
  return { path: loaded.path ?? resolve(cwd, value), warnings: loaded.warnings };
}

/**
 * Loads the App Store Connect API key so a wrong file is refused now: not key text, a key that loads,
 * and not the In-App Purchase key (the same file or the same key), the commonest mix-up.
 */
export async function loadAscKeyAnswer(value: string, cwd: string, origin: string, iapKeyPath: string | undefined): Promise<{ path: string; warnings: Check[] }> {
  if (looksLikeKeyText(value)) throw usageErrorFrom('init.asc-key-text', { origin });
  const loaded = await loadPrivateKey(value, { kind: 'app-store-connect', baseDir: cwd, origin });
  const path = loaded.path ?? resolve(cwd, value);
  if (iapKeyPath !== undefined) {
    const iap = path === iapKeyPath ? undefined : await loadPrivateKey(iapKeyPath).catch(() => undefined);
    if (path === iapKeyPath || (iap && samePublicKey(iap.key, loaded.key))) {
      throw usageErrorFrom('asc.key.is-iap-key', { ascOrigin: origin, iapOrigin: `${INIT_FLAGS.keyPath} ${basename(iapKeyPath)}` });
    }
  }
  return { path, warnings: loaded.warnings };
}

/** The key ID the file name carries (SubscriptionKey_<KEYID>.p8), offered as the key ID's default. */
export function keyIdFromPath(path: string): string | undefined {
  const named = keyIdFromFileName(basename(path));
  return named?.kind === 'in-app-purchase' ? named.keyId : undefined;
}

/** The key ID an App Store Connect API key's file name carries (AuthKey_<KEYID>.p8). */
export function ascKeyIdFromPath(path: string): string | undefined {
  const named = keyIdFromFileName(basename(path));
  return named?.kind === 'app-store-connect' ? named.keyId : undefined;
}

/** The existing config's App Store Connect key path made absolute. */
export function existingAscKeyPath(existing: ConfigFile, configPath: string): string | undefined {
  return existing.ascPrivateKeyPath ? resolve(dirname(configPath), existing.ascPrivateKeyPath) : undefined;
}

/** The existing config's key path made absolute (relative paths are relative to the config's folder). */
export function existingKeyPath(existing: ConfigFile, configPath: string): string | undefined {
  return existing.privateKeyPath ? resolve(dirname(configPath), existing.privateKeyPath) : undefined;
}

/** The config file both the wizard and the flags write: one shape, built in one place. */
export function configFrom(answers: InitAnswers): ConfigFile {
  const config: ConfigFile = {
    issuerId: answers.issuerId,
    keyId: answers.keyId,
    privateKeyPath: answers.keyPath,
    bundleId: answers.bundleId,
    environment: answers.environment,
  };
  if (answers.appAppleId) config.appAppleId = answers.appAppleId;
  if (answers.apiUrl) config.apiUrl = answers.apiUrl;
  if (answers.ascKeyPath) {
    if (answers.ascIssuerId) config.ascIssuerId = answers.ascIssuerId;
    if (answers.ascKeyId) config.ascKeyId = answers.ascKeyId;
    config.ascPrivateKeyPath = answers.ascKeyPath;
    if (answers.ascUrl) config.ascUrl = answers.ascUrl;
  }
  if (answers.productionUrl || answers.sandboxUrl) {
    config.notificationUrls = {};
    if (answers.productionUrl) config.notificationUrls.production = answers.productionUrl;
    if (answers.sandboxUrl) config.notificationUrls.sandbox = answers.sandboxUrl;
  }
  return config;
}
