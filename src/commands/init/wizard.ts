// The questions `init` asks. Each answer is checked with the same rules the other commands apply.
import { readdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { confirm, input, select } from '@inquirer/prompts';
import { formatProblem, keyIdFromFileName, loadPrivateKey, type CredentialField } from '../../auth/index.js';
import { looksLikeKeyText } from '../../auth/key.js';
import type { Check } from '../../report/check.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import type { ConfigFile } from '../../config/index.js';
import { isAsnError } from '../../errors.js';

export interface WizardIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal: AbortSignal;
}

export interface WizardResult {
  config: ConfigFile;
  keyWarnings: Check[];
  write: boolean;
}

/** `SubscriptionKey_*.p8` files in `dir`, newest naming first. */
export async function findKeyFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => keyIdFromFileName(n)?.kind === 'in-app-purchase').sort();
  } catch {
    return [];
  }
}

function formatMessage(field: CredentialField, value: string): true | string {
  const problem = formatProblem(field, value.trim());
  if (!problem) return true;
  const d = diagnostic(problem, { value: value.trim(), origin: 'your answer' });
  return d.fix ? `${d.title}. ${d.fix}` : d.title;
}

function httpsUrlMessage(value: string): true | string {
  if (value.trim() === '') return true;
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'https:') return 'Apple delivers only to https:// URLs.';
    return true;
  } catch {
    return 'Not a URL; write it like https://example.com/apple/notifications';
  }
}

export async function runWizard(cwd: string, existing: ConfigFile, configPath: string, io: WizardIo): Promise<WizardResult> {
  const ctx = { input: io.input, output: io.output, signal: io.signal };
  const found = await findKeyFiles(cwd);
  let keyWarnings: Check[] = [];

  let keyDefault = existing.privateKeyPath ?? (found[0] ? resolve(cwd, found[0]) : undefined);
  if (found.length > 1) {
    keyDefault = await select(
      {
        message: 'Which In-App Purchase key (.p8)?',
        choices: [...found.map((n) => ({ name: n, value: resolve(cwd, n) })), { name: 'another file…', value: '' }],
      },
      ctx,
    );
  }
  const keyPath = resolve(
    cwd,
    (
      await input(
        {
          message: 'Path of the In-App Purchase key file (SubscriptionKey_<KEYID>.p8):',
          default: keyDefault || undefined,
          validate: async (value) => {
            const v = value.trim();
            if (v === '') return 'Give the path of the .p8 file from App Store Connect > Users and Access > Integrations > In-App Purchase.';
            if (looksLikeKeyText(v)) return 'Give the file path, not the key text: the config file stores only the path.';
            try {
              keyWarnings = (await loadPrivateKey(v, { baseDir: cwd })).warnings;
              return true;
            } catch (err) {
              return isAsnError(err) ? `${err.message}${err.fix ? `. ${err.fix}` : ''}` : String(err);
            }
          },
        },
        ctx,
      )
    ).trim(),
  );

  const kidFromFile = keyIdFromFileName(basename(keyPath))?.keyId;
  const keyId = await input(
    { message: 'Key ID (10 characters, shown next to the key):', default: kidFromFile ?? existing.keyId, validate: (v) => formatMessage('keyId', v) },
    ctx,
  );
  const issuerId = await input(
    { message: 'Issuer ID (the UUID above the key list):', default: existing.issuerId, validate: (v) => formatMessage('issuerId', v) },
    ctx,
  );
  const bundleId = await input(
    { message: 'Bundle ID of the app (e.g. com.example.app):', default: existing.bundleId, validate: (v) => formatMessage('bundleId', v) },
    ctx,
  );
  const appAppleId = await input(
    {
      message: 'App Apple ID (numeric, App Information page; optional, Enter to skip):',
      default: existing.appAppleId,
      validate: (v) => (v.trim() === '' ? true : formatMessage('appAppleId', v)),
    },
    ctx,
  );
  const environment = await select(
    {
      message: 'Which environment should commands use by default?',
      default: existing.environment === 'production' ? 'production' : 'sandbox',
      choices: [
        { name: 'sandbox (test purchases; works before the first release)', value: 'sandbox' },
        { name: 'production (needs an app released on the App Store)', value: 'production' },
      ],
    },
    ctx,
  );
  const production = await input(
    { message: 'Production notification URL (optional):', default: existing.notificationUrls?.production, validate: httpsUrlMessage },
    ctx,
  );
  const sandbox = await input(
    {
      message: 'Sandbox notification URL (optional; if empty, sandbox goes to production):',
      default: existing.notificationUrls?.sandbox,
      validate: httpsUrlMessage,
    },
    ctx,
  );

  const config: ConfigFile = { issuerId: issuerId.trim(), keyId: keyId.trim(), privateKeyPath: keyPath, bundleId: bundleId.trim(), environment };
  if (appAppleId.trim()) config.appAppleId = appAppleId.trim();
  if (existing.apiUrl) config.apiUrl = existing.apiUrl;
  if (production.trim() || sandbox.trim()) {
    config.notificationUrls = {};
    if (production.trim()) config.notificationUrls.production = production.trim();
    if (sandbox.trim()) config.notificationUrls.sandbox = sandbox.trim();
  }
  const write = await confirm({ message: `Write ${configPath}?`, default: true }, ctx);
  return { config, keyWarnings, write };
}
