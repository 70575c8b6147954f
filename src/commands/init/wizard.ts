// The questions `init` asks on a terminal. Values already given as flags are not asked again; every
// answer goes through the rules in answers.ts, the same ones the flags go through.
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { confirm, input, select } from '@inquirer/prompts';
import { keyIdFromFileName } from '../../auth/index.js';
import type { ConfigFile } from '../../config/index.js';
import { isAsnError, type AsnError } from '../../errors.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import type { Check } from '../../report/check.js';
import {
  answerProblem,
  ascKeyIdFromPath,
  existingAscKeyPath,
  existingKeyPath,
  keyIdFromPath,
  loadAscKeyAnswer,
  loadKeyAnswer,
  promptMessage,
  type Environment,
  type InitAnswers,
  type InitOutcome,
  type TextField,
  type UrlRules,
} from './answers.js';

export interface WizardIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal: AbortSignal;
}

/** `SubscriptionKey_*.p8` files in `dir` (`AuthKey_*.p8` for the App Store Connect API), sorted by name. */
export async function findKeyFiles(dir: string, kind: 'in-app-purchase' | 'app-store-connect' = 'in-app-purchase'): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => keyIdFromFileName(n)?.kind === kind).sort();
  } catch {
    return [];
  }
}

const ORIGIN = 'your answer';

function asPrompt(problem: AsnError | undefined): true | string {
  return problem ? promptMessage(problem) : true;
}

export async function runWizard(
  cwd: string,
  existing: ConfigFile,
  configPath: string,
  given: Partial<InitAnswers>,
  urlRules: UrlRules,
  io: WizardIo,
): Promise<InitOutcome> {
  const ctx = { input: io.input, output: io.output, signal: io.signal };
  let keyWarnings: Check[] = [];

  let keyPath = given.keyPath;
  if (keyPath === undefined) {
    const found = await findKeyFiles(cwd);
    let keyDefault = existingKeyPath(existing, configPath) ?? (found[0] ? resolve(cwd, found[0]) : undefined);
    if (found.length > 1) {
      keyDefault = await select(
        {
          message: 'Which In-App Purchase key (.p8)?',
          choices: [...found.map((n) => ({ name: n, value: resolve(cwd, n) })), { name: 'another file…', value: '' }],
        },
        ctx,
      );
    }
    const loaded = await askKeyFile(
      'Path of the In-App Purchase key file (SubscriptionKey_<KEYID>.p8):',
      keyDefault || undefined,
      'Give the path of the .p8 file from App Store Connect > Users and Access > Integrations > In-App Purchase.',
      (v) => loadKeyAnswer(v, cwd, ORIGIN),
      ctx,
    );
    keyPath = loaded.path;
    keyWarnings = loaded.warnings;
  }

  // A text question answered by its flag, else asked and checked by the rule the flag would meet.
  const ask = async (field: TextField, message: string, byDefault: string | undefined, optional = false): Promise<string> =>
    given[field] ??
    (
      await input(
        { message, default: byDefault, validate: (v) => (optional && v.trim() === '' ? true : asPrompt(answerProblem(field, v.trim(), ORIGIN, urlRules))) },
        ctx,
      )
    ).trim();

  const keyId = await ask('keyId', 'Key ID (10 characters, shown next to the key):', keyIdFromPath(keyPath) ?? existing.keyId);
  const issuerId = await ask('issuerId', 'Issuer ID (the UUID above the key list):', existing.issuerId);
  const bundleId = await ask('bundleId', 'Bundle ID of the app (e.g. com.example.app):', existing.bundleId);
  const appAppleId = await ask('appAppleId', 'App Apple ID (numeric, App Information page; optional, Enter to skip):', existing.appAppleId, true);
  const environment: Environment =
    given.environment ??
    (await select<Environment>(
      {
        message: 'Which environment should commands use by default?',
        default: existing.environment === 'production' ? 'production' : 'sandbox',
        choices: [
          { name: 'sandbox (test purchases; works before the first release)', value: 'sandbox' },
          { name: 'production (needs an app released on the App Store)', value: 'production' },
        ],
      },
      ctx,
    ));
  const productionUrl = await ask('productionUrl', 'Production notification URL (optional):', existing.notificationUrls?.production, true);
  const sandboxUrl = await ask('sandboxUrl', 'Sandbox notification URL (optional; if empty, sandbox goes to production):', existing.notificationUrls?.sandbox, true);

  const apiUrl = given.apiUrl ?? existing.apiUrl;
  const asc = await askAscKey(cwd, existing, configPath, given, keyPath, keyId, ask, ctx);
  keyWarnings = [...keyWarnings, ...asc.warnings];
  const answers: InitAnswers = {
    ...asc.answers,
    keyPath,
    keyId,
    issuerId,
    bundleId,
    environment,
    ...(appAppleId ? { appAppleId } : {}),
    ...(productionUrl ? { productionUrl } : {}),
    ...(sandboxUrl ? { sandboxUrl } : {}),
    ...(apiUrl ? { apiUrl } : {}),
  };
  const write = await confirm({ message: `Write ${configPath}?`, default: true }, ctx);
  return { answers, keyWarnings, write };
}

