// The User-Agent of every request asn-doctor sends: `asn-doctor/<version>`, with what the caller adds
// in parentheses (`asn-doctor/0.1.0 (check-url probe; not from Apple)`), so a server's log names the tool.
import { version } from '../version.js';

export function userAgent(note?: string): string {
  return note ? `asn-doctor/${version()} (${note})` : `asn-doctor/${version()}`;
}

/**
 * `headers` with our User-Agent added, unless they carry one already: check-url's browser probe and
 * listen --forward-to (relaying the sender's own) set theirs on purpose.
 */
export function withUserAgent(headers: Record<string, string> | undefined, note?: string): Record<string, string> {
  const given = headers ?? {};
  if (Object.keys(given).some((name) => name.toLowerCase() === 'user-agent')) return given;
  return { ...given, 'user-agent': userAgent(note) };
}
