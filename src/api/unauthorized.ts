// 401 triage. Apple's 401 has no body, so the causes are found by checking what can be checked, in
// order of likelihood: credential formats, the token's header and claims (and signature), the local
// clock against the answer's Date header, and for production whether sandbox accepts the same
// credentials (then the app has no production release yet).
import { createPublicKey, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { checkClockSkew, inspectToken, keyIdFromFileName, type Credentials } from '../auth/index.js';
import { check, type Check } from '../report/check.js';
import type { ApiClient } from './client.js';
import { sandboxCounterpart, type ApiEnvironment, type ResolvedBaseUrl } from './endpoints.js';
import { ApiHttpError, ApiNetworkError, ApiResponseError } from './errors.js';
import { TEST_PATH } from './test-notification.js';

export interface TriageInput {
  error: ApiHttpError;
  creds: Credentials;
  base: ResolvedBaseUrl;
  signToken(): string;
  clientFor(baseUrl: string, environment: ApiEnvironment): ApiClient;
  now?: Date;
}

export type SandboxVerdict = 'accepted' | 'rejected' | { unknown: string };

export async function triageUnauthorized(input: TriageInput): Promise<Check[]> {
  const now = input.now ?? new Date();
  const checks: Check[] = [];

  const formats = input.creds.warnings.filter((c) => c.status === 'warn' || c.status === 'fail');
  checks.push(...(formats.length ? formats.map((c) => ({ ...c, group: 'Credentials' })) : [check('api.401.formats-ok', {}, { group: 'Credentials' })]));

  const fileKid = input.creds.keyPath ? keyIdFromFileName(basename(input.creds.keyPath)) : undefined;
  const inspected = inspectToken(input.signToken(), {
    now,
    publicKey: createPublicKey(input.creds.privateKey),
    ...(fileKid ? { keyIdFromFile: fileKid.keyId } : {}),
  });
  const tokenProblems = inspected.checks.filter((c) => c.status === 'warn' || c.status === 'fail');
  checks.push(
    ...(tokenProblems.length ? tokenProblems.map((c) => ({ ...c, group: 'Token' })) : [check('api.401.claims-ok', {}, { group: 'Token' })]),
  );

  checks.push({ ...checkClockSkew(input.error.facts.date, now), group: 'Clock' });

  const g = { group: 'Environment' };
  if (input.base.environment === 'sandbox') {
    checks.push(check('api.401.credentials-rejected', {}, g));
  } else {
    const verdict = await probeSandbox(input);
    if (verdict === 'accepted') checks.push(check('api.401.sandbox-accepts', {}, g));
    else if (verdict === 'rejected') checks.push(check('api.401.sandbox-rejects', {}, g));
    else checks.push(check('api.401.sandbox-unknown', { reason: verdict.unknown }, g));
  }
  checks.push(check('api.401.remaining', {}, { group: 'Not checkable' }));
  return checks;
}

/**
 * Asks sandbox for the status of a made-up test token: any answer but 401 (normally 404 4040008)
 * means the credentials were accepted. It sends nothing to anyone, unlike a real test request.
 */
export async function probeSandbox(input: Pick<TriageInput, 'base' | 'clientFor'>): Promise<SandboxVerdict> {
  const sandboxUrl = sandboxCounterpart(input.base);
  if (!sandboxUrl) return { unknown: 'no known sandbox counterpart for --api-url' };
  const client = input.clientFor(sandboxUrl, 'sandbox');
  try {
    await client.send({ method: 'GET', path: `${TEST_PATH}/${randomUUID()}` });
    return 'accepted';
  } catch (err) {
    if (err instanceof ApiHttpError) return err.facts.status === 401 ? 'rejected' : err.facts.status < 500 ? 'accepted' : { unknown: `sandbox answered ${err.facts.status}` };
    if (err instanceof ApiNetworkError) return { unknown: `sandbox did not answer (${err.facts.code})` };
    if (err instanceof ApiResponseError) return 'accepted';
    throw err;
  }
}
