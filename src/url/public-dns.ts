// What the public Internet (and so Apple) resolves for the host, from public resolvers, to compare
// with this machine's answer: hosts-file entries, VPN and split-horizon DNS make them differ.
// It runs alongside the probes and is never waited for: an answer that is not in by the time the
// other stages finish is reported as such (a machine without Internet access loses nothing).
import dns from 'node:dns';
import { check, type Check } from '../report/check.js';
import type { ResolvedAddress } from './dns.js';

export type PublicLookup = (host: string, timeoutMs: number, signal: AbortSignal) => Promise<ResolvedAddress[]>;

const PUBLIC_RESOLVERS = ['1.1.1.1', '8.8.8.8'];
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND']);

export const publicResolversLookup: PublicLookup = async (host, timeoutMs, signal) => {
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers(PUBLIC_RESOLVERS);
  signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  const timer = setTimeout(() => resolver.cancel(), timeoutMs * PUBLIC_RESOLVERS.length);
  timer.unref();
  try {
    const [a, aaaa] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const failures = [a, aaaa].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const hard = failures.find((f) => !NO_RECORD.has((f.reason as { code?: string }).code ?? ''));
    if (hard) throw hard.reason;
    return [
      ...(a.status === 'fulfilled' ? a.value.map((address) => ({ address, family: 4 as const })) : []),
      ...(aaaa.status === 'fulfilled' ? aaaa.value.map((address) => ({ address, family: 6 as const })) : []),
    ];
  } finally {
    clearTimeout(timer);
  }
};

export interface PublicComparison {
  /** The checks, if the answer is in by now; never waits. */
  collect(): Check[];
}

export function comparePublicDns(host: string, local: ResolvedAddress[], lookup: PublicLookup, timeoutMs: number): PublicComparison {
  const group = 'DNS';
  let outcome: { rows: ResolvedAddress[] } | { error: unknown } | undefined;
  const abort = new AbortController();
  lookup(host, timeoutMs, abort.signal).then(
    (rows) => (outcome = { rows }),
    (error: unknown) => (outcome = { error }),
  );
  return {
    collect() {
      if (!outcome || 'error' in outcome) {
        abort.abort();
        return [check('dns.public.no-answer', {}, { group })];
      }
      const rows = outcome.rows;
      const vars = { host, public: rows.map((r) => r.address).join(', ') || 'nothing', local: local.map((r) => r.address).join(', ') };
      if (rows.length === 0) return [check('dns.public.not-found', vars, { group })];
      const pub = new Set(rows.map((r) => r.address));
      if (local.some((r) => pub.has(r.address))) return [check('dns.public.same', vars, { group })];
      return [check('dns.public.differs', vars, { group, data: { public: rows, local } })];
    },
  };
}
