// Every option a command can take, declared once: its flags, the parser that turns the text into the
// value run() receives (and so its type), its default, its environment variable and its help. Commands
// add them with `.addOption(…)`; their help text may be said in the command's own words.
// Light on purpose: define modules import this at `--help` time (no registry, no undici, no x509).
import { Option as RawOption } from 'commander';
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { isAppAppleId } from '../../auth/formats.js';
import type { OptionsOf } from '../context.js';
import {
  API_ENVIRONMENTS,
  noteDeprecatedFlag,
  OptionValueError,
  PAYLOAD_ENVIRONMENTS,
  parseEnvironment,
  parseHttpUrl,
  parseInteger,
  parsePath,
  parseUuid,
  parseSeconds,
  parseSecondsOrLegacyMs,
  repeatable,
  type SecondsRule,
} from './parse.js';

export { APPLE_ENVIRONMENT_NAME } from './parse.js';

/** The most a single time limit (--timeout, --forward-timeout) may be: ten minutes. */
export const MAX_TIMEOUT_SECONDS = 600;
/** The most a wait (--wait, --poll-interval) may be: a month. */
export const MAX_WAIT_SECONDS = 86_400 * 31;
/** The API commands' request limit when --timeout is not given. */
export const DEFAULT_API_TIMEOUT_SECONDS = 30;

/** "(env ASN_X)" at the end of a description, where a variable can give the value instead. */
function withEnvVar(help: string, envVar: string | undefined): string {
  return envVar ? `${help} (env ${envVar})` : help;
}

// ---- the environment ----------------------------------------------------------------------------

/** `--env sandbox|production`, parsed in any case to the lower-case name. */
export function envOption(help = 'sandbox or production', envVar?: string) {
  return new Option('--env <environment>', withEnvVar(help, envVar)).argParser((v) => parseEnvironment(v, API_ENVIRONMENTS, '--env'));
}

/** decode's `--env`: a payload can also come from Xcode's StoreKit testing. */
export function payloadEnvOption(help: string) {
  return new Option('--env <environment>', help).argParser((v) => parseEnvironment(v, PAYLOAD_ENVIRONMENTS, '--env'));
}

/**
 * `--environment`, the old spelling of `--env` (decode and trigger had it): hidden from help, stored as
 * `env` (commander keys every value by the option's attributeName()), and noted as deprecated. Added
 * untyped, so the command's options type has only `env`.
 */
function addEnvironmentAlias(cmd: object, allowed: readonly string[]): void {
  const alias = new RawOption('--environment <environment>').hideHelp();
  alias.attributeName = () => 'env';
  alias.argParser((v: string) => {
    noteDeprecatedFlag('--environment', '--env');
    return parseEnvironment(v, allowed, '--environment');
  });
  (cmd as unknown as { addOption(o: RawOption): unknown }).addOption(alias);
}

/** Adds `--env` (sandbox or production) and its deprecated `--environment` alias. */
export function withEnv<A extends unknown[], O extends OptionValues, G extends OptionValues, P, D, C, M extends boolean, Ch>(
  cmd: Command<A, O, G>,
  env: Option<'--env <environment>', P, D, C, M, Ch>,
) {
  const typed = cmd.addOption(env);
  addEnvironmentAlias(typed, API_ENVIRONMENTS);
  return typed;
}

/** Adds decode's `--env` (with xcode) and its deprecated `--environment` alias. */
export function withPayloadEnv<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, help: string) {
  const typed = cmd.addOption(payloadEnvOption(help));
  addEnvironmentAlias(typed, PAYLOAD_ENVIRONMENTS);
  return typed;
}

// ---- times --------------------------------------------------------------------------------------

function secondsRule(flag: string, maxSeconds: number, positive: boolean, example: string): SecondsRule {
  return { flag, maxSeconds, positive, example };
}

/**
 * `--timeout <seconds>`: a time limit in seconds (`10`, `2.5`) or with a unit (`1500ms`, `15s`, `2m`),
 * up to ten minutes; the value is milliseconds. `legacyMs`: a bare number above the limit is read as
 * milliseconds, with a note (trigger's --timeout was in milliseconds before).
 */
