// check-url's own argument rules: the URL and --resolve; every unusable value is a UsageError (exit 2).
import net from 'node:net';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import type { ResolveOverride } from '../../url/index.js';
import { parseUrl, stripBrackets } from '../../url/rules.js';

/** curl's syntax: HOST:PORT:ADDR[,ADDR...]; IPv6 addresses may be bracketed. */
export function parseResolve(entries: readonly string[]): ResolveOverride[] {
  const out: ResolveOverride[] = [];
  for (const entry of entries) {
    const m = /^([^:]+):(\d{1,5}):(.+)$/.exec(entry.trim());
    const addrs = m ? m[3]!.split(',').map((a) => stripBrackets(a.trim())) : [];
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535 || addrs.length === 0 || addrs.some((a) => net.isIP(a) === 0)) {
      throw usageErrorFrom('usage.bad-resolve', { entry });
    }
    for (const address of addrs) out.push({ host: m[1]!.toLowerCase(), port, address });
  }
  return out;
}

/** A URL that does not parse at all is an unusable argument; anything that parses gets a report. */
export function requireParsableUrl(input: string): void {
  if (!parseUrl(input)) {
    throw usageErrorFrom('usage.bad-url', { input });
  }
}
