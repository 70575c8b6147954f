// send-test: request a TEST notification, poll its status within Apple's rate limit until an attempt
// is recorded or --wait ends, then explain the attempts and verify the payload.
import type { CommandContext } from '../context.js';
import { ExitCode } from '../../errors.js';
import { secondsOption } from '../../api/numbers.js';
import { pollInterval } from '../../api/rate-limits.js';
import { loadVerifier } from '../../api/payload.js';
import { formatMs } from '../../api/retry.js';
import { trustRoots } from '../../emulator/trust-roots.js';
import { readRootFiles } from '../../jws/roots.js';
import { pollTestStatus, requestTestNotification } from '../../api/test-notification.js';
import { testStatusCommand } from '../../api/attempt-report.js';
import { check } from '../../report/check.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { renderChecks } from '../../report/render-checks.js';
import { safeText } from '../../report/terminal-text.js';
import { plural } from '../../report/format.js';
import { runWithApi } from '../api-run.js';
import { buildStatusView, printStatus, statusJson } from '../test-status-view.js';

const DEFAULT_WAIT_SECONDS = 60;

export async function run(ctx: CommandContext): Promise<number> {
  const waitMs = secondsOption(ctx.opts.wait, '--wait', DEFAULT_WAIT_SECONDS, '120')!;
  const requestedIntervalMs = secondsOption(ctx.opts.pollInterval, '--poll-interval', undefined, '2');
  const givenRoots = await readRootFiles(ctx.opts.root, ctx.cwd);
  const out = ctx.out;
  const c = out.c;

  return runWithApi(ctx, async (session) => {
    const { environment, baseUrl, target } = session.base;
    const interval = pollInterval(environment, target, requestedIntervalMs);
    if (interval.raisedFromMs !== undefined) {
      out.warn(diagnostic('api.poll.raised', { requested: formatMs(interval.raisedFromMs), environment, interval: formatMs(interval.intervalMs) }).title);
    }
    const why = interval.source === 'local-server' ? 'local server' : interval.source === 'option' ? '--poll-interval' : `Apple's ${environment} rate limit`;
    out.debug(diagnostic('api.poll.interval', { interval: formatMs(interval.intervalMs), why }).title);

    loadVerifier().catch(() => undefined); // loads while Apple works on the delivery
    const requested = await requestTestNotification(session.client);
    const token = requested.token;
    // Every suggested command asks the same API (the emulator's --api-url, not Apple) with the same credentials.
    const lookUp = testStatusCommand(token, environment, ctx.opts, session.creds.keyPath);
    out.line(`${c.bold('TEST notification requested')} · ${environment} · ${baseUrl}`);
    out.line(`  token ${safeText(token)}`);
    out.line(`  ${c.dim(`(look it up later: ${safeText(lookUp, { max: 0 })})`)}`);
    out.line('');

    // The seconds count on while a look-up hangs, so a stuck request never looks like a frozen screen.
    const spinner = await out.spinner('Waiting for Apple to try the delivery', { elapsed: true });
    let polled;
    try {
      polled = await pollTestStatus(session.client, token, {
        waitMs,
        intervalMs: interval.intervalMs,
        signal: ctx.signal,
        onPoll: (n) => spinner.update(`Waiting for Apple to try the delivery (look-up ${n})`),
      });
    } catch (err) {
      spinner.stop();
      throw err;
    }
    const base = { environment, baseUrl, testNotificationToken: token, polls: polled.polls, waitedMs: Math.round(polled.elapsedMs) };

    if (!polled.answered || !polled.status) {
      spinner.fail(`No attempt recorded after ${formatMs(polled.elapsedMs)}`);
      const none = check('api.test.no-attempt-yet', { waited: formatMs(polled.elapsedMs), token, lookUp });
      if (out.json) out.result('send-test', { ok: false, ...base, answered: false, checks: [none] });
      else for (const l of renderChecks([none], c)) out.line(l);
      return ExitCode.couldNotFinish;
    }
    spinner.succeed(`${plural(polled.status.sendAttempts.length || 1, 'attempt')} recorded after ${formatMs(polled.elapsedMs)}`);
    const view = await buildStatusView(polled.status, token, session, await trustRoots(givenRoots, ctx.cwd, session.base, session.signToken), lookUp);
    if (out.json) out.result('send-test', { ok: view.ok, ...base, answered: true, ...statusJson(view) });
    else printStatus(ctx, view);
    return view.ok ? ExitCode.ok : ExitCode.problem;
  }, { command: 'send-test' });
}
