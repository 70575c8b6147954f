// init: save credentials and notification URLs to the config file. On a terminal it asks for what the
// flags did not give; without one it takes the flags (and the existing file's values, as the wizard
// offers them) and asks nothing. Either way every value passes the same rules, the folder is proven
// writable before anything is asked, and the file is written whole or not at all.
import type { CommandContext } from '../context.js';
import type { InitOptions } from './define.js';
import { interruptedError, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { checkConfigWritable, configLocation, readConfig, removeCreatedFolders, writeConfig, type ConfigFile } from '../../config/index.js';
import { ExitCode } from '../../errors.js';
import type { Check } from '../../report/check.js';
import {
  answerProblem,
  ascKeyIdFromPath,
  configFrom,
  existingAscKeyPath,
  existingKeyPath,
  INIT_FLAGS,
  keyIdFromPath,
  loadAscKeyAnswer,
  loadKeyAnswer,
  OPTION_KEY,
  REQUIRED,
  type Environment,
  type InitAnswers,
  type InitOutcome,
  type TextField,
  type UrlRules,
} from './answers.js';

export async function run(ctx: CommandContext<InitOptions>): Promise<number> {
  const location = configLocation(ctx.env, { flag: ctx.opts.config, cwd: ctx.cwd });
  // Bad flags first: nothing is created or asked for a value that would be refused anyway.
  const urlRules: UrlRules = { allowPrivate: ctx.opts.allowPrivate === true };
  const given = await answersFromFlags(ctx.opts, ctx.cwd, urlRules);
  // Then the folder: a full disk or a folder that is not ours is found before the first question.
  const createdFolders = await checkConfigWritable(location.path);
  // Prompts go to stderr with --json so stdout stays one JSON document.
  const promptOut = ctx.out.json ? process.stderr : process.stdout;
  const interactive = Boolean(ctx.stdin.isTTY && promptOut.isTTY);
  let written = false;
  try {
    const existing = (await readConfig(location.path, false)) ?? {};
    const outcome = interactive
      ? await ask(ctx, existing, location.path, given.answers, urlRules, promptOut)
      : await withoutTerminal(given.answers, existing, location.path, ctx.cwd, urlRules);
    for (const w of [...given.keyWarnings, ...outcome.keyWarnings]) ctx.out.warnCheck(w);
    if (!outcome.write) {
      ctx.out.line('Nothing written.');
      if (ctx.out.json) ctx.out.result('init', { ok: true, written: false, path: location.path });
      return ExitCode.ok;
    }
    const config = configFrom(outcome.answers);
    await writeConfig(location.path, config);
    written = true;
    printSaved(ctx, location.path, config);
    return ExitCode.ok;
  } finally {
    if (!written) await removeCreatedFolders(createdFolders);
  }
}

async function ask(
  ctx: CommandContext,
  existing: ConfigFile,
  path: string,
  given: Partial<InitAnswers>,
  urlRules: UrlRules,
  promptOut: NodeJS.WriteStream,
): Promise<InitOutcome> {
  const { runWizard } = await import('./wizard.js');
  ctx.out.line(`asn-doctor init: answers are checked as you go and saved to ${path} (mode 600).`);
  ctx.out.line("The file keeps the key's path, never the key itself.");
  try {
    return await runWizard(ctx.cwd, existing, path, given, urlRules, { input: ctx.stdin, output: promptOut, signal: ctx.signal });
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw interruptedError();
    throw err;
  }
}

/** The values given as flags, each checked by the rule its question applies. */
async function answersFromFlags(opts: InitOptions, cwd: string, urlRules: UrlRules): Promise<{ answers: Partial<InitAnswers>; keyWarnings: Check[] }> {
  const flag = (key: keyof InitOptions): string | undefined => {
    const value = opts[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const answers: Partial<InitAnswers> = {};
  let keyWarnings: Check[] = [];
  const key = flag('key');
  if (key !== undefined) {
    const loaded = await loadKeyAnswer(key, cwd, INIT_FLAGS.keyPath);
    answers.keyPath = loaded.path;
    keyWarnings = loaded.warnings;
  }
  for (const field of Object.keys(OPTION_KEY) as TextField[]) {
    const value = flag(OPTION_KEY[field]);
    if (value === undefined) continue;
    const problem = answerProblem(field, value, INIT_FLAGS[field], urlRules);
    if (problem) throw problem;
    if (field === 'environment') answers.environment = value.toLowerCase() as Environment;
    else answers[field] = value;
  }
  const ascKey = flag('ascKey');
  if (ascKey !== undefined) {
    const loaded = await loadAscKeyAnswer(ascKey, cwd, INIT_FLAGS.ascKeyPath, answers.keyPath);
    answers.ascKeyPath = loaded.path;
    keyWarnings = [...keyWarnings, ...loaded.warnings];
  }
  return { answers, keyWarnings };
}

/**
 * No terminal: every question is answered by its flag, or else by the default the wizard would offer
 * (the existing file's value, the key ID in the key's file name, sandbox). Values taken from the
 * existing file go through the same rules; a required value that is nowhere is an error naming its flag.
 */
async function withoutTerminal(given: Partial<InitAnswers>, existing: ConfigFile, path: string, cwd: string, urlRules: UrlRules): Promise<InitOutcome> {
  const origin = `config file ${path}`;
  let keyPath = given.keyPath;
  let keyWarnings: Check[] = [];
  const keyFromFile = existingKeyPath(existing, path);
  if (keyPath === undefined && keyFromFile !== undefined) {
    const loaded = await loadKeyAnswer(keyFromFile, cwd, origin);
    keyPath = loaded.path;
    keyWarnings = loaded.warnings;
  }
  const merged: Partial<InitAnswers> = {
    keyPath,
    keyId: given.keyId ?? (keyPath ? keyIdFromPath(keyPath) : undefined) ?? existing.keyId,
    issuerId: given.issuerId ?? existing.issuerId,
    bundleId: given.bundleId ?? existing.bundleId,
    appAppleId: given.appAppleId ?? existing.appAppleId,
    environment: given.environment ?? (existing.environment === 'production' ? 'production' : 'sandbox'),
    productionUrl: given.productionUrl ?? existing.notificationUrls?.production,
    sandboxUrl: given.sandboxUrl ?? existing.notificationUrls?.sandbox,
    apiUrl: given.apiUrl ?? existing.apiUrl,
  };
  // The App Store Connect key is optional: taken from the flags, else kept from the file.
  const ascFromFile = existingAscKeyPath(existing, path);
  let ascKeyPath = given.ascKeyPath;
  if (ascKeyPath === undefined && ascFromFile !== undefined) {
    const loaded = await loadAscKeyAnswer(ascFromFile, cwd, origin, keyPath);
    ascKeyPath = loaded.path;
    keyWarnings = [...keyWarnings, ...loaded.warnings];
  }
  Object.assign(merged, {
    ascKeyPath,
    ascKeyId: given.ascKeyId ?? (ascKeyPath ? ascKeyIdFromPath(ascKeyPath) : undefined) ?? existing.ascKeyId,
    ascIssuerId: given.ascIssuerId ?? existing.ascIssuerId,
    ascUrl: given.ascUrl ?? existing.ascUrl,
  });
  // The In-App Purchase key may have come from the file: the App Store Connect key given now must not be it.
  if (given.ascKeyPath !== undefined && given.keyPath === undefined && keyPath !== undefined) await loadAscKeyAnswer(given.ascKeyPath, cwd, INIT_FLAGS.ascKeyPath, keyPath);
  if (merged.ascKeyId !== undefined && merged.ascKeyId === merged.keyId) {
    throw usageErrorFrom('asc.key.is-iap-key', { ascOrigin: INIT_FLAGS.ascKeyId, iapOrigin: INIT_FLAGS.keyId });
  }
  const missing = REQUIRED.filter((f) => merged[f] === undefined);
  // Without a key file there is no file name to take the key ID from: --key-id is then one of the options.
  if (merged.keyPath !== undefined && merged.keyId === undefined) missing.push('keyId');
  if (merged.ascKeyPath !== undefined && merged.ascKeyId === undefined) missing.push('ascKeyId');
  if (merged.ascKeyPath === undefined && (given.ascKeyId !== undefined || given.ascIssuerId !== undefined)) missing.push('ascKeyPath');
  if (missing.length > 0) {
    const optional = (Object.keys(INIT_FLAGS) as (keyof InitAnswers)[]).filter((f) => !missing.includes(f) && !(f in given) && !REQUIRED.includes(f));
    throw usageErrorFrom('init.no-tty', { missing: missing.map((f) => INIT_FLAGS[f]).join(', '), optional: [...optional.map((f) => INIT_FLAGS[f]), '--config'].join(', ') });
  }
  // The existing file's values are the wizard's defaults, and a default passes the same rules as an answer.
  for (const field of ['keyId', 'issuerId', 'bundleId', 'appAppleId', 'productionUrl', 'sandboxUrl', 'ascKeyId', 'ascIssuerId'] as const) {
    const value = merged[field];
    const problem = field in given || value === undefined ? undefined : answerProblem(field, value, origin, urlRules);
    if (problem) throw problem;
  }
  const answers = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined && v !== '')) as unknown as InitAnswers;
  return { answers, keyWarnings, write: true };
}

function printSaved(ctx: CommandContext, path: string, config: ConfigFile): void {
  if (ctx.out.json) {
    ctx.out.result('init', { ok: true, written: true, path, config });
    return;
  }
  ctx.out.line(ctx.out.c.green(`Saved ${path} (mode 600).`));
  ctx.out.line('Next:');
  ctx.out.line('  asn-doctor token                 # sign a token with these credentials');
  ctx.out.line('  asn-doctor send-test             # ask Apple for a TEST notification');
  if (config.ascPrivateKeyPath) ctx.out.line('  asn-doctor urls                  # the notification URLs App Store Connect has');
  const url = config.notificationUrls?.sandbox ?? config.notificationUrls?.production;
  if (url) ctx.out.line(`  asn-doctor check-url ${url}`);
}
