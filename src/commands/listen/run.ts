import { isIP } from 'node:net';
import type { CommandContext } from '../context.js';
import type { ListenOptions } from './define.js';
import { isLoopbackHost } from '../../util/net.js';
import { notWritableReason, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { ensureWritableDir, NotWritableError } from '../../util/atomic-write.js';
import { resolve } from 'node:path';
import { diagnostic } from '../../report/diagnostics/index.js';
import { startListener } from '../../listen/server.js';
import { listenVerifier } from '../../listen/verify.js';
import { readRootFiles } from '../../jws/roots.js';
import { defaultListenStateDir } from '../../listen/state-dir.js';
import { eventFix, eventOk, renderEventLine, renderEventDetails, renderSignedPayload } from '../../listen/render.js';
import type { ListenEvent } from '../../listen/types.js';
import { plural } from '../../report/format.js';
import { renderSignedData, type SignedDataResult } from '../../jws/index.js';

export async function run(ctx: CommandContext<ListenOptions>): Promise<number> {
  const o = ctx.opts;
  const { port, host } = o;
  const respondStatus = o.respond;
  const forwardTimeoutMs = o.forwardTimeout;
  const maxBodyBytes = o.maxBody;
  if (isIP(host) === 0 && host !== 'localhost') throw usageErrorFrom('listen.option.host', { host });
  const forwardTo = o.forwardTo === undefined ? undefined : new URL(o.forwardTo).href;
  const roots = (await readRootFiles(o.root, ctx.cwd)) ?? [];
  const verbose = o.verbose === true;
  const saveDir = o.save === undefined ? undefined : resolve(ctx.cwd, o.save);
  // A folder that cannot take the bodies is found now, not at the first notification.
  if (saveDir) {
    await ensureWritableDir(saveDir).catch((err: unknown) => {
      if (err instanceof NotWritableError) throw usageErrorFrom('listen.save.not-writable', { dir: o.save, reason: notWritableReason(err.code) }, { cause: err });
      throw err;
    });
  }

  const listener = await startListener({
    host,
    port,
    tls: o.tls === true,
    stateDir: o.stateDir ?? defaultListenStateDir(ctx.env),
    verify: listenVerifier({ roots }),
    respondStatus,
    maxBodyBytes,
    forwardTimeoutMs,
    ...(forwardTo ? { forwardTo } : {}),
    ...(saveDir ? { saveDir } : {}),
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
    out.record('listen', { ok: true, event: 'listening', url: listener.url, ...(listener.caPath ? { caPath: listener.caPath } : {}), forwardTo: forwardTo ?? null, ...(saveDir ? { saveDir } : {}) });
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
      const d = diagnostic('listen.forwarding', { url: forwardTo, seconds: forwardTimeoutMs / 1000 });
      out.line(`  ${d.title}`);
      out.line(c.dim(`  ${d.explain}`));
    }
    if (saveDir) out.line(`  ${diagnostic('listen.save.started', { dir: saveDir }).title}`);
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

