import { performance } from 'node:perf_hooks';
import type { ChalkInstance } from 'chalk';
import type { CommandContext } from '../context.js';
import type { DemoOptions } from './define.js';
import { ExitCode } from '../../errors.js';
import { openDemoSession } from '../../demo/session.js';
import { runDemo, type DemoStep } from '../../demo/run-demo.js';
import { renderSignedData } from '../../jws/index.js';
import { renderEventLine } from '../../listen/index.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../../report/diagnostics/index.js';
import { interruptedError } from '../../report/diagnostics/errors.js';
import { renderChecks, statusIcon } from '../../report/render-checks.js';
import { isSendAttemptResult } from '../../apple/send-attempt-result.js';
import { isoDate, plural } from '../../report/format.js';
import type { DemoFailedJson } from '../../json/index.js';
import { safeText } from '../../report/terminal-text.js';

export async function run(ctx: CommandContext<DemoOptions>): Promise<number> {
  const started = performance.now();
  const { out } = ctx;
  const c = out.c;
  const verbose = ctx.opts.verbose === true;
  // Ctrl-C while the command was still loading: make nothing that would have to be removed.
  if (ctx.signal.aborted) throw interruptedError();
  const session = await openDemoSession({ presetUrls: false, onCleanup: (close) => ctx.onCleanup(close) });

  if (!out.json) {
    const intro = diagnostic('demo.intro');
    out.line(c.bold(intro.title));
    out.line(c.dim(intro.explain ?? ''));
  }
  const steps: DemoStep[] = [];
  let failure: DemoFailedJson['failure'] | undefined;
  try {
    await runDemo(session, {
      signal: ctx.signal,
      onStep: (step) => {
        steps.push(step);
        if (!out.json) for (const l of renderStep(step, steps.length, c, verbose)) out.line(l);
      },
    });
  } catch (err) {
    const order: DemoStep['step'][] = ['setup', 'urls', 'check-url', 'token', 'send-test', 'arrival', 'decode', 'trigger', 'history'];
    const next = order[steps.length] ?? 'demo';
    failure = { step: next, message: err instanceof Error ? err.message : String(err) };
  } finally {
    await session.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (out.json) {
    const durationMs = Math.round(performance.now() - started);
    out.result('demo', failure ? { ok: false, durationMs, steps, failure } : { ok: true, durationMs, steps });
  } else if (failure && ctx.signal.aborted) {
    // Ctrl-C is not a failure to report: say where it stopped and that nothing is left behind.
    out.line();
    out.line(`${statusIcon('info', c)} ${diagnostic('demo.interrupted', failure).title}`);
  } else if (failure) {
    const d = diagnostic('demo.failed', failure);
    out.line();
    out.line(`${statusIcon('fail', c)} ${d.title}`);
    if (d.fix) out.line(`  ${c.cyan('fix:')} ${d.fix}`);
  } else {
    out.line(heading(steps.length + 1, 'demo.step.next', {}, c));
    for (const l of (diagnostic('demo.step.next').explain ?? '').split('\n')) out.line(`   ${l}`);
    out.line();
    out.line(`${statusIcon('pass', c)} ${diagnostic('demo.done', { seconds }).title}`);
  }
  if (ctx.signal.aborted) return ExitCode.interrupted;
  return failure ? ExitCode.problem : ExitCode.ok;
}

function heading(n: number, id: DiagnosticId, vars: DiagnosticVars, c: ChalkInstance): string {
  return `\n${c.bold(`${n}. ${diagnostic(id, vars).title}`)}`;
}

function explain(id: DiagnosticId, vars: DiagnosticVars, c: ChalkInstance): string[] {
  return (diagnostic(id, vars).explain ?? '').split('\n').filter(Boolean).map((l) => `   ${c.dim(l)}`);
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `   ${l}`);
}