export function timeoutOption<const D extends number>(help: string, defaultSeconds: D, opts: { legacyMs?: boolean } = {}) {
  const rule = secondsRule('--timeout', MAX_TIMEOUT_SECONDS, true, String(defaultSeconds));
  const parse = opts.legacyMs ? parseSecondsOrLegacyMs : parseSeconds;
  return new Option('--timeout <seconds>', help).argParser((v) => parse(v, rule)).default(defaultSeconds * 1000, String(defaultSeconds));
}

/** A time to wait, in seconds or with a unit, 0 allowed, up to a month; the value is milliseconds. */
export function waitOption<const F extends `--${string} <seconds>`>(flags: F, help: string, example: string) {
  const flag = flags.split(' ')[0]!;
  return new Option(flags, help).argParser((v) => parseSeconds(v, secondsRule(flag, MAX_WAIT_SECONDS, false, example)));
}

/**
 * A time limit other than --timeout, read like it (seconds or a unit, up to ten minutes; the value is
 * milliseconds): listen's --forward-timeout, replay's --delivery-timeout.
 */
export function timeLimitOption<const F extends `--${string} <seconds>`>(flags: F, help: string, defaultSeconds: number) {
  const rule = secondsRule(flags.split(' ')[0]!, MAX_TIMEOUT_SECONDS, true, String(defaultSeconds));
  return new Option(flags, help).argParser((v) => parseSeconds(v, rule)).default(defaultSeconds * 1000, String(defaultSeconds));
}

/** listen's --forward-timeout: a time limit like --timeout, for the handler it forwards to. */
export function forwardTimeoutOption(help: string, defaultSeconds: number) {
  return timeLimitOption('--forward-timeout <seconds>', help, defaultSeconds);
}

// ---- numbers ------------------------------------------------------------------------------------

/** A TCP port; `min` 0 where 0 means "pick a free one". */
export function portOption<const D extends number>(help: string, defaultPort: D, min: 0 | 1) {
  return new Option('--port <port>', help).argParser((v) => parseInteger(v, '--port', min, 65_535)).default(defaultPort, String(defaultPort));
}

/** A whole number from min to max, e.g. listen's --respond and --max-body, history's --limit. */
export function integerOption<const F extends `--${string} <${string}>`>(flags: F, help: string, min: number, max: number) {
  const flag = flags.split(' ')[0]!;
  return new Option(flags, help).argParser((v) => parseInteger(v, flag, min, max));
}

/** token's --ttl: minutes, 1 to 60 (Apple refuses a token that lives longer). */
export function ttlOption() {
  return new Option('--ttl <minutes>', 'lifetime in minutes, 1 to 60')
    .argParser((v) => {
      const text = v.trim();
      if (!/^\d{1,9}$/.test(text) || Number(text) < 1 || Number(text) > 60) throw new OptionValueError('auth.token.ttl', { ttl: text });
      return Number(text);
    })
    .default(5, '5');
}

// ---- URLs, files and folders --------------------------------------------------------------------

/** An http(s) URL flag; what else the command requires of it is checked where it applies. */
export function urlOption<const F extends `--${string} <${string}>`>(flags: F, help: string, example: string) {
  const flag = flags.split(' ')[0]!;
  return new Option(flags, help).argParser((v) => parseHttpUrl(v, flag, example));
}

/** A repeatable option whose values are kept as given (check-url --resolve, emulator --fault). */
export function listOption<const F extends `--${string} <${string}>`>(flags: F, help: string) {
  return new Option(flags, help).argParser(repeatable((v) => v));
}

/** `--root <file>`: an extra trust anchor for verifying signed payloads (DER or PEM); repeatable. */
export function rootOption(help = 'extra trust anchor for verifying payloads (DER or PEM), e.g. the emulator CA; repeatable') {
  return new Option('--root <file>', help).argParser(repeatable((v) => parsePath(v, '--root', 'emulator-root-ca.pem')));
}

