import { basename } from 'node:path';
import type { CommandContext } from '../context.js';
import type { TokenInspectArgs, TokenInspectOptions } from './define.js';
import { inspectToken, keyIdFromFileName, loadVerificationKey, type TokenKind } from '../../auth/index.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import { countChecks, type Check } from '../../report/check.js';
import { isoWithAge, plural } from '../../report/format.js';
import { renderChecks } from '../../report/render-checks.js';
import { safeText } from '../../report/terminal-text.js';
import { ExitCode } from '../../errors.js';

type InspectContext = CommandContext<TokenInspectOptions, TokenInspectArgs>;

export async function run(ctx: InspectContext): Promise<number> {
  const input = await tokenInput(ctx);
  const keyArg = ctx.opts.key;
  let publicKey;
  let keyIdFromFile: string | undefined;
  let keyFileKind: TokenKind | undefined;
  if (keyArg) {
    const loaded = await loadVerificationKey(keyArg, { baseDir: ctx.cwd, origin: '--key' });
    publicKey = loaded.key;
    for (const w of loaded.warnings) ctx.out.warnCheck(w);
    const named = loaded.path ? keyIdFromFileName(basename(loaded.path)) : undefined;
    keyIdFromFile = named?.keyId;
    if (named) keyFileKind = named.kind === 'app-store-connect' ? 'app-store-connect' : 'app-store-server';
  }
  const now = new Date();
  const kind: TokenKind | undefined = ctx.opts.as === 'asc' ? 'app-store-connect' : ctx.opts.as === 'server' ? 'app-store-server' : undefined;
  const result = inspectToken(input, { now, publicKey, keyIdFromFile, ...(keyFileKind ? { keyFileKind } : {}), ...(kind ? { kind } : {}) });

  if (ctx.out.json) {
    ctx.out.result('token-inspect', { ok: result.ok, kind: result.kind, kindFrom: result.kindFrom, header: result.header, claims: result.claims, checks: result.checks, counts: countChecks(result.checks) });
  } else {
    render(ctx, result.header, result.claims, result.checks, now, result.kind);
  }
  return result.ok ? ExitCode.ok : ExitCode.problem;
}

const TOKEN_STDIN_MAX_BYTES = 64 * 1024;

async function tokenInput(ctx: InspectContext): Promise<string> {
  const [arg] = ctx.args;
  if (arg !== undefined && arg !== '-') return arg;
  if (ctx.stdin.isTTY) throw usageErrorFrom('auth.jwt.empty');
  // A token is small; whatever is piped in (a log, /dev/zero) is read only up to a cap.
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.stdin) {
    const buf = Buffer.from(chunk as Buffer);
    size += buf.length;
    if (size > TOKEN_STDIN_MAX_BYTES) throw usageErrorFrom('auth.jwt.too-long', { limit: '64 KB' });
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function render(ctx: InspectContext, header: Record<string, unknown>, claims: Record<string, unknown>, checks: Check[], now: Date, kind: TokenKind): void {
  const c = ctx.out.c;
  ctx.out.line(c.bold('Token header'));
  // The token is outside text: names and values are escaped and cut (JSON.stringify leaves C1 and bidi as they are).
  for (const [k, v] of Object.entries(header)) ctx.out.line(`  ${safeText(k, { max: 40 }).padEnd(6)} ${safeText(JSON.stringify(v))}`);
  ctx.out.line(c.bold('Token claims'));
  for (const [k, v] of Object.entries(claims)) {
    const when = (k === 'iat' || k === 'exp' || k === 'nbf') && typeof v === 'number' ? c.dim(`  ${describeTime(v, now)}`) : '';
    ctx.out.line(`  ${safeText(k, { max: 40 }).padEnd(6)} ${safeText(JSON.stringify(v))}${when}`);
  }
  ctx.out.line();
  for (const l of renderChecks(checks, c)) ctx.out.line(l);
  ctx.out.line();
  const counts = countChecks(checks);
  if (counts.fail > 0) ctx.out.line(c.red(`${plural(counts.fail, 'problem')}: Apple would reject this token (401).`));
  else if (counts.warn > 0) ctx.out.line(c.yellow(`No rule broken; ${plural(counts.warn, 'warning')}.`));
  else ctx.out.line(c.green(`No problems: the token follows Apple's rules${kind === 'app-store-connect' ? ' for App Store Connect API tokens' : ''}.`));
}

function describeTime(seconds: number, now: Date): string {
  // Milliseconds passed as seconds land far in the future; show both readings.
  if (seconds > 100_000_000_000) return `= ${isoWithAge(seconds, now.getTime())} if read as milliseconds`;
  return isoWithAge(seconds * 1000, now.getTime());
}
