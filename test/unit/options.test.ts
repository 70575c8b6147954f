// The option parsers (src/commands/options/parse.ts), one per kind of value, and the declarations that
// use them, read through the real commands' definitions: good values become the typed values run()
// receives; a bad one is refused with the registry's wording and exit 2; old spellings still work,
// with a note. In-process: commander parses, nothing runs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { buildProgram, reportError } from '../../src/cli.js';
import {
  API_ENVIRONMENTS,
  OptionValueError,
  PAYLOAD_ENVIRONMENTS,
  parseEnvironment,
  parseHttpUrl,
  parseInteger,
  parsePath,
  parsePositiveNumber,
  parseSeconds,
  parseSecondsOrLegacyMs,
  repeatable,
  takeOptionNotes,
  type SecondsRule,
} from '../../src/commands/options/parse.js';
import { parseDuration } from '../../src/util/duration.js';
import { parseTimeSpec } from '../../src/api/history.js';
import { parseRateLimit } from '../../src/emulator/server/rate-limit.js';
import { diagnostic } from '../../src/report/diagnostics/index.js';
import { usageErrorFrom } from '../../src/report/diagnostics/errors.js';
import { ExitCode } from '../../src/errors.js';

const TIMEOUT: SecondsRule = { flag: '--timeout', maxSeconds: 600, positive: true, example: '10' };
const WAIT: SecondsRule = { flag: '--wait', maxSeconds: 86_400 * 31, positive: false, example: '120' };

/** The parser's refusal as the user sees it: the registry's message and fix, and the exit code. */
function refusal(parse: () => unknown): { code: string; message: string; fix?: string; exitCode: number } {
  try {
    parse();
  } catch (err) {
    if (!(err instanceof OptionValueError)) throw err;
    const e = usageErrorFrom(err.id, err.vars);
    return { code: e.code, message: e.message, ...(e.fix ? { fix: e.fix } : {}), exitCode: e.exitCode };
  }
  throw new Error('the value was accepted');
}

/** The command's options after commander read `argv` with the real definition (parsers included). */
function parsed(name: string, argv: string[]): Record<string, unknown> {
  let cmd: CommandUnknownOpts = buildProgram();
  for (const n of name.split(' ')) cmd = cmd.commands.find((c) => c.name() === n)!;
  cmd.parseOptions(argv);
  return cmd.opts();
}

afterEach(() => {
  takeOptionNotes();
  vi.restoreAllMocks();
});

describe('environment', () => {
  it('reads sandbox and production in any case, as the lower-case name', () => {
    expect(parseEnvironment('Sandbox', API_ENVIRONMENTS, '--env')).toBe('sandbox');
    expect(parseEnvironment(' PRODUCTION ', API_ENVIRONMENTS, '--env')).toBe('production');
    expect(parseEnvironment('xcode', PAYLOAD_ENVIRONMENTS, '--env')).toBe('xcode');
  });

  it('refuses anything else, naming the choices (xcode only where a payload is meant)', () => {
    expect(refusal(() => parseEnvironment('staging', API_ENVIRONMENTS, '--env'))).toEqual({
      code: 'option.environment',
      message: '--env staging is not sandbox or production',
      fix: 'Use --env sandbox or production.',
      exitCode: ExitCode.usage,
    });
    expect(refusal(() => parseEnvironment('xcode', API_ENVIRONMENTS, '--env')).message).toBe('--env xcode is not sandbox or production');
    expect(refusal(() => parseEnvironment('dev', PAYLOAD_ENVIRONMENTS, '--env')).message).toBe('--env dev is not sandbox, production or xcode');
  });
});

