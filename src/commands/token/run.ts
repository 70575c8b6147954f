import type { CommandContext } from '../context.js';
import type { TokenOptions } from './define.js';
import { apiTokenParts, ascTokenParts, resolveAscCredentials, resolveCredentials, signApiToken, signAscToken } from '../../auth/index.js';
import { ExitCode } from '../../errors.js';
import { isoDate } from '../../report/format.js';

export async function run(ctx: CommandContext<TokenOptions>): Promise<number> {
  const ttlMinutes = ctx.opts.ttl;
  const now = new Date();
  if (ctx.opts.asc) {
    // The App Store Connect API key, never the In-App Purchase key (refused when given as it).
    const creds = (await resolveAscCredentials(ctx.opts, ctx.env, { cwd: ctx.cwd, required: true }))!;
    for (const w of creds.warnings) ctx.out.warnCheck(w);
    ctx.out.debug(`credentials from: ${Object.entries(creds.sources).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const { header, claims } = ascTokenParts(creds, { ttlMinutes, now });
    const jwt = signAscToken(creds, { ttlMinutes, now });
    if (!ctx.out.json) {
      ctx.out.raw(`${jwt}\n`);
      return ExitCode.ok;
    }
    ctx.out.result('token', {
      ok: true,
      kind: 'app-store-connect',
      token: jwt,
      header,
      claims,
      expiresAt: isoDate(claims.exp * 1000),
      keyKind: creds.keyKind,
      sources: creds.sources,
      warnings: creds.warnings,
    });
    return ExitCode.ok;
  }

  const creds = await resolveCredentials(ctx.opts, ctx.env, { need: ['issuerId', 'keyId', 'privateKey', 'bundleId'], cwd: ctx.cwd });
  for (const w of creds.warnings) ctx.out.warnCheck(w);
  ctx.out.debug(`credentials from: ${Object.entries(creds.sources).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const { header, claims } = apiTokenParts(creds, { ttlMinutes, now });
  const jwt = signApiToken(creds, { ttlMinutes, now });
  if (ctx.out.json) {
    ctx.out.result('token', {
      ok: true,
      kind: 'app-store-server',
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
