// Doctor's first stage: which credentials the configuration provides, whether the key loads, and
// whether a token signed from them follows Apple's rules. Never throws for a bad configuration:
// every problem becomes a check, so the later stages can still run where they do not depend on it.
import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { CREDENTIAL_INPUTS, inspectToken, keyIdFromFileName, resolveCredentials, signApiToken, type Credentials } from '../auth/index.js';
import { configLocation } from '../config/location.js';
import { readConfig } from '../config/file.js';
import { isAsnError, type AsnError } from '../errors.js';
import { check, type Check } from '../report/check.js';

export interface CredentialStage {
  checks: Check[];
  /** Present only when everything needed to call Apple is there and loads. */
  complete?: Credentials;
  notificationUrls: { production?: string; sandbox?: string };
  /** True when flags, environment or config provide at least one credential or URL. */
  anythingConfigured: boolean;
}

const REQUIRED = ['issuerId', 'keyId', 'privateKey', 'bundleId'] as const;
const CONFIG = { group: 'Configuration' };
const CREDS = { group: 'Credentials' };
const TOKEN = { group: 'Token' };

export async function credentialStage(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string): Promise<CredentialStage> {
  const checks: Check[] = [];
  const location = configLocation(env, { flag: typeof flags.config === 'string' ? flags.config : undefined, cwd });
  const configured = existsSync(location.path);
  // A --config / ASN_CONFIG that is not there is a failure, reported once under Credentials below.
  if (configured || !location.explicit) {
    checks.push(check(configured ? 'doctor.config.found' : 'doctor.config.none', { path: location.path }, CONFIG));
  }

  // The config's URLs are read on their own, so a credential problem does not hide the URL checks.
  let configUrls: CredentialStage['notificationUrls'] = {};
  try {
    configUrls = (await readConfig(location.path, location.explicit))?.notificationUrls ?? {};
  } catch {
    // resolveCredentials below reports the same problem with its wording.
  }

  let creds: Awaited<ReturnType<typeof resolveCredentials<never>>> | undefined;
  try {
    creds = await resolveCredentials(flags, env, { need: [], cwd });
  } catch (err) {
    if (!isAsnError(err)) throw err;
    checks.push(errorCheck(err, CREDS));
  }
  const urls = { ...configUrls, ...creds?.notificationUrls };
  const anyCredential = creds !== undefined
    ? REQUIRED.some((f) => creds![f] !== undefined) || creds.appAppleId !== undefined
    : true; // it failed on a value that was given
  const anythingConfigured = anyCredential || urls.production !== undefined || urls.sandbox !== undefined;
  if (!creds) return { checks, notificationUrls: urls, anythingConfigured };

  for (const input of CREDENTIAL_INPUTS.filter((i) => (REQUIRED as readonly string[]).includes(i.field))) {
    const field = input.field as (typeof REQUIRED)[number];
    const source = creds.sources[field];
    if (creds[field] === undefined) {
      checks.push(check('doctor.credential.missing', { label: input.label, flag: input.flag, env: input.env }, CREDS));
    } else if (field === 'privateKey') {
      const where = creds.keyPath ?? 'ASN_PRIVATE_KEY';
      checks.push(check('doctor.key.loaded', { where, source }, CREDS));
    } else {
      checks.push(check('doctor.credential.set', { label: input.label, value: String(creds[field]), source }, CREDS));
    }
  }
  checks.push(...creds.warnings.map((w) => ({ ...w, group: CREDS.group })));

  const missing = REQUIRED.filter((f) => creds![f] === undefined);
  if (missing.length > 0) {
    checks.push(check('doctor.token.skipped', {}, TOKEN));
    return { checks, notificationUrls: urls, anythingConfigured };
  }
  const complete = creds as Credentials;
  checks.push(...tokenChecks(complete));
  return { checks, complete, notificationUrls: urls, anythingConfigured };
}

/** Signs a token exactly as every command will, and holds it against Apple's rules (never printed). */
function tokenChecks(creds: Credentials): Check[] {
  const jwt = signApiToken(creds);
  const fileKid = creds.keyPath ? keyIdFromFileName(basename(creds.keyPath)) : undefined;
  const result = inspectToken(jwt, {
    publicKey: createPublicKey(creds.privateKey),
    ...(fileKid?.kind === 'in-app-purchase' ? { keyIdFromFile: fileKid.keyId } : {}),
  });
  const problems = result.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  if (problems.length === 0) {
    const minutes = Math.round((Number(result.claims.exp) - Number(result.claims.iat)) / 60);
    return [check('doctor.token.ok', { minutes, kid: creds.keyId }, TOKEN)];
  }
  return problems.map((c) => ({ ...c, group: TOKEN.group }));
}

/** A set-up error (a bad value, a missing key) as a failed check of the stage that met it. */
export function errorCheck(err: AsnError, group: { group: string }): Check {
  return { id: err.code, status: 'fail', title: err.message, ...(err.fix ? { fix: err.fix } : {}), ...group };
}
