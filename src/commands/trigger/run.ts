import type { CommandContext } from '../context.js';
import type { TriggerArgs, TriggerOptions } from './define.js';
import { APPLE_ENVIRONMENT_NAME } from '../options/index.js';
import { ExitCode } from '../../errors.js';
import { check } from '../../report/check.js';
import { renderChecks } from '../../report/render-checks.js';
import type { PostResult } from '../../delivery/post.js';
import { errorCodes } from '../../delivery/classify.js';
import { notificationBody } from '../../delivery/deliver.js';
import {
  deliver,
  defaultStateDir,
  signNotification,
  UnknownPairError,
  triggerThroughEmulator,
  emulatorRootCaPath,
  EmulatorRefusedError,
  type ControlClientOptions,
  type EmulatorTriggerRequest,
} from '../../emulator/index.js';
import { checkPair, pairLabel } from '../../apple/notification-types.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { checkDeliveryUrl, stateDirError } from '../emulator/shared.js';
import { readCaFiles } from '../../delivery/ca-files.js';
import { couldNotFinishErrorFrom, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { networkReason } from '../../report/diagnostics/network-reason.js';

interface Sent {
  notificationUUID: string;
  environment: string;
  signedPayload: string;
  post: PostResult;
  url: string;
  rootCaPath?: string;
}

export async function run(ctx: CommandContext<TriggerOptions, TriggerArgs>): Promise<number> {
  const o = ctx.opts;
  const [type] = ctx.args;
  const subtype = o.subtype;
  const checked = checkPair(type, subtype);
  if (!checked.ok) {
    throw checked.reason === 'unknown-type'
      ? usageErrorFrom('emulator.unknown-type', { type, valid: checked.valid.join(', ') })
      : usageErrorFrom('emulator.bad-subtype', { type: type.toUpperCase(), subtype: String(subtype).toUpperCase(), valid: checked.valid.join(', ') });
  }
  const pair = checked.pair;
  const environment = APPLE_ENVIRONMENT_NAME[o.env] as 'Sandbox' | 'Production';
  const timeoutMs = o.timeout;
  const appAppleId = o.appAppleId === undefined ? undefined : Number(o.appAppleId);
  for (const [flag, value] of [['--transaction-id', o.transactionId], ['--original-transaction-id', o.originalTransactionId]] as const) {
    if (value !== undefined && !/^\d{1,20}$/.test(value)) {
      throw usageErrorFrom('emulator.bad-option', { flag, value, reason: 'App Store transaction IDs are digits only', command: 'trigger' });
    }
  }
  const fields = {
    ...(pair.subtype ? { subtype: pair.subtype } : {}),
    environment,
    ...(o.bundleId ? { bundleId: o.bundleId } : {}),
    ...(o.productId ? { productId: o.productId } : {}),
    ...(o.transactionId ? { transactionId: o.transactionId } : {}),
    ...(o.originalTransactionId ? { originalTransactionId: o.originalTransactionId } : {}),
    ...(appAppleId !== undefined ? { appAppleId } : {}),
    ...(o.appAccountToken ? { appAccountToken: o.appAccountToken } : {}),
  };
  const stateDir = o.stateDir ?? defaultStateDir(ctx.env);
  const label = pairLabel(pair);

  if (o.print) {
    const signed = await sign(pair.notificationType, { ...fields, stateDir });
    const body = notificationBody(signed.signedPayload);
    if (ctx.out.json) {
      ctx.out.result('trigger', { ok: true, mode: 'print', body: { signedPayload: signed.signedPayload }, notificationUUID: signed.notificationUUID, rootCaPath: signed.rootCaPath, notApple: true });
    } else {
      ctx.out.raw(`${body}\n`);
      ctx.out.note(`${label} (${environment}) notificationUUID ${signed.notificationUUID}`);
      ctx.out.note(notApple(signed.rootCaPath));
    }
    return ExitCode.ok;
  }

  if (!o.to && !o.via) throw usageErrorFrom('emulator.no-target', {});
  const via = o.via === undefined ? undefined : emulatorBase(o.via);
  const target = o.to ? checkDeliveryUrl('--to', o.to) : undefined;
  if (target?.httpLoopbackHost) ctx.out.warn(diagnostic('emulator.http-loopback', { host: target.httpLoopbackHost }).title);
  const ca = readCaFiles(o.ca ?? [], ctx.cwd);

  const spinner = await ctx.out.spinner(`Delivering ${label}`, { elapsed: true });
  let sent: Sent;
  try {
    sent = via
      ? await viaEmulator(via, { notificationType: pair.notificationType, ...fields, ...(target ? { to: target.url } : {}) }, { signal: ctx.signal, stateDir })
      : await direct(pair.notificationType, { ...fields, stateDir }, target!.url, ca, timeoutMs, ctx.signal);
  } finally {
    spinner.stop();
  }
  // A delivery cut short by Ctrl-C looks like a timeout: report the interrupt, not a result.
  ctx.signal.throwIfAborted();
  const post = sent.post;
  const ok = post.result === 'SUCCESS';
  if (ctx.out.json) {
    ctx.out.result('trigger', {
      ok,
      mode: 'deliver',
      result: post.result,
      status: post.status ?? null,
      notificationUUID: sent.notificationUUID,
      rootCaPath: sent.rootCaPath ?? null,
      notApple: true,
      notificationType: pair.notificationType,
      subtype: pair.subtype ?? null,
      environment: sent.environment,
      url: sent.url,
      timeMs: post.totalMs,
      ...(post.errorCode ? { errorCode: post.errorCode } : {}),
      ...(post.redirects.length ? { redirects: post.redirects } : {}),
      ...(o.via ? { via: o.via } : {}),
    });
    return ok ? ExitCode.ok : ExitCode.problem;
  }
  const c = ctx.out.c;
  ctx.out.line(`${c.bold(label)} (${sent.environment})  notificationUUID ${sent.notificationUUID}`);
  const status = post.status === undefined ? '' : `HTTP ${post.status}, `;
  const attempt = check(`delivery.${post.result}`, { status: post.status ?? 'no status' }, {
    detail: `${status}${post.totalMs} ms -> ${sent.url}${post.errorCode ? ` (${networkReason(post.errorCode)})` : ''}`,
  });
  for (const line of renderChecks([attempt], c, { verbose: true, indent: 2 })) ctx.out.line(line);
  if (o.via) ctx.out.line(c.dim(`  recorded by the emulator at ${o.via} (notification history)`));
  ctx.out.line(c.dim(`  ${notApple(sent.rootCaPath)}`));
  return ok ? ExitCode.ok : ExitCode.problem;
}

function notApple(rootCaPath: string | undefined): string {
  const d = diagnostic('emulator.not-apple', { rootCaPath: rootCaPath ?? 'the emulator’s root (emulator-root-ca.pem in its state folder)' });
  return `${d.title}. ${d.explain ?? ''}`;
}

async function sign(type: string, opts: Parameters<typeof signNotification>[1]) {
  try {
    return await signNotification(type, opts);
  } catch (err) {
    if (err instanceof UnknownPairError) throw err;
    throw stateDirError(opts.stateDir, err);
  }
}

async function direct(
  type: string,
  opts: Parameters<typeof signNotification>[1],
  url: string,
  ca: string[] | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Sent> {
  const signed = await sign(type, opts);
  const post = await deliver(url, notificationBody(signed.signedPayload), {
    timeoutMs,
    signal,
    ...(ca ? { ca } : {}),
  });
  return { notificationUUID: signed.notificationUUID, environment: opts.environment ?? 'Sandbox', signedPayload: signed.signedPayload, post, url, rootCaPath: signed.rootCaPath };
}

/**
 * The emulator's own address from what --via was given: the emulator prints a production base URL
 * and a sandbox one (the same server under /sandbox), and either one names it.
 */
function emulatorBase(given: string): string {
  const url = URL.canParse(given) ? new URL(given) : undefined;
  const path = url?.pathname.replace(/\/+$/, '') ?? '';
  if (!url || !/^https?:$/.test(url.protocol) || (path !== '' && path !== '/sandbox') || url.search || url.hash) {
    throw usageErrorFrom('emulator.bad-via', { url: given });
  }
  return url.origin;
}

/** Asks a running emulator to sign, record and deliver (POST /_emulator/trigger). */
async function viaEmulator(base: string, body: EmulatorTriggerRequest, control: ControlClientOptions): Promise<Sent> {
  try {
    const sent = await triggerThroughEmulator(base, body, control);
    const rootCaPath = await emulatorRootCaPath(base, control);
    return { ...sent, ...(rootCaPath ? { rootCaPath } : {}) };
  } catch (err) {
    if (err instanceof EmulatorRefusedError && err.secretRefused) throw usageErrorFrom('emulator.via-secret', { url: base, reason: err.reason });
    if (err instanceof EmulatorRefusedError && err.status === 404) throw usageErrorFrom('emulator.via-not-emulator', { url: base, status: err.status });
    if (err instanceof EmulatorRefusedError) throw usageErrorFrom('emulator.via-refused', { url: base, reason: err.reason });
    const { codes, message } = errorCodes(err);
    throw couldNotFinishErrorFrom('emulator.via-unreachable', { url: base, reason: codes[0] ? networkReason(codes[0]) : message });
  }
}