/** `--ca <file>`: a CA (PEM) to trust for an https:// receiver; repeatable. */
export function caOption(help: string) {
  return new Option('--ca <file>', help).argParser(repeatable((v) => parsePath(v, '--ca', 'dev-ca.pem')));
}

/** A file or folder the command reads or keeps state in. */
export function pathOption<const F extends `${string}--${string} <${string}>`>(flags: F, help: string, example: string) {
  const flag = /--[\w-]+/.exec(flags)![0];
  return new Option(flags, help).argParser((v) => parsePath(v, flag, example));
}

/** `--state-dir <dir>`: where the emulator or listen keeps its local CA and keys. */
export function stateDirOption(help: string, defaultShown: string) {
  return pathOption('--state-dir <dir>', help, '~/.config/asn-doctor/emulator').default(undefined, defaultShown);
}

// ---- identifiers --------------------------------------------------------------------------------

export function issuerIdOption(help: string, envVar?: string) {
  return new Option('--issuer-id <uuid>', withEnvVar(help, envVar));
}

export function keyIdOption(help: string, envVar?: string) {
  return new Option('--key-id <id>', withEnvVar(help, envVar));
}

export function bundleIdOption(help: string, envVar?: string) {
  return new Option('--bundle-id <id>', withEnvVar(help, envVar));
}

/** The numeric Apple ID of the app; checked here, kept as text (JSON and the API carry it as given). */
export function appAppleIdOption(help: string, envVar?: string) {
  return new Option('--app-apple-id <id>', withEnvVar(help, envVar)).argParser((v) => {
    const value = v.trim();
    if (!isAppAppleId(value)) throw new OptionValueError('auth.format.app-apple-id', { value: value.slice(0, 80), origin: '--app-apple-id' });
    return value;
  });
}

export function subtypeOption(help: string) {
  return new Option('--subtype <subtype>', help);
}

export function transactionIdOption(help: string) {
  return new Option('--transaction-id <id>', help);
}

/** `--app-account-token <uuid>`: the UUID an app passes at purchase, as it appears in the transaction. */
export function appAccountTokenOption(help: string) {
  return new Option('--app-account-token <uuid>', help).argParser((v) => parseUuid(v, '--app-account-token'));
}

export function allowPrivateOption(help: string) {
  return new Option('--allow-private', help);
}

export function verboseOption(help: string) {
  return new Option('-v, --verbose', help);
}

/** doctor's and init's notification URLs: checked by check-url's URL rules where they are used. */
export function notificationUrlOptions(productionHelp: string, sandboxHelp: string) {
  return [new Option('--production-url <url>', productionHelp), new Option('--sandbox-url <url>', sandboxHelp)] as const;
}

// ---- the groups several commands share ----------------------------------------------------------

/** The In-App Purchase key's three values: issuer ID, key ID and the key (`note` says what they are for here). */
function withIapKeyOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, note = '') {
  return cmd
    .addOption(issuerIdOption(`issuer ID from App Store Connect, Users and Access > Integrations${note}`, 'ASN_ISSUER_ID'))
    .addOption(keyIdOption(`ID of the In-App Purchase key, 10 characters${note}`, 'ASN_KEY_ID'))
    .addOption(new Option('--key <path>', `the In-App Purchase key file SubscriptionKey_<KEYID>.p8${note} (env ASN_PRIVATE_KEY_PATH, or ASN_PRIVATE_KEY with the PEM text)`));
}

/** Which app: its bundle ID and its numeric Apple ID. */
function withAppOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .addOption(bundleIdOption("your app's bundle ID, e.g. com.example.app", 'ASN_BUNDLE_ID'))
    .addOption(appAppleIdOption("your app's numeric Apple ID", 'ASN_APP_APPLE_ID'));
}

function apiUrlOption() {
  return new Option('--api-url <url>', "App Store Server API base URL, e.g. the emulator's (env ASN_API_URL)");
}

function configOption() {
  return new Option('--config <path>', 'config file (env ASN_CONFIG)').default(undefined, '~/.config/asn-doctor/config.json');
}

/**
 * The credentials for calling Apple (token, send-test, test-status, history, init, doctor). Only the
 * flags are read here: which of flag, ASN_* variable and config file wins, and the format of each
 * value wherever it came from, are decided in one place, src/auth/credentials.ts.
 */
