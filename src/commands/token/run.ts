import type { CommandContext } from '../context.js';
import { apiTokenParts, resolveCredentials, signApiToken } from '../../auth/index.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import { ExitCode } from '../../errors.js';
import { isoDate } from '../../report/format.js';

export async function run(ctx: CommandContext): Promise<number> {
  const ttlMinutes = parseTtl(ctx.opts.ttl);
  const creds = await resolveCredentials(ctx.opts, ctx.env, { need: ['issuerId', 'keyId', 'privateKey', 'bundleId'], cwd: ctx.cwd });
  for (const w of creds.warnings) ctx.out.warn(w.fix ? `${w.title}\n  fix: ${w.fix}` : w.title);
  ctx.out.debug(`credentials from: ${Object.entries(creds.sources).map(([k, v]) => `${k}=${v}`).join(' ')}`);

  const now = new Date();
  const { header, claims } = apiTokenParts(creds, { ttlMinutes, now });
  const jwt = signApiToken(creds, { ttlMinutes, now });
  if (ctx.out.json) {
    ctx.out.result('token', {
      ok: true,
      token: jwt,
      header,
      claims,
      expiresAt: isoDate(claims.exp * 1000),
      environment: creds.environment,
      sources: creds.sources,
      warnings: creds.warnings,
    });
  } else {
    ctx.out.raw(`${jwt}\n`);
  }
  return ExitCode.ok;
}

function parseTtl(value: unknown): number {
  const text = String(value ?? '5').trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 60) throw usageErrorFrom('auth.token.ttl', { ttl: text });
  return n;
}
