// Doctor's URL stage: check-url on the production and sandbox notification URLs, each summed up in
// one line with the failing findings (and the fix of the decisive one) beneath it, saying where the
// URL came from (App Store Connect, the config file, a flag). A URL both environments share is
// probed once. `urls check` runs the same stage on what App Store Connect has.
import { checkUrl, type CheckUrlOptions, type CheckUrlReport } from '../url/index.js';
import { check, countChecks, type Check } from '../report/check.js';
import { plural } from '../report/format.js';
import { unfinished } from './unfinished.js';

export type UrlEnvironment = 'production' | 'sandbox';
const GROUP = { group: 'Notification URLs' };

/** A URL to check and where it came from: `App Store Connect`, `config file`, `--production-url`… */
export interface UrlTarget {
  url: string;
  from: string;
}

export interface UrlTargets {
  production?: UrlTarget;
  sandbox?: UrlTarget;
  /** Sandbox has no URL of its own in App Store Connect, so Apple uses the Production URL for it. */
  sandboxFallsBack?: boolean;
}

export async function urlStage(
  targets: UrlTargets,
  opts: Pick<CheckUrlOptions, 'ca' | 'allowPrivate' | 'timeoutMs' | 'signal'>,
): Promise<{ checks: Check[]; reports: Partial<Record<UrlEnvironment, CheckUrlReport>> }> {
  const envs: UrlEnvironment[] = ['production', 'sandbox'];
  const reports: Partial<Record<UrlEnvironment, CheckUrlReport>> = {};
  // Both URLs are probed at once: they are independent, and often the same host. The same URL once.
  const probes = new Map<string, Promise<CheckUrlReport>>();
  const probe = (url: string) => {
    let p = probes.get(url);
    if (!p) probes.set(url, (p = checkUrl(url, opts)));
    return p;
  };
  const checks = await Promise.all(
    envs.map(async (environment): Promise<Check> => {
      const target = targets[environment];
      if (!target) {
        if (environment === 'sandbox' && targets.sandboxFallsBack && targets.production) {
          return check('doctor.url.sandbox-falls-back', { from: targets.production.from }, GROUP);
        }
        return check('doctor.url.missing', { environment }, GROUP);
      }
      const report = await probe(target.url);
      reports[environment] = report;
      // The command suggested for the details must reproduce this run, rehearsal flags included.
      const checkArgs = [target.url, ...(opts.ca?.length ? ['--ca <your CA file>'] : []), ...(opts.allowPrivate ? ['--allow-private'] : [])].join(' ');
      return summarize(environment, target, report, checkArgs);
    }),
  );
  return { checks, reports };
}

export function summarize(environment: UrlEnvironment, target: UrlTarget, report: CheckUrlReport, checkArgs = target.url): Check {
  const { url, from } = target;
  const vars = { environment: capitalize(environment), url, from, checkArgs };
  const data = { url, from, verdict: report.verdict, predictedResult: report.predictedResult };
  if (report.verdict === 'could-not-test') {
    const decisive = report.checks.find((c) => c.id === report.decisiveCheck);
    return unfinished(check('doctor.url.could-not-test', { ...vars, reason: decisive?.title ?? 'no network' }, { ...GROUP, data }));
  }
  if (report.verdict === 'not-deliverable') {
    const fails = report.checks.filter((c) => c.status === 'fail');
    const decisive = report.checks.find((c) => c.id === report.decisiveCheck) ?? fails[0];
    const result = report.predictedResult ?? 'OTHER'; // never null for a not-deliverable verdict
    return check('doctor.url.fail', { ...vars, result }, {
      ...GROUP,
      sendAttemptResult: result,
      detail: fails.slice(0, 4).map((c) => `✗ ${c.title}`).join('\n'),
      ...(decisive?.fix ? { fix: `${decisive.fix} (then \`asn-doctor check-url ${checkArgs}\` for every stage)` } : {}),
      data,
    });
  }
  const warns = report.checks.filter((c) => c.status === 'warn');
  if (warns.length > 0) {
    return check('doctor.url.warn', { ...vars, warnings: plural(countChecks(warns).warn, 'warning') }, {
      ...GROUP,
      detail: warns.slice(0, 4).map((c) => `! ${c.title}`).join('\n'),
      data,
    });
  }
  return check('doctor.url.ok', vars, { ...GROUP, data });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
