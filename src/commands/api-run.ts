// The frame send-test, test-status and history share: open an API session from the options, show its
// notes and --debug events, run the command body, and turn API failures into results and exit codes.
// A 401 becomes the triage list (exit 1); anything else becomes the registry's message and fix.
import type { CommandContext } from './context.js';
import { ExitCode, isAsnError } from '../errors.js';
import { interruptedError } from '../report/diagnostics/errors.js';
import { describeApiEvent } from '../api/events.js';
import { ApiHttpError, isApiError } from '../api/errors.js';
import { apiErrorToAsn } from '../api/explain.js';
import { secondsOption } from '../api/numbers.js';
import { DEFAULT_TIMEOUT_SECONDS } from './api-options.js';
import { openApiSession, type ApiSession } from '../api/session.js';
import { triageUnauthorized } from '../api/unauthorized.js';
import { checkClockSkew } from '../auth/index.js';
import { check, type Check } from '../report/check.js';
import { diagnostic } from '../report/diagnostics/index.js';
import { renderChecks } from '../report/render-checks.js';
import { safeMessage } from '../report/terminal-text.js';
import { formatMs } from '../api/retry.js';
import type { ApiUnauthorizedDocument } from '../json/index.js';

/** Retry waits at least this long get a visible note (the rest show under --debug only). */
const VISIBLE_WAIT_MS = 1000;

export interface ApiRunOptions {
  /** Whose documents these are: history --json streams NDJSON, where every document, errors included, is one line. */
  command: 'send-test' | 'test-status' | 'history';
  /** Checks of the command's own options, run first: their errors come before credential errors. */
  prepare?: () => void | Promise<void>;
}

export async function runWithApi(ctx: CommandContext, body: (s: ApiSession) => Promise<number>, opts: ApiRunOptions): Promise<number> {
  const out = ctx.out;
  const command = opts.command;
  const emit = (doc: ApiUnauthorizedDocument) => (command === 'history' ? out.record(command, doc) : out.result(command, doc));
  try {
    await opts.prepare?.();
    // The first answer's Date header tells whether this clock is off (a 401 gets it in its triage instead).
    let clockCompared = false;
    const timeoutMs = secondsOption(ctx.opts.timeout, '--timeout', DEFAULT_TIMEOUT_SECONDS, '10')!;
    const session = await openApiSession({
      flags: ctx.opts,
      env: ctx.env,
      cwd: ctx.cwd,
      timeoutMs,
      signal: ctx.signal,
      onEvent: (e) => {
        out.debug(describeApiEvent(e));
        if (e.type === 'response' && e.date && !clockCompared) {
          clockCompared = true;
          const clock = checkClockSkew(e.date);
          if (clock.status === 'warn' && e.status !== 401) showNote(ctx, clock);
        }
        if (e.type === 'retry' && e.delayMs >= VISIBLE_WAIT_MS) {
          out.note(diagnostic(e.reason.startsWith('rate limit') ? 'api.rate-limit.wait' : 'api.retry', {
            delay: formatMs(e.delayMs),
            reason: e.reason,
            attempt: e.nextAttempt,
          }).title);
        }
      },
    });
    ctx.onCleanup(() => session.close());
    out.debug(`API ${session.base.environment} at ${session.base.baseUrl} (${session.base.target}); request timeout ${formatMs(timeoutMs)}`);
    for (const n of session.notes) showNote(ctx, n);
    try {
      return await body(session);
    } catch (err) {
      if (ctx.signal.aborted) throw interruptedError();
      if (err instanceof ApiHttpError && err.facts.status === 401) {
        const triage = await triageUnauthorized({ error: err, ...session });
        return renderUnauthorized(ctx, err, triage, session, emit);
      }
      if (isApiError(err)) throw apiErrorToAsn(err, { environment: session.base.environment });
      throw err;
    } finally {
      await session.close();
    }
  } catch (err) {
    // NDJSON consumers read one object a line; the top-level handler would print a pretty document.
    if (command === 'history' && out.json && isAsnError(err)) {
      out.record(command, { ok: false, error: err.toJSON() });
      return err.exitCode;
    }
    throw err;
  }
}

function showNote(ctx: CommandContext, n: Check): void {
  if (n.status === 'warn' || n.status === 'fail') ctx.out.warn(safeMessage(n.fix ? `${n.title} (${n.fix})` : n.title));
  else ctx.out.note(safeMessage(n.title));
}

function renderUnauthorized(
  ctx: CommandContext,
  err: ApiHttpError,
  triage: Check[],
  session: ApiSession,
  emit: (doc: ApiUnauthorizedDocument) => void,
): number {
  const out = ctx.out;
  const head = check('api.http.401', { environment: session.base.environment });
  const facts = [`HTTP 401`, err.facts.requestUuid ? `x-apple-request-uuid ${err.facts.requestUuid}` : ''].filter(Boolean).join(', ');
  if (out.json) {
    emit({
      ok: false,
      error: { code: head.id, message: `${head.title} (${facts})`, fix: head.fix },
      environment: session.base.environment,
      baseUrl: session.base.baseUrl,
      triage,
    });
    return ExitCode.problem;
  }
  const c = out.c;
  out.line(`${c.red('✗')} ${head.title}`);
  out.line(`    ${c.dim(safeMessage(`${err.facts.method} ${err.facts.url} — ${facts}`))}`);
  out.line('');
  out.line(c.bold('Likely causes, most likely first'));
  for (const l of renderChecks(triage, c, { indent: 2 })) out.line(l);
  return ExitCode.problem;
}
