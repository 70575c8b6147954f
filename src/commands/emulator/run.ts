import type { CommandContext } from '../context.js';
import type { EmulatorCommandOptions } from './define.js';
import { ExitCode, isAsnError } from '../../errors.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { isoDate } from '../../report/format.js';
import {
  defaultStateDir,
  parseFault,
  parseRateLimit,
  startEmulator,
  FAULT_KINDS,
  FAULT_TARGETS,
  API_ENDPOINTS,
  ASC_FAULT_KINDS,
  ASC_FAULT_TARGETS,
  parseAscFault,
  type AttemptEvent,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../emulator/index.js';
import { pairLabel } from '../../apple/notification-types.js';
import { checkDeliveryUrl, stateDirError } from './shared.js';
import { readCaFiles } from '../../delivery/ca-files.js';
import { fileProblemText, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { UserFileError } from '../../util/user-file.js';
import { safeMessage } from '../../report/terminal-text.js';
import { NotWritableError } from '../../util/atomic-write.js';

type EmulatorContext = CommandContext<EmulatorCommandOptions>;

export async function run(ctx: EmulatorContext): Promise<number> {
  const o = ctx.opts;
  const bad = (flag: string, value: unknown, reason: string) =>
    usageErrorFrom('emulator.bad-option', { flag, value: String(value), reason, command: 'emulator' });

  const { port, timeScale } = o;
  const appAppleId = o.appAppleId === undefined ? undefined : Number(o.appAppleId);

  const urls: { flag: string; value: string | undefined; key: 'notifyUrl' | 'sandboxNotifyUrl' }[] = [
    { flag: '--notify-url', value: o.notifyUrl, key: 'notifyUrl' },
    { flag: '--sandbox-notify-url', value: o.sandboxNotifyUrl, key: 'sandboxNotifyUrl' },
  ];
  const opts: EmulatorOptions = {
    port,
    stateDir: o.stateDir ?? defaultStateDir(ctx.env),
    timeScale,
    ...(o.keyFile ? { keyFile: o.keyFile } : {}),
    ...(o.keyId ? { keyId: o.keyId } : {}),
    ...(o.issuerId ? { issuerId: o.issuerId } : {}),
    ...(o.bundleId ? { bundleId: o.bundleId } : {}),
    ...(appAppleId !== undefined ? { appAppleId } : {}),
    faults: {},
    rateLimits: {},
  };
  for (const u of urls) {
    if (u.value === undefined) continue;
    const checked = checkDeliveryUrl(u.flag, u.value);
    if (checked.httpLoopbackHost) ctx.out.warn(diagnostic('emulator.http-loopback', { host: checked.httpLoopbackHost }).title);
    opts[u.key] = checked.url;
  }
  for (const f of o.fault ?? []) {
    const parsed = parseFault(f);
    if (!parsed) throw bad('--fault', f, `use endpoint=kind[:times] with endpoint ${FAULT_TARGETS.join('|')} and kind ${FAULT_KINDS.join('|')} (revoked: ocsp only)`);
    opts.faults![parsed.endpoint] = parsed.fault;
  }
  for (const r of o.rateLimit ?? []) {
    const [endpoint, value] = r.split('=');
    const limit = value ? parseRateLimit(value) : undefined;
    if (!limit || !API_ENDPOINTS.includes(endpoint as never)) throw bad('--rate-limit', r, `use endpoint=N[/duration] with endpoint ${API_ENDPOINTS.join('|')}, e.g. test=2/10s`);
    opts.rateLimits![endpoint as (typeof API_ENDPOINTS)[number]] = limit;
  }
  for (const f of o.ascFault ?? []) {
    const parsed = parseAscFault(f);
    if (!parsed) throw bad('--asc-fault', f, `use get|patch=kind[:times] with target ${ASC_FAULT_TARGETS.join('|')} and kind ${ASC_FAULT_KINDS.join('|')}`);
    (opts.ascFaults ??= {})[parsed.target] = parsed.fault;
  }
  for (const a of o.ascApp ?? []) {
    const [bundleId, ...name] = a.split('=');
    if (!bundleId || !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(bundleId)) throw bad('--asc-app', a, 'use bundleId[=name], e.g. com.example.app.widget=Widget');
    (opts.ascApps ??= []).push({ bundleId, ...(name.length ? { name: name.join('=') } : {}) });
  }
  if (o.appName) opts.appName = o.appName;
  if (o.ascReadOnly) opts.ascReadOnly = true;
  if (o.ascIndividualKey) opts.ascIndividualKey = true;
  const ca = readCaFiles(o.ca ?? [], ctx.cwd);
  if (ca) opts.ca = ca;
  opts.onAttempt = (e) => reportAttempt(ctx, e);
  opts.onRejected = (e) => {
    if (ctx.out.json) ctx.out.record('emulator', { ok: false, event: 'rejected', status: 401, ...e });
    else ctx.out.line(`${ctx.out.c.yellow('401')} ${safeMessage(diagnostic('emulator.rejected', e).title)}`);
  };
  opts.onRefused = (e) => {
    if (ctx.out.json) ctx.out.record('emulator', { ok: false, event: 'refused', ...e });
    else ctx.out.line(`${ctx.out.c.yellow(String(e.status))} ${safeMessage(diagnostic('emulator.refused', e).title)}`);
  };

  let emu: RunningEmulator;
  try {
    emu = await startEmulator(opts);
  } catch (err) {
    throw startError(err, opts);
  }
  ctx.onCleanup(() => emu.close());

  const info = {
    baseUrl: emu.baseUrl,
    sandboxBaseUrl: emu.sandboxBaseUrl,
    issuerId: emu.issuerId,
    keyId: emu.keyId,
    bundleId: emu.bundleId,
    appAppleId: emu.appAppleId,
    privateKeyPath: emu.privateKeyPath,
    rootCaPath: emu.rootCaPath,
    stateDir: emu.stateDir,
    ascUrl: emu.ascUrl,
    ascIssuerId: emu.ascIssuerId,
    ascKeyId: emu.ascKeyId,
    ascPrivateKeyPath: emu.ascPrivateKeyPath,
    controlSecretPath: emu.controlSecretPath,
    notifyUrl: opts.notifyUrl ?? null,
    sandboxNotifyUrl: opts.sandboxNotifyUrl ?? null,
    timeScale,
    notApple: true as const,
  };
  // The secret goes only to --json (a program reading it); people read it from its file when needed.
  if (ctx.out.json) ctx.out.record('emulator', { ok: true, event: 'listening', ...info, controlSecret: emu.controlSecret });
  else printBanner(ctx, info);

  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  if (!ctx.out.json) ctx.out.note('emulator stopped');
  return ExitCode.ok;
}

function startError(err: unknown, opts: EmulatorOptions): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return usageErrorFrom('emulator.port-in-use', { port: opts.port ?? 0 });
  if (err instanceof NotWritableError) return stateDirError(opts.stateDir, err);
  if (opts.keyFile && err instanceof UserFileError && err.path === opts.keyFile) {
    return usageErrorFrom('emulator.unreadable-file', { flag: '--key-file', file: opts.keyFile, reason: fileProblemText(err) });
  }
  // The key file read but not an EC P-256 key: the key loader's own words and fix (src/auth/key.ts).
  if (opts.keyFile && isAsnError(err)) return err;
  if (opts.keyFile && /key/i.test((err as Error).message)) {
    return usageErrorFrom('emulator.unreadable-file', { flag: '--key-file', file: opts.keyFile, reason: (err as Error).message });
  }
  return stateDirError(opts.stateDir, err);
}

function printBanner(ctx: CommandContext, info: Record<string, unknown>): void {
  const c = ctx.out.c;
  const row = (k: string, v: unknown) => ctx.out.line(`  ${k.padEnd(22)} ${v === null || v === undefined ? c.dim('not set') : String(v)}`);
  const notApple = diagnostic('emulator.not-apple', { rootCaPath: String(info.rootCaPath) });
  ctx.out.line(`${c.bold('asn-doctor emulator')}: a local stand-in for Apple. ${c.yellow(notApple.title)}.`);
  row('Production API', info.baseUrl);
  row('Sandbox API', info.sandboxBaseUrl);
  row('Issuer ID', info.issuerId);
  row('Key ID', info.keyId);
  row('Bundle ID', info.bundleId);
  row('Private key (.p8)', info.privateKeyPath ?? 'your own (--key-file)');
  row('Root CA', info.rootCaPath);
  row('App Store Connect API', info.ascUrl);
  row('  ASC issuer ID', info.ascIssuerId ?? 'none (an individual key)');
  row('  ASC key ID', info.ascKeyId);
  row('  ASC key (.p8)', info.ascPrivateKeyPath);
  row('Notify URL (prod)', info.notifyUrl);
  row('Notify URL (sandbox)', info.sandboxNotifyUrl ?? (info.notifyUrl ? `${String(info.notifyUrl)} (falls back to production)` : null));
  row('Retry time scale', `${String(info.timeScale)}x`);
  row('Control secret', `${String(info.controlSecretPath)} (header X-Emulator-Secret on /_emulator/ requests)`);
  ctx.out.line();
  ctx.out.line(c.dim(`  ${notApple.explain ?? ''}`));
  ctx.out.line(c.dim(`  Try: asn-doctor send-test --api-url ${String(info.sandboxBaseUrl)} --issuer-id ${String(info.issuerId)} --key-id ${String(info.keyId)} --key ${String(info.privateKeyPath)} --bundle-id ${String(info.bundleId)}`));
  const ascIssuer = info.ascIssuerId ? ` --asc-issuer-id ${String(info.ascIssuerId)}` : '';
  ctx.out.line(c.dim(`       asn-doctor urls --asc-url ${String(info.ascUrl)}${ascIssuer} --asc-key ${String(info.ascPrivateKeyPath)} --bundle-id ${String(info.bundleId)}`));
  ctx.out.line(c.dim('  Press Ctrl-C to stop.'));
}

function reportAttempt(ctx: CommandContext, e: AttemptEvent): void {
  const r = e.record;
  if (ctx.out.json) {
    ctx.out.record('emulator', {
      ok: e.post.result === 'SUCCESS',
      event: 'attempt',
      notificationUUID: r.notificationUUID,
      notificationType: r.notificationType,
      subtype: r.subtype ?? null,
      environment: r.environment,
      url: r.url,
      attempt: e.attempt,
      result: e.post.result,
      status: e.post.status ?? null,
      timeMs: e.post.totalMs,
      nextRetryAt: e.nextRetryAt ?? null,
    });
    return;
  }
  const c = ctx.out.c;
  const title = diagnostic('emulator.attempt', {
    type: pairLabel({ notificationType: r.notificationType, ...(r.subtype ? { subtype: r.subtype } : {}) }),
    environment: r.environment,
    attempt: e.attempt,
    result: e.post.result,
    status: e.post.status === undefined ? '' : ` (HTTP ${e.post.status})`,
  }).title;
  const retry = e.nextRetryAt ? c.dim(` next retry ${isoDate(e.nextRetryAt)}`) : '';
  const mark = e.post.result === 'SUCCESS' ? c.green('✓') : c.red('✗');
  ctx.out.line(`${mark} ${isoDate(Date.now())} ${title} ${c.dim(r.url)}${retry}`);
}
