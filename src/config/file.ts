// Reads and writes the config file. It holds the key's PATH, never the key, and is written 0600.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileProblemText, notWritableReason, usageErrorFrom } from '../report/diagnostics/errors.js';
import type { UsageError } from '../errors.js';
import { ensureWritableDir, NotWritableError, writeFileAtomic } from '../util/atomic-write.js';
import { CONFIG_FILE_MAX_BYTES, readUserFile, userFileErrorFrom } from '../util/user-file.js';

export interface ConfigFile {
  issuerId?: string;
  keyId?: string;
  /** Absolute, or relative to the config file's folder. */
  privateKeyPath?: string;
  bundleId?: string;
  appAppleId?: string;
  environment?: string;
  apiUrl?: string;
  notificationUrls?: { production?: string; sandbox?: string };
  /** The App Store Connect API key (urls, doctor): issuer ID (none for an individual key), key ID, the key's path. */
  ascIssuerId?: string;
  ascKeyId?: string;
  /** Absolute, or relative to the config file's folder; never the key itself. */
  ascPrivateKeyPath?: string;
  /** Base URL of the App Store Connect API when not Apple's (the emulator's). */
  ascUrl?: string;
}

const STRING_FIELDS = ['issuerId', 'keyId', 'privateKeyPath', 'bundleId', 'appAppleId', 'environment', 'apiUrl', 'ascIssuerId', 'ascKeyId', 'ascPrivateKeyPath', 'ascUrl'] as const;

/** The parsed config, or undefined when the file does not exist and was not asked for by name. */
export async function readConfig(path: string, explicit: boolean): Promise<ConfigFile | undefined> {
  let text: string;
  try {
    text = readUserFile(path, CONFIG_FILE_MAX_BYTES).bytes.toString('utf8');
  } catch (err) {
    const problem = userFileErrorFrom(err, path);
    if (problem.problem === 'missing' && !explicit) return undefined;
    if (problem.problem === 'missing') throw usageErrorFrom('config.missing', { path });
    throw usageErrorFrom('config.unreadable', { path, reason: fileProblemText(problem) });
  }
  return parseConfig(text, path);
}

export function parseConfig(text: string, path: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw usageErrorFrom('config.invalid-json', { path, reason: (err as Error).message });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageErrorFrom('config.not-object', { path });
  }
  const obj = value as Record<string, unknown>;
  if ('privateKey' in obj) {
    throw usageErrorFrom('config.key-in-file', { path });
  }
  if ('ascPrivateKey' in obj) {
    throw usageErrorFrom('config.asc-key-in-file', { path });
  }
  const config: ConfigFile = {};
  for (const field of STRING_FIELDS) {
    const v = obj[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      throw usageErrorFrom('config.not-string', { path, field });
    }
    config[field] = v;
  }
  const urls = obj.notificationUrls;
  if (urls && typeof urls === 'object' && !Array.isArray(urls)) {
    const u = urls as Record<string, unknown>;
    config.notificationUrls = {};
    if (typeof u.production === 'string') config.notificationUrls.production = u.production;
    if (typeof u.sandbox === 'string') config.notificationUrls.sandbox = u.sandbox;
  }
  return config;
}

/** Writes atomically with mode 0600 (also when the file existed with looser permissions). */
export async function writeConfig(path: string, config: ConfigFile): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  } catch (err) {
    throw configWriteError(path, err);
  }
}

/**
 * Creates the config file's folder if needed and proves a file can be written there, before any
 * question is asked. Returns the folders it created, to remove again when nothing gets written.
 */
export async function checkConfigWritable(path: string): Promise<string[]> {
  try {
    return await ensureWritableDir(dirname(path), { mode: 0o700 });
  } catch (err) {
    throw configWriteError(path, err);
  }
}

export { removeEmptyFolders as removeCreatedFolders } from '../util/atomic-write.js';

function configWriteError(path: string, err: unknown): UsageError {
  const code = err instanceof NotWritableError ? err.code : (err as NodeJS.ErrnoException | undefined)?.code;
  return usageErrorFrom('config.unwritable', { path, reason: notWritableReason(code) }, { cause: err });
}