type Ask = (field: TextField, message: string, byDefault: string | undefined, optional?: boolean) => Promise<string>;

/**
 * The optional App Store Connect API key: asked for when none was given or saved, and then its file
 * (AuthKey_*.p8 found here are offered), its key ID (from the file name) and the issuer ID (empty for
 * an individual key). The In-App Purchase key is refused here, as everywhere.
 */
async function askAscKey(
  cwd: string,
  existing: ConfigFile,
  configPath: string,
  given: Partial<InitAnswers>,
  iapKeyPath: string,
  iapKeyId: string,
  ask: Ask,
  ctx: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal },
): Promise<{ answers: Partial<InitAnswers>; warnings: Check[] }> {
  let warnings: Check[] = [];
  let ascKeyPath = given.ascKeyPath;
  if (ascKeyPath === undefined) {
    const saved = existingAscKeyPath(existing, configPath);
    const want = await confirm(
      {
        message: 'Add an App Store Connect API key (AuthKey_<KEYID>.p8) so asn-doctor can read and set the notification URLs? (optional)',
        default: saved !== undefined,
      },
      ctx,
    );
    if (!want) return { answers: {}, warnings };
    const found = await findKeyFiles(cwd, 'app-store-connect');
    const loaded = await askKeyFile(
      'Path of the App Store Connect API key (AuthKey_<KEYID>.p8, from Users and Access > Integrations > App Store Connect API):',
      saved ?? (found[0] ? resolve(cwd, found[0]) : undefined),
      'Give the path of the AuthKey_<KEYID>.p8 file, or press Ctrl-C and run init again without it.',
      (v) => loadAscKeyAnswer(v, cwd, ORIGIN, iapKeyPath),
      ctx,
    );
    ascKeyPath = loaded.path;
    warnings = loaded.warnings;
  }
  const ascKeyId = await ask('ascKeyId', 'App Store Connect key ID (10 characters, shown next to the key):', ascKeyIdFromPath(ascKeyPath) ?? existing.ascKeyId);
  if (ascKeyId === iapKeyId) throw usageErrorFrom('asc.key.is-iap-key', { ascOrigin: 'the App Store Connect key ID', iapOrigin: 'the In-App Purchase key ID' });
  const ascIssuerId = await ask('ascIssuerId', 'Issuer ID of the App Store Connect key (empty for an individual key):', existing.ascIssuerId, true);
  const ascUrl = given.ascUrl ?? existing.ascUrl;
  return { answers: { ascKeyPath, ascKeyId, ...(ascIssuerId ? { ascIssuerId } : {}), ...(ascUrl ? { ascUrl } : {}) }, warnings };
}

/** Asks for a key file until one loads (by `load`, the rule its flag meets); its path and the load's warnings. */
async function askKeyFile(
  message: string,
  byDefault: string | undefined,
  whenEmpty: string,
  load: (value: string) => Promise<{ path: string; warnings: Check[] }>,
  ctx: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal },
): Promise<{ path: string; warnings: Check[] }> {
  let loaded: { path: string; warnings: Check[] } = { path: '', warnings: [] };
  await input(
    {
      message,
      default: byDefault,
      validate: async (value) => {
        const v = value.trim();
        if (v === '') return whenEmpty;
        try {
          loaded = await load(v);
          return true;
        } catch (err) {
          return isAsnError(err) ? promptMessage(err) : String(err);
        }
      },
    },
    ctx,
  );
  return loaded;
}