function renderStep(s: DemoStep, n: number, c: ChalkInstance, verbose: boolean): string[] {
  switch (s.step) {
    case 'setup':
      return [heading(n, 'demo.step.setup', {}, c), ...explain('demo.step.setup', s, c)];
    case 'urls':
      return [
        heading(n, 'demo.step.urls', {}, c),
        ...s.changes.map((ch) => `   ${ch.attribute.padEnd(30)} ${c.red(ch.before === null ? '(none)' : safeText(ch.before))} → ${c.green(ch.after === null ? '(none)' : safeText(ch.after))}`),
        ...explain('demo.step.urls', { keyPath: s.ascKeyPath, productionUrl: s.after.production.url ?? '' }, c),
      ];
    case 'check-url': {
      const vars = { url: s.report.normalizedUrl ?? s.report.url, result: s.report.predictedResult };
      const checks = verbose ? s.report.checks : s.report.checks.filter((k) => k.status !== 'pass' || k.group === 'HTTP');
      const internet = diagnostic('demo.check-url.internet');
      return [
        heading(n, 'demo.step.check-url', vars, c),
        ...indent(renderChecks(checks, c, { verbose })),
        ...(verbose ? [] : [`   ${c.dim(`(${s.report.checks.filter((k) => k.status === 'pass').length} passing checks not shown; --verbose shows them)`)}`]),
        ...explain('demo.step.check-url', vars, c),
        `   ${c.bold(internet.title)}`,
        ...(internet.explain ?? '').split('\n').map((l) => `     ${c.dim(l)}`),
      ];
    }
    case 'token': {
      const failed = s.checks.filter((k) => k.status === 'fail' || k.status === 'warn');
      return [
        heading(n, 'demo.step.token', {}, c),
        `   ${s.token}`,
        `   header ${JSON.stringify(s.header)}`,
        `   claims ${JSON.stringify(s.claims)}`,
        ...(failed.length ? indent(renderChecks(failed, c)) : [`   ${statusIcon('pass', c)} ${s.checks.filter((k) => k.status === 'pass').length} of Apple’s token rules checked, all hold`]),
        ...explain('demo.step.token', { keyPath: s.keyPath }, c),
      ];
    }
    case 'send-test': {
      const lines = [heading(n, 'demo.step.send-test', {}, c), ...explain('demo.step.send-test', { token: s.testNotificationToken, polls: s.polls, ms: s.elapsedMs }, c)];
      for (const a of s.attempts) {
        const ok = a.sendAttemptResult === 'SUCCESS';
        const meaning = isSendAttemptResult(a.sendAttemptResult) ? diagnostic(`delivery.${a.sendAttemptResult}`, { status: '' }).title : a.sendAttemptResult;
        lines.push(`   ${statusIcon(ok ? 'pass' : 'fail', c)} ${isoDate(a.attemptDate)}  ${meaning}`);
      }
      return lines;
    }
    case 'arrival':
      return [heading(n, 'demo.step.arrival', {}, c), `   ${renderEventLine(s.event, c)}`];
    case 'decode':
      return [heading(n, 'demo.step.decode', {}, c), ...indent(renderSignedData(s.result, c, { verbose }))];
    case 'trigger':
      return [heading(n, 'demo.step.trigger', {}, c), ...s.events.map((e) => `   ${renderEventLine(e, c)}`)];
    case 'history':
      return [
        heading(n, 'demo.step.history', {}, c),
        ...s.items.map((i) => {
          const type = `${i.notificationType ?? '?'}${i.subtype ? `/${i.subtype}` : ''}`;
          const date = i.date ? isoDate(i.date) : '?';
          const icon = statusIcon(i.result === 'SUCCESS' ? 'pass' : 'fail', c);
          return `   ${icon} ${c.dim(date)}  ${c.bold(type.padEnd(24))} ${c.dim(i.notificationUUID ?? '')}  ${i.result ?? 'no attempt'} (${plural(i.attempts, 'attempt')})`;
        }),
      ];
  }
}
