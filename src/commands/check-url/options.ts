// Parses check-url's flags into CheckUrlOptions; every unusable value is a UsageError (exit 2).
import net from 'node:net';
import { UsageError } from '../../errors.js';
import type { ResolveOverride } from '../../url/index.js';
import { parseUrl } from '../../url/rules.js';

export function parseTimeout(value: unknown): number {
  const seconds = Number(value ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new UsageError({
      code: 'usage.bad-timeout',
      message: `--timeout must be a number of seconds between 0 and 600, got "${String(value)}"`,
      fix: 'Pass e.g. --timeout 10 (seconds, per phase).',
    });
  }
  return Math.round(seconds * 1000);
}

/** curl's syntax: HOST:PORT:ADDR[,ADDR...]; IPv6 addresses may be bracketed. */
export function parseResolve(entries: readonly string[]): ResolveOverride[] {
  const out: ResolveOverride[] = [];
  for (const entry of entries) {
    const m = /^([^:]+):(\d{1,5}):(.+)$/.exec(entry.trim());
    const addrs = m ? m[3]!.split(',').map((a) => a.trim().replace(/^\[|\]$/g, '')) : [];
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535 || addrs.length === 0 || addrs.some((a) => net.isIP(a) === 0)) {
      throw new UsageError({
        code: 'usage.bad-resolve',
        message: `--resolve "${entry}" is not HOST:PORT:ADDRESS`,
        fix: 'Use e.g. --resolve hooks.example.com:443:203.0.113.7 (IPv6: --resolve host:443:[2001:db8::1]).',
      });
    }
    for (const address of addrs) out.push({ host: m[1]!.toLowerCase(), port, address });
  }
  return out;
}

/** A URL that does not parse at all is an unusable argument; anything that parses gets a report. */
export function requireParsableUrl(input: string): void {
  if (!parseUrl(input)) {
    throw new UsageError({
      code: 'usage.bad-url',
      message: `"${input}" is not a URL`,
      fix: 'Give the full URL, e.g. https://example.com/apple/notifications.',
    });
  }
}
