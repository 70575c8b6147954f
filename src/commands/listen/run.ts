import { isIP } from 'node:net';
import type { CommandContext } from '../context.js';
import { isLoopbackHost } from '../../util/net.js';
import { notWritableReason, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { NotWritableError } from '../../util/atomic-write.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { startListener } from '../../listen/server.js';
import { listenVerifier } from '../../listen/verify.js';
import { readRootFiles } from '../../jws/roots.js';
import { defaultListenStateDir } from '../../listen/state-dir.js';
import { eventFix, eventOk, renderEventLine, renderEventDetails, renderSignedPayload } from '../../listen/render.js';
import type { ListenEvent } from '../../listen/types.js';
import { plural } from '../../report/format.js';
import { renderSignedData, type SignedDataResult } from '../../jws/index.js';

export async function run(ctx: CommandContext): Promise<number> {
  const o = ctx.opts;
  const port = intOption(o.port, '--port', 0, 65535);
  // A 1xx is not a final answer: the sender would be left waiting or fail oddly.
  const respondStatus = intOption(o.respond, '--respond', 200, 599);
  const forwardTimeoutS = intOption(o.forwardTimeout, '--forward-timeout', 1, 600);
  const maxBodyBytes = intOption(o.maxBody, '--max-body', 1024, 100 * 1024 * 1024);
  const host = String(o.host ?? '127.0.0.1');
  if (isIP(host) === 0 && host !== 'localhost') throw usageErrorFrom('listen.option.host', { host });
  const forwardTo = o.forwardTo === undefined ? undefined : forwardUrl(String(o.forwardTo));
  const roots = (await readRootFiles(o.root, ctx.cwd)) ?? [];
  const verbose = Boolean(o.verbose);

  const listener = await startListener({
    host,
    port,
    tls: Boolean(o.tls),
    stateDir: typeof o.stateDir === 'string' ? o.stateDir : defaultListenStateDir(ctx.env),
    verify: listenVerifier({ roots }),
    respondStatus,
    maxBodyBytes,
    forwardTimeoutMs: forwardTimeoutS * 1000,
    ...(forwardTo ? { forwardTo } : {}),
    ready: () => ctx.out.drained(),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') throw usageErrorFrom('listen.port-in-use', { port, host });
    if (err instanceof NotWritableError) throw usageErrorFrom('listen.state-dir.not-writable', { dir: err.dir, reason: notWritableReason(err.code) }, { cause: err });
    throw err;
  });
  ctx.onCleanup(() => listener.close());

  const { out } = ctx;
  const c = out.c;
  if (out.json) {
    out.record('listen', { ok: true, event: 'listening', url: listener.url, ...(listener.caPath ? { caPath: listener.caPath } : {}), forwardTo: forwardTo ?? null });
  } else {
    out.line(c.bold(diagnostic('listen.started', { url: listener.url }).title));
    out.line(c.dim(`  ${diagnostic('listen.started', { respond: respondStatus }).explain}`));
    if (listener.caPath) {
      const d = diagnostic('listen.tls.local-ca', { caPath: listener.caPath, url: listener.url });
      out.line(`  ${d.title}`);
      out.line(c.dim(`  ${d.explain}`));
      out.line(c.dim(`  ${d.fix}`));
    }
    if (forwardTo) {
      const d = diagnostic('listen.forwarding', { url: forwardTo, seconds: forwardTimeoutS });
      out.line(`  ${d.title}`);
      out.line(c.dim(`  ${d.explain}`));
    }
    out.line();
  }
  if (!isLoopbackHost(host)) out.warn(diagnostic('listen.exposed', { host }).title);

  const onEvent = (e: ListenEvent) => {
    out.debug(`request ${e.seq}: ${e.method ?? '?'} ${e.path ?? ''} from ${e.remoteAddress ?? '?'}, ${e.bytes ?? 0} bytes, ${e.kind}, answered ${e.status ?? 'nothing'}`);
    if (out.json) {
      out.record('listen', { ok: eventOk(e), event: 'request', ...e });
      return;
    }
    out.line(renderEventLine(e, c));
    const fix = eventFix(e);
    if (fix && !eventOk(e)) out.line(`    ${c.cyan('fix:')} ${fix}`);
    if (verbose) {
      for (const l of renderEventDetails(e, c, (d) => renderSignedData(d as SignedDataResult, c))) out.line(`    ${l}`);
      const payload = renderSignedPayload(e, c);
      if (payload) out.line(`    ${payload}`);
    }
  };
  listener.events.on('event', onEvent);

  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  listener.events.off('event', onEvent);
  await listener.close();
  out.note(diagnostic('listen.summary', { count: plural(listener.receivedCount, 'request') }).title);
  return 0;
}

function intOption(value: unknown, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usageErrorFrom('listen.option.number', { flag, min, max, value: String(value) });
  return n;
}

function forwardUrl(value: string): string {
  const u = URL.canParse(value) ? new URL(value) : undefined;
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw usageErrorFrom('listen.option.forward-url', { value });
  return u.href;
}
