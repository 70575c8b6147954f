// One parser per kind of option value. commander calls them while it reads the command line, so a bad
// value ends the command before anything runs (exit 2). They stay light: define modules import them at
// `--help` time, so they throw an OptionValueError naming a registry entry, and cli.ts words it.
import { parseBareNumber, parseDuration } from '../../util/duration.js';
import { environmentIn } from '../../util/environment.js';

export { API_ENVIRONMENTS, APPLE_ENVIRONMENT_NAME, PAYLOAD_ENVIRONMENTS } from '../../util/environment.js';

/** The registry entries an option parser can raise (src/report/diagnostics/options.ts, and auth.token.ttl). */
export type OptionErrorId =
  | 'option.environment'
  | 'option.seconds'
  | 'option.seconds.too-long'
  | 'option.seconds.zero'
  | 'option.integer'
  | 'option.positive-number'
  | 'option.url'
  | 'option.empty-path'
  | 'option.uuid'
  | 'auth.token.ttl'
  | 'auth.format.app-apple-id'
  | 'decode.bad-at';

/** The notes an option can leave for the command to print (deprecated spellings). */
export type OptionNoteId = 'option.deprecated.flag' | 'option.deprecated.timeout-ms';

export type OptionVars = Record<string, string | number>;

/** A value commander read that the option does not accept: becomes a UsageError (exit 2) in cli.ts. */
export class OptionValueError extends Error {
  constructor(
    readonly id: OptionErrorId,
    readonly vars: OptionVars,
  ) {
    super(id);
    this.name = 'OptionValueError';
  }
}

const notes: { id: OptionNoteId; vars: OptionVars }[] = [];

/** Notes left while parsing (one per deprecated spelling used); taken once, by the command that runs. */
export function takeOptionNotes(): { id: OptionNoteId; vars: OptionVars }[] {
  return notes.splice(0);
}

function note(id: OptionNoteId, vars: OptionVars): void {
  if (!notes.some((n) => n.id === id && JSON.stringify(n.vars) === JSON.stringify(vars))) notes.push({ id, vars });
}

/** A deprecated spelling of a flag was used: say so once (the value is parsed as the new flag's). */
export function noteDeprecatedFlag(old: string, current: string): void {
  note('option.deprecated.flag', { old, new: current });
}

// ---- environment --------------------------------------------------------------------------------

/** `sandbox`/`production` (and, for payloads, `xcode`) in any case, as the lower-case name. */
export function parseEnvironment<E extends string>(text: string, allowed: readonly E[], flag: string): E {
  const found = environmentIn(text, allowed);
  if (found !== undefined) return found;
  // localtesting is accepted but not advertised: Apple documents it for StoreKit testing only.
  const shown = allowed.filter((e) => e !== 'localtesting');
  throw new OptionValueError('option.environment', { flag, value: text, choices: orList(shown) });
}

// ---- times --------------------------------------------------------------------------------------

export interface SecondsRule {
  flag: string;
  /** Largest value, in seconds. */
  maxSeconds: number;
  /** 0 is refused: a time limit of nothing. */
  positive: boolean;
  /** Shown in the fix: a typical value in seconds. */
  example: string;
}

/**
 * A time given in seconds (`10`, `2.5`) or with a unit (`1500ms`, `15s`, `2m`), as milliseconds.
 * Every time option reads its value this way: --timeout, --wait, --poll-interval, --forward-timeout.
 */
export function parseSeconds(text: string, rule: SecondsRule): number {
  const value = text.trim();
  const bare = parseBareNumber(value);
  const ms = bare === undefined ? parseDuration(value) : Math.round(bare * 1000);
  if (ms === undefined) throw new OptionValueError('option.seconds', { flag: rule.flag, value, example: rule.example });
  if (ms > rule.maxSeconds * 1000) throw new OptionValueError('option.seconds.too-long', { flag: rule.flag, value, max: rule.maxSeconds, example: rule.example });
  if (ms === 0 && rule.positive) throw new OptionValueError('option.seconds.zero', { flag: rule.flag, value, example: rule.example });
  return ms;
}

/**
 * trigger's --timeout was in milliseconds before it joined the others in seconds. For one release a
 * bare number above the seconds limit is read as milliseconds, as it used to be, with a note; a bare
 * number within the limit is seconds, and a value with a unit says what it means.
 */
export function parseSecondsOrLegacyMs(text: string, rule: SecondsRule): number {
  const bare = parseBareNumber(text);
  if (bare !== undefined && bare > rule.maxSeconds && Number.isInteger(bare)) {
    const shown = bare % 1000 === 0 ? `${bare / 1000}` : `${bare}ms`;
    note('option.deprecated.timeout-ms', { flag: rule.flag, value: text.trim(), shown });
    return parseSeconds(`${bare}ms`, rule);
  }
  return parseSeconds(text, rule);
}

// ---- numbers ------------------------------------------------------------------------------------

/** A whole number from min to max. */
export function parseInteger(text: string, flag: string, min: number, max: number): number {
  const value = text.trim();
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw new OptionValueError('option.integer', { flag, value, min, max });
  return n;
}

/** A number above 0, fractions allowed (the emulator's --time-scale). */
export function parsePositiveNumber(text: string, flag: string, example: string): number {
  const n = parseBareNumber(text);
  if (n === undefined || n <= 0) throw new OptionValueError('option.positive-number', { flag, value: text.trim(), example });
  return n;
}

// ---- URLs and files -----------------------------------------------------------------------------

/**
 * An absolute http:// or https:// URL, returned as given (trimmed). What a command then requires of it
 * (https only, loopback for http, public names) is the command's rule, checked where it applies.
 */
export function parseHttpUrl(text: string, flag: string, example: string): string {
  const value = text.trim();
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new OptionValueError('option.url', { flag, value, example });
  }
  return value;
}

/**
 * A file or folder path (a key file, a root or CA certificate, a state folder). Only its presence is
 * checked here; the file is read by the command, whose errors say why it cannot be used.
 */
export function parsePath(text: string, flag: string, example: string): string {
  if (text.trim() === '') throw new OptionValueError('option.empty-path', { flag, example });
  return text;
}

/** A UUID (e.g. an appAccountToken), in the lower case Apple's payloads show. */
export function parseUuid(text: string, flag: string): string {
  const value = text.trim();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new OptionValueError('option.uuid', { flag, value: value.slice(0, 80) });
  return value.toLowerCase();
}

/** A repeatable option: each occurrence parsed, the values kept in order. */
export function repeatable<T>(parse: (text: string) => T): (text: string, previous: T[] | undefined) => T[] {
  return (text, previous) => [...(previous ?? []), parse(text)];
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
