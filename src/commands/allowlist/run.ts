import { checkAppleIp } from '../../allowlist/check-ip.js';
import { APPLE_RANGE } from '../../url/address-classes.js';
import { FORWARDED_FOR_PITFALL, SNIPPET_IDS, findSnippets } from '../../allowlist/snippets.js';
import { ExitCode } from '../../errors.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import { check } from '../../report/check.js';
import { renderChecks } from '../../report/render-checks.js';
import type { CommandContext } from '../context.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.opts.check !== undefined) return runCheck(ctx, String(ctx.opts.check));

  const path = String(ctx.opts.path ?? '/apple/notifications');
  // The path lands verbatim in config files and shell commands: quotes, spaces, ; { } would break them.
  if (!/^\/[A-Za-z0-9\-._~!$&()*+,=:@%/]*$/.test(path)) {
    throw usageErrorFrom('usage.bad-path', { path });
  }
  const port = Number(ctx.opts.port ?? 443);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageErrorFrom('usage.bad-port', { value: String(ctx.opts.port) });
  }
  const target = ctx.args[0] === undefined ? 'all' : String(ctx.args[0]);
  const snippets = findSnippets(target, { path, port });
  if (!snippets) {
    throw usageErrorFrom('usage.unknown-target', { target, valid: SNIPPET_IDS.join(', ') });
  }

  if (ctx.out.json) {
    ctx.out.result('allowlist', { ok: true, mode: 'snippets', range: APPLE_RANGE, path, port, snippets, forwardedForPitfall: FORWARDED_FOR_PITFALL });
    return ExitCode.ok;
  }
  const c = ctx.out.c;
  ctx.out.line(c.bold('Apple sends App Store Server Notifications from 17.0.0.0/8 (sandbox and production; no IPv6 range is documented).'));
  for (const s of snippets) {
    ctx.out.line('');
    ctx.out.line(c.bold(`# ${s.title}`));
    ctx.out.line(s.text);
    for (const n of s.notes) ctx.out.line(c.dim(`# note: ${n}`));
  }
  ctx.out.line('');
  ctx.out.line(c.bold('X-Forwarded-For pitfall'));
  for (const p of FORWARDED_FOR_PITFALL) ctx.out.line(`  - ${p}`);
  return ExitCode.ok;
}

function runCheck(ctx: CommandContext, input: string): number {
  const r = checkAppleIp(input);
  if (!r) {
    throw usageErrorFrom('usage.bad-ip', { input });
  }
  const id = r.inRange ? 'allowlist.check.inside' : r.family === 6 ? 'allowlist.check.ipv6' : 'allowlist.check.outside';
  // An IPv4-mapped address (::ffff:17.x.x.x) is IPv6 in form but inside the range.
  const result = check(id, { ip: r.ip }, id === 'allowlist.check.ipv6' ? { status: 'fail' } : {});
  if (ctx.out.json) ctx.out.result('allowlist', { ok: r.inRange, mode: 'check', ...r, checks: [result] });
  else for (const line of renderChecks([result], ctx.out.c, { verbose: true })) ctx.out.line(line);
  return r.inRange ? ExitCode.ok : ExitCode.problem;
}