describe('durations and times', () => {
  it('one duration reader: ms, s, m, h, d, w, fractions, any case', () => {
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('7D')).toBe(7 * 86_400_000);
    expect(parseDuration('2 w')).toBe(14 * 86_400_000);
    for (const bad of ['15', 's', '1.5.2s', '-1s', '10 minutes', '']) expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('history’s window and the emulator’s rate limits read durations with the same reader', () => {
    const NOW = Date.parse('2026-11-26T12:00:00Z');
    expect(parseTimeSpec('1.5d', NOW, '--since')).toBe(NOW - 36 * 3_600_000);
    expect(parseTimeSpec('90m', NOW, '--since')).toBe(NOW - 90 * 60_000);
    expect(parseRateLimit('2/1500ms')).toEqual({ limit: 2, windowMs: 1500 });
    expect(parseRateLimit('2/1d')).toEqual({ limit: 2, windowMs: 86_400_000 });
    expect(parseRateLimit('5')).toEqual({ limit: 5, windowMs: 3_600_000 });
    expect(parseRateLimit('2/0s')).toBeUndefined();
    expect(parseRateLimit('2/soon')).toBeUndefined();
  });

  it('a time is seconds (fractions allowed) or a number with a unit, as milliseconds', () => {
    expect(parseSeconds('10', TIMEOUT)).toBe(10_000);
    expect(parseSeconds('2.5', TIMEOUT)).toBe(2500);
    expect(parseSeconds('1500ms', TIMEOUT)).toBe(1500);
    expect(parseSeconds('15s', TIMEOUT)).toBe(15_000);
    expect(parseSeconds('2m', TIMEOUT)).toBe(120_000);
    expect(parseSeconds('0', WAIT)).toBe(0);
  });

  it('refuses what is not a time, a time limit of 0, and more than the limit allows', () => {
    expect(refusal(() => parseSeconds('soon', TIMEOUT))).toEqual({
      code: 'option.seconds',
      message: '--timeout soon is not a number of seconds',
      fix: 'Pass seconds, e.g. --timeout 10, or a number with a unit: 1500ms, 90s, 2m.',
      exitCode: 2,
    });
    expect(refusal(() => parseSeconds('-5', TIMEOUT)).code).toBe('option.seconds');
    expect(refusal(() => parseSeconds('0', TIMEOUT))).toMatchObject({ code: 'option.seconds.zero', message: '--timeout 0: a time limit must be more than 0' });
    expect(refusal(() => parseSeconds('601', TIMEOUT))).toMatchObject({ code: 'option.seconds.too-long', message: '--timeout 601 is more than 600 seconds' });
    expect(refusal(() => parseSeconds('11m', TIMEOUT)).code).toBe('option.seconds.too-long');
    expect(refusal(() => parseSeconds('32d', WAIT)).code).toBe('option.seconds.too-long');
  });

  it('trigger’s old milliseconds: a bare number above the limit is read as ms, with a note; within it, seconds', () => {
    expect(parseSecondsOrLegacyMs('15000', TIMEOUT)).toBe(15_000);
    expect(parseSecondsOrLegacyMs('1500', TIMEOUT)).toBe(1500);
    const notes = takeOptionNotes();
    expect(notes.map((n) => diagnostic(n.id, n.vars).title)).toEqual([
      '--timeout 15000 read as milliseconds, as before; --timeout is in seconds now: write --timeout 15',
      '--timeout 1500 read as milliseconds, as before; --timeout is in seconds now: write --timeout 1500ms',
    ]);
    expect(parseSecondsOrLegacyMs('600', TIMEOUT)).toBe(600_000);
    expect(parseSecondsOrLegacyMs('15s', TIMEOUT)).toBe(15_000);
    expect(takeOptionNotes()).toEqual([]);
    // Still bounded: an hour in milliseconds is more than trigger's limit.
    expect(refusal(() => parseSecondsOrLegacyMs('3600000', TIMEOUT)).code).toBe('option.seconds.too-long');
  });
});

describe('numbers, URLs, paths, lists', () => {
  it('whole numbers within bounds', () => {
    expect(parseInteger('443', '--port', 1, 65_535)).toBe(443);
    expect(parseInteger(' 0 ', '--port', 0, 65_535)).toBe(0);
    expect(refusal(() => parseInteger('0', '--port', 1, 65_535))).toEqual({
      code: 'option.integer',
      message: '--port must be a whole number from 1 to 65535, not 0',
      fix: 'Pass a whole number from 1 to 65535.',
      exitCode: 2,
    });
    for (const bad of ['1.5', '-1', 'http', '65536', '']) expect(refusal(() => parseInteger(bad, '--port', 1, 65_535)).code, bad).toBe('option.integer');
  });

  it('positive numbers', () => {
    expect(parsePositiveNumber('3600', '--time-scale', '3600')).toBe(3600);
    expect(parsePositiveNumber('0.5', '--time-scale', '3600')).toBe(0.5);
    expect(refusal(() => parsePositiveNumber('0', '--time-scale', '3600')).message).toBe('--time-scale 0 is not a positive number');
  });

  it('http(s) URLs only, kept as given', () => {
    expect(parseHttpUrl(' https://example.com/asn ', '--to', 'x')).toBe('https://example.com/asn');
    expect(parseHttpUrl('http://127.0.0.1:8080', '--to', 'x')).toBe('http://127.0.0.1:8080');
    expect(refusal(() => parseHttpUrl('ftp://example.com/', '--to', 'https://example.com/asn'))).toEqual({
      code: 'option.url',
      message: '--to ftp://example.com/ is not an http:// or https:// URL',
      fix: 'Give the full URL, e.g. --to https://example.com/asn.',
      exitCode: 2,
    });
    for (const bad of ['example.com/asn', 'http://', 'notaurl']) expect(refusal(() => parseHttpUrl(bad, '--to', 'x')).code, bad).toBe('option.url');
  });

  it('paths must name something; repeatable options keep every value in order', () => {
    expect(parsePath('./key.p8', '--key-file', 'x')).toBe('./key.p8');
    expect(refusal(() => parsePath('  ', '--root', 'emulator-root-ca.pem'))).toMatchObject({ code: 'option.empty-path', message: '--root was given an empty path' });
    const collect = repeatable((v) => v.toUpperCase());
    expect(collect('b', collect('a', undefined))).toEqual(['A', 'B']);
  });
});

describe('the declarations, read by the real commands', () => {
  it('every --timeout is seconds, parsed to milliseconds, with its default', () => {
    expect(parsed('check-url', [])).toMatchObject({ timeout: 10_000 });
    expect(parsed('check-url', ['--timeout', '2.5'])).toMatchObject({ timeout: 2500 });
    expect(parsed('doctor', ['--timeout', '1500ms'])).toMatchObject({ timeout: 1500 });
    expect(parsed('history', [])).toMatchObject({ timeout: 30_000 });
    expect(parsed('trigger', [])).toMatchObject({ timeout: 15_000, env: 'sandbox' });
    expect(parsed('trigger', ['--timeout', '20'])).toMatchObject({ timeout: 20_000 });
    expect(parsed('listen', ['--forward-timeout', '2m'])).toMatchObject({ forwardTimeout: 120_000 });
  });

  it('--env everywhere; --environment is its hidden alias, with a one-line note', () => {
    expect(parsed('send-test', ['--env', 'Production'])).toMatchObject({ env: 'production' });
    expect(parsed('decode', ['--env', 'xcode'])).toMatchObject({ env: 'xcode' });
    expect(takeOptionNotes()).toEqual([]);
    const viaAlias = parsed('trigger', ['--environment', 'production']);
    expect(viaAlias).toMatchObject({ env: 'production' });
    expect(viaAlias).not.toHaveProperty('environment');
    expect(parsed('decode', ['--environment', 'xcode'])).toMatchObject({ env: 'xcode' });
    expect(takeOptionNotes().map((n) => diagnostic(n.id, n.vars).title)).toEqual(['--environment is now --env; --environment still works in this release only']);
    for (const cmd of ['decode', 'trigger', 'history']) {
      let c: CommandUnknownOpts = buildProgram();
      c = c.commands.find((x) => x.name() === cmd)!;
      expect(c.helpInformation(), cmd).not.toContain('--environment');
      expect(c.helpInformation(), cmd).toContain('--env <environment>');
    }
  });

  it('a refused value stops commander with the parser’s error, whatever the command', () => {
    for (const [cmd, argv, code] of [
      ['trigger', ['--env', 'staging'], 'option.environment'],
      ['trigger', ['--environment', 'staging'], 'option.environment'],
      ['history', ['--limit', '0'], 'option.integer'],
      ['emulator', ['--app-apple-id', 'abc'], 'auth.format.app-apple-id'],
      ['token', ['--ttl', '61'], 'auth.token.ttl'],
      ['decode', ['--at', 'yesterday'], 'decode.bad-at'],
      ['listen', ['--forward-to', 'localhost:3000'], 'option.url'],
    ] as const) {
      expect(() => parsed(cmd, [...argv]), `${cmd} ${argv.join(' ')}`).toThrow(expect.objectContaining({ id: code }));
    }
  });

  it('the top-level handler words the refusal from the registry: one line and a fix on stderr, exit 2', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const code = await reportError(new OptionValueError('option.seconds', { flag: '--timeout', value: 'soon', example: '15' }), { json: false, debug: false });
    expect(code).toBe(ExitCode.usage);
    expect(written.join('')).toBe('error: --timeout soon is not a number of seconds\n  fix: Pass seconds, e.g. --timeout 15, or a number with a unit: 1500ms, 90s, 2m.\n');
  });
});
