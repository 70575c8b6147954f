// Where replay sends: your own handler, named with --to. The URL rules are check-url's
// (src/url/rules.ts), judged for a sender that is not Apple: the rules only Apple's sender needs
// (https, port 443 or 1024 and up, a public name) do not stop a replay to a local or internal
// handler; a user name or password in the URL does (no notification sender has one), and plain http
// to another machine is a warning (customer data crossing a network unencrypted). Loopback and private
// addresses are allowed, as for trigger --to: the target is the handler you name, often on this machine.
import { checkUrlRules } from '../url/rules.js';
import { isLoopbackHost } from '../util/net.js';
import { check, type Check } from '../report/check.js';
import { usageErrorFrom } from '../report/diagnostics/errors.js';

export interface ReplayTarget {
  /** The URL as sent (WHATWG-normalised). */
  url: string;
  /** Worth saying before sending. */
  warnings: Check[];
}

export function replayTarget(input: string): ReplayTarget {
  const rules = checkUrlRules(input, { allowPrivate: true });
  const target = rules.target;
  const credentials = rules.checks.find((c) => c.id === 'url.credentials');
  if (!target || credentials) {
    const problem = credentials ?? rules.checks.find((c) => c.status === 'fail');
    throw usageErrorFrom('replay.target.refused', { url: input, problem: problem?.title ?? 'not an http(s) URL', fix: problem?.fix ?? 'Pass the full URL of your handler.' });
  }
  const warnings = rules.checks.filter((c) => c.id === 'url.fragment');
  if (target.url.protocol === 'http:' && !isLoopbackHost(target.host)) warnings.push(check('replay.target.plain-http', { host: target.url.host }));
  return { url: target.normalizedUrl, warnings };
}
