// `doctor`: every check the configuration allows, in the order a set-up fails (credentials, token,
// API and clock, notification URLs, a real test notification), as one list of checks.
import { check, countChecks, type Check, type CheckCounts } from '../report/check.js';
import { plural } from '../report/format.js';
import { credentialStage, type CredentialStage } from './credentials.js';
import { urlStage, type UrlEnvironment, type UrlTargets } from './urls.js';
import { ascStage, urlTargets } from './asc.js';
import { apiStage } from './api.js';
import type { ApiEvent } from '../api/client.js';
import { sendStage } from './send.js';
import { settle } from './unfinished.js';

export interface DoctorOptions {
  /** The command's flags (credential flags, --config, --api-url ...). */
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Ask Apple (sandbox) for a TEST notification. */
  send: boolean;
  /** Notification URLs given on the command line; they win over the config's (App Store Connect's win over both). */
  urls?: Partial<Record<UrlEnvironment, string>>;
  /** Trust anchors (PEM) and private addresses, for rehearsing against a local receiver. */
  ca?: string[];
  allowPrivate?: boolean;
  timeoutMs: number;
  /** How long --send waits for Apple's attempt. */
  waitMs: number;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
  /** API client events, for --debug. */
  onEvent?: (event: ApiEvent) => void;
}

export interface DoctorReport {
  ok: boolean;
  /** True when no credential and no URL is configured anywhere: nothing could be checked. */
  nothingConfigured: boolean;
  /**
   * True when no problem was found but some checks could not be made from here (no network, no DNS,
   * the API unreachable or answering 5xx): the run did not finish, which is not a clean bill.
   */
  couldNotFinish: boolean;
  checks: Check[];
  counts: CheckCounts;
  summary: Check;
}

export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  opts.onStage?.('credentials');
  const creds = await credentialStage(opts.flags, opts.env, opts.cwd).catch((err: unknown): CredentialStage => ({
    checks: [crashed('credentials', err)],
    notificationUrls: {},
    anythingConfigured: true,
  }));
  const local = localTargets(creds.notificationUrls, opts.urls ?? {});
  const checks = [...creds.checks];

  opts.onStage?.('App Store Connect');
  const asc = await ascStage(opts).catch((err: unknown) => ({ configured: true, checks: [crashed('App Store Connect', err)], app: undefined }));
  const { targets, checks: differences } = urlTargets(asc.app, local);
  checks.push(...asc.checks, ...differences);

  opts.onStage?.('API and notification URLs');
  const [api, urlChecks] = await Promise.all([
    guarded('API', () => apiStage(creds.complete, opts)),
    guarded('URL', async () => (await urlStage(targets, opts)).checks),
  ]);
  checks.push(...api, ...urlChecks);

  opts.onStage?.('test notification');
  const sandboxUrl = targets.sandbox?.url ?? (targets.sandboxFallsBack ? targets.production?.url : undefined);
  checks.push(...(await guarded('send-test', () => sendStage(creds.complete, 'sandbox', sandboxUrl, opts))));

  const nothingConfigured = !creds.anythingConfigured && !asc.configured && !local.production && !local.sandbox;
  const unique = withoutRepeats(checks);
  const counts = countChecks(unique);
  const settled = settle(unique);
  const couldNotFinish = !nothingConfigured && settled.couldNotFinish;
  return {
    ok: counts.fail === 0 && !nothingConfigured && !couldNotFinish,
    nothingConfigured,
    couldNotFinish,
    checks: unique,
    counts,
    summary: summaryCheck(counts, nothingConfigured, couldNotFinish ? settled.unfinished : 0),
  };
}

function summaryCheck(counts: CheckCounts, nothing: boolean, unfinished: number): Check {
  if (nothing) return check('doctor.summary.nothing');
  const vars = { problems: plural(counts.fail, 'problem'), warnings: plural(counts.warn, 'warning') };
  if (unfinished > 0) return check('doctor.summary.could-not-finish', { unfinished: plural(unfinished, 'check') });
  if (counts.fail > 0) return check('doctor.summary.problems', vars);
  if (counts.warn > 0) return check('doctor.summary.warnings', vars);
  return check('doctor.summary.ok');
}

/** A stage that throws becomes one failed check, so the other stages still report (flutter doctor's crash rule). */
async function guarded(stage: string, fn: () => Promise<Check[]>): Promise<Check[]> {
  try {
    return await fn();
  } catch (err) {
    return [crashed(stage, err)];
  }
}

function crashed(stage: string, err: unknown): Check {
  const message = err instanceof Error ? err.message : String(err);
  return check('doctor.crashed', { stage, message }, { group: stage });
}

/** 401 triage repeats findings the earlier stages already showed (key ID vs file name, clock): once is enough. */
function withoutRepeats(checks: readonly Check[]): Check[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    const key = `${c.id}\u0000${c.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The URLs configured here, and where each came from: a flag wins over the config file. */
function localTargets(config: Partial<Record<UrlEnvironment, string>>, flags: Partial<Record<UrlEnvironment, string>>): UrlTargets {
  const out: UrlTargets = {};
  for (const environment of ['production', 'sandbox'] as const) {
    const flag = flags[environment];
    const saved = config[environment];
    if (flag !== undefined) out[environment] = { url: flag, from: `--${environment}-url` };
    else if (saved !== undefined) out[environment] = { url: saved, from: 'config file' };
  }
  return out;
}