export function withCredentialOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  const withIds = withAppOptions(withIapKeyOptions(cmd));
  return withEnv(withIds, envOption('sandbox or production', 'ASN_ENVIRONMENT').default(undefined, 'sandbox')).addOption(apiUrlOption()).addOption(configOption());
}

/**
 * The App Store Connect API key, the other kind of key (docs/apple/tokens.md#app-store-connect-api-token):
 * it reads and sets an app's notification URLs. Resolved like the others, in src/auth/credentials.ts.
 */
export function withAscOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .addOption(new Option('--asc-issuer-id <uuid>', 'issuer ID of the App Store Connect API key; leave it out for an individual key (env ASN_ASC_ISSUER_ID)'))
    .addOption(new Option('--asc-key-id <id>', 'ID of the App Store Connect API key (env ASN_ASC_KEY_ID)').default(undefined, 'from AuthKey_<KEYID>.p8'))
    .addOption(new Option('--asc-key <path>', 'the App Store Connect API key file AuthKey_<KEYID>.p8 (env ASN_ASC_PRIVATE_KEY_PATH, or ASN_ASC_PRIVATE_KEY with the PEM text)'))
    .addOption(urlOption('--asc-url <url>', "App Store Connect API base URL, e.g. the emulator's (env ASN_ASC_URL)", 'http://127.0.0.1:8760/asc'));
}

/**
 * What `urls`, `urls set` and `urls check` take: the App Store Connect key and the app, and for --send
 * the In-App Purchase key and the App Store Server API URL (send-test's credentials).
 */
export function withUrlsOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return withIapKeyOptions(withAppOptions(withAscOptions(cmd)), ' (for --send)')
    .addOption(apiUrlOption())
    .addOption(configOption())
    .addOption(timeoutOption('limit for each HTTP request', DEFAULT_API_TIMEOUT_SECONDS));
}

/**
 * What history and replay select from Get Notification History: the window (--since, --until) and the
 * filters. Declared once, so both commands read and explain them alike; their rules (the environment's
 * window, --type or --transaction-id, --subtype needs --type) are checked in src/api/history.ts.
 */
export function withHistoryFilterOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return (
    cmd
      // The window is checked against the environment's history limit once credentials say which one it is.
      .addOption(new Option('--since <when>', 'start: a duration back from now (24h, 7d, 2w), an ISO 8601 date or date-time, or epoch ms').default(undefined, '7d'))
      .addOption(new Option('--until <when>', 'end, same forms').default(undefined, 'now'))
      .addOption(new Option('--type <type>', 'only this notificationType, e.g. SUBSCRIBED (not with --transaction-id)'))
      .addOption(subtypeOption('only this subtype, e.g. INITIAL_BUY (needs --type)'))
      .addOption(transactionIdOption("only this customer's notifications: any of their transaction IDs (not with --type)"))
      .addOption(new Option('--only-failures', 'only notifications that did not reach your server (including ones still being retried)'))
  );
}

/** What send-test, test-status and history add for the API: the request time limit and extra roots. */
export function withApiOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.addOption(timeoutOption('limit for each HTTP request to the API', DEFAULT_API_TIMEOUT_SECONDS)).addOption(rootOption());
}

/** The flags of `urls` and its subcommands, as run() receives them. */
export type UrlsCommonOptions = OptionsOf<ReturnType<typeof withUrlsOptions<[], {}, {}>>>;
/** The credential flags as run() receives them (passed on to src/auth/credentials.ts). */
export type CredentialOptions = OptionsOf<ReturnType<typeof withCredentialOptions<[], {}, {}>>>;
/** The window and filters of Get Notification History as run() receives them (history, replay). */
export type HistoryFilterOptions = OptionsOf<ReturnType<typeof withHistoryFilterOptions<[], {}, {}>>>;
/** What every API command (send-test, test-status, history) receives: credentials, --timeout, --root. */
export type ApiCommandOptions = CredentialOptions & OptionsOf<ReturnType<typeof withApiOptions<[], {}, {}>>>;
