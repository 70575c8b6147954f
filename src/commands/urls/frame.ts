// What `urls`, `urls set` and `urls check` share: open an App Store Connect session from the options,
// find the app, run the command body, and turn App Store Connect failures into the registry's errors
// (src/asc/explain.ts); and the human rendering of an app and its settings. Every value from App Store
// Connect is outside text: escaped here (safeText), exact in --json.
import type { ChalkInstance } from 'chalk';
import type { Check } from '../../report/check.js';
import { renderChecks } from '../../report/render-checks.js';
import type { CommandContext } from '../context.js';
import type { UrlsCommonOptions } from '../options/index.js';
import { describeApiEvent } from '../../api/events.js';
import { AppLookupError, ascErrorToAsn, effectiveUrl, findApp, isAscError, lookupErrorToAsn, openAscSession, type AscApp, type AscSession, type NotificationUrlSettings, type UrlEnvironment } from '../../asc/index.js';
import { interruptedError } from '../../report/diagnostics/errors.js';
import { safeText } from '../../report/terminal-text.js';
import type { UrlsAppJson, UrlsEnvironmentJson } from '../../json/index.js';

export async function withApp<T>(ctx: CommandContext<UrlsCommonOptions>, body: (session: AscSession, app: AscApp) => Promise<T>, opts: { action?: 'read' | 'change' } = {}): Promise<T> {
  const out = ctx.out;
  const session = await openAscSession({ flags: ctx.opts, env: ctx.env, cwd: ctx.cwd, timeoutMs: ctx.opts.timeout, signal: ctx.signal, onEvent: (e) => out.debug(describeApiEvent(e)) });
  ctx.onCleanup(() => session.close());
  for (const w of session.creds.warnings) out.warnCheck(w);
  out.debug(`App Store Connect at ${session.base.baseUrl} (${session.base.target}); key ${session.creds.keyId}, a ${session.creds.keyKind} key`);
  try {
    const app = await findApp(session.client, session.selector);
    return await body(session, app);
  } catch (err) {
    if (ctx.signal.aborted) throw interruptedError();
    if (err instanceof AppLookupError) throw lookupErrorToAsn(err);
    if (isAscError(err)) throw ascErrorToAsn(err, { action: opts.action ?? 'read' });
    throw err;
  } finally {
    await session.close();
  }
}

export function appJson(app: AscApp): UrlsAppJson {
  return { id: app.id, name: app.name, bundleId: app.bundleId };
}

export function environmentJson(settings: NotificationUrlSettings, environment: UrlEnvironment): UrlsEnvironmentJson {
  return { url: settings[environment].url, version: settings[environment].version, effectiveUrl: effectiveUrl(settings, environment) };
}

export function appLine(app: AscApp, c: ChalkInstance): string {
  return `${c.bold(safeText(app.name ?? '(no name)'))} · ${safeText(app.bundleId ?? '?')} · Apple ID ${safeText(app.id)}`;
}

/** Each environment's URL and version, and where Apple effectively delivers. */
export function settingsLines(settings: NotificationUrlSettings, c: ChalkInstance): string[] {
  const lines: string[] = [];
  for (const environment of ['production', 'sandbox'] as const) {
    const s = settings[environment];
    const label = environment === 'production' ? 'Production' : 'Sandbox';
    const version = s.version ? c.dim(` (${safeText(s.version)})`) : '';
    const url = s.url ? `${safeText(s.url)}${version}` : c.dim('not set');
    const effective = effectiveUrl(settings, environment);
    let where = '';
    if (!s.url) where = effective ? ` → falls back to the Production URL` : c.red(' → Apple sends these notifications nowhere');
    lines.push(`  ${label.padEnd(11)} ${url}${where}`);
  }
  return lines;
}

/** The app, its settings, and the findings: what `urls` and `urls check` print. */
export function printAppReport(ctx: CommandContext<UrlsCommonOptions>, app: AscApp, checks: Check[]): void {
  const c = ctx.out.c;
  ctx.out.line(appLine(app, c));
  ctx.out.line();
  for (const l of settingsLines(app.settings, c)) ctx.out.line(l);
  ctx.out.line();
  for (const l of renderChecks(checks, c)) ctx.out.line(l);
}
