// "<plain explanation> (<CODE>)" for a network error code, from the registry's net.* entries.
import { diagnostic, hasDiagnostic } from './index.js';

/** The plain words for a socket, DNS, TLS or undici error code, with the code kept in parentheses. */
export function networkReason(code: string | undefined): string {
  if (!code) return 'unknown error';
  const id = hasDiagnostic(`net.${code}`) ? `net.${code}` : code.startsWith('HPE_') ? 'net.HTTPParserError' : undefined;
  return id ? `${diagnostic(id).title} (${code})` : code;
}
