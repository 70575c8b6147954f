// What a test notification's send attempts mean: the verdict, the explanation and fix for the last
// result (the delivery.<RESULT> entries), where check-url can reproduce it, and Apple's retry rules
// for the environment. Pure: send-test and test-status render it.
import { isSendAttemptResult, type SendAttemptResult } from '../apple/send-attempt-result.js';
import { check, type Check } from '../report/check.js';
import type { ApiEnvironment } from './endpoints.js';
import type { SendAttempt } from './shapes.js';
import type { TestStatus } from './test-notification.js';

/** The check-url stages that show why Apple recorded a result. */
const CHECK_URL_STAGE: Record<Exclude<SendAttemptResult, 'SUCCESS'>, string> = {
  TLS_ISSUE: 'TLS and Certificate',
  TIMED_OUT: 'TCP, HTTP timing and Allow list',
  SOCKET_ISSUE: 'DNS and TCP',
  CIRCULAR_REDIRECT: 'HTTP (redirect)',
  NO_RESPONSE: 'HTTP',
  PREMATURE_CLOSE: 'HTTP',
  INVALID_RESPONSE: 'HTTP',
  UNSUPPORTED_CHARSET: 'HTTP (charset)',
  UNSUCCESSFUL_HTTP_RESPONSE_CODE: 'HTTP (status)',
  OTHER: 'URL, DNS, TCP, TLS, Certificate and HTTP',
};

export interface AttemptReport {
  delivered: boolean;
  /** The last attempt's result: production stops retrying after a success. */
  lastResult?: string;
  attempts: SendAttempt[];
  /** Verdict first, then its explanation and the hints. */
  checks: Check[];
  retrySchedule: 'single-attempt' | 'retries-1-12-24-48-72h';
}

export interface AttemptReportInput {
  status: TestStatus;
  environment: ApiEnvironment;
  token: string;
  /** The command that looks the token up again (testStatusCommand); built from token and environment when absent. */
  lookUp?: string;
  /** The environment's notification URL, when the config knows it (for the check-url hint). */
  notificationUrl?: string;
}

export function attemptReport(input: AttemptReportInput): AttemptReport {
  const { status, environment, token } = input;
  const attempts = status.sendAttempts.length
    ? status.sendAttempts
    : status.firstSendAttemptResult
      ? [{ attemptDate: Number.NaN, sendAttemptResult: status.firstSendAttemptResult }]
      : [];
  const lastResult = attempts.at(-1)?.sendAttemptResult;
  const retrySchedule = environment === 'sandbox' ? 'single-attempt' : 'retries-1-12-24-48-72h';
  const checks: Check[] = [];
  const delivered = lastResult === 'SUCCESS';
  if (delivered) {
    checks.push(check('api.test.delivered', { environment }));
    return { delivered, lastResult, attempts, checks, retrySchedule };
  }
  if (lastResult === undefined) return { delivered, attempts, checks, retrySchedule };

  checks.push(check('api.test.not-delivered', { result: lastResult }));
  if (isSendAttemptResult(lastResult)) {
    // Apple did record this result, so the "Apple would likely record" line of check-url does not apply.
    const { sendAttemptResult: _recorded, ...explained } = check(`delivery.${lastResult}`, { status: 'a status outside 200-206' });
    checks.push(explained);
  } else {
    checks.push(check('api.test.unknown-result', { result: lastResult }));
  }
  if (lastResult === 'UNSUCCESSFUL_HTTP_RESPONSE_CODE') checks.push(check('api.test.test-payload-hint'));
  const stage = isSendAttemptResult(lastResult) && lastResult !== 'SUCCESS' ? CHECK_URL_STAGE[lastResult] : CHECK_URL_STAGE.OTHER;
  checks.push(check('api.test.check-url-stage', { url: input.notificationUrl ?? `<your ${environment} URL>`, stage, environment }));
  const lookUp = input.lookUp ?? testStatusCommand(token, environment, {});
  checks.push(check(environment === 'sandbox' ? 'api.test.schedule.sandbox' : 'api.test.schedule.production', { token, environment, lookUp }));
  return { delivered, lastResult, attempts, checks, retrySchedule };
}

/** The flags that pick the API and the credentials, in the order a person writes them. */
const CARRIED_FLAGS = [
  ['apiUrl', '--api-url'],
  ['config', '--config'],
  ['issuerId', '--issuer-id'],
  ['keyId', '--key-id'],
  ['key', '--key'],
  ['bundleId', '--bundle-id'],
] as const;

/**
 * `asn-doctor test-status <token> --env <environment>`, carrying the flags this run was given for the
 * API and the credentials, so the hint asks the same server (the emulator's --api-url, not Apple) with
 * the same credentials. Values from ASN_* variables and the config file are there next time anyway.
 * The key is carried as its file's absolute path, never as key text.
 */
export function testStatusCommand(token: string, environment: ApiEnvironment, flags: Record<string, unknown>, keyPath?: string): string {
  const words = ['asn-doctor', 'test-status', token, '--env', environment];
  for (const [key, flag] of CARRIED_FLAGS) {
    const value = flags[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (key === 'key') {
      if (keyPath) words.push(flag, shellWord(keyPath));
      continue;
    }
    words.push(flag, shellWord(value.trim()));
  }
  return words.join(' ');
}

/** A value as one shell word: as is when it is plain, else in single quotes. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
