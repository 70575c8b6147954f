// "<plain explanation> (<CODE>)" for a network error code, from the registry's net.* entries.
import { diagnostic, hasDiagnostic } from './index.js';

/**
 * The plain words for a socket, DNS, TLS or undici error code, with the code kept in parentheses
 * (asn-doctor's own ASN_* codes say nothing more than the words, so they are left out).
 */
export function networkReason(code: string | undefined): string {
  if (!code) return 'unknown error';
  const named = `net.${code}`;
  const id = hasDiagnostic(named) ? named : code.startsWith('HPE_') ? 'net.HTTPParserError' : undefined;
  if (!id) return code;
  const words = diagnostic(id).title;
  return code.startsWith('ASN_') ? words : `${words} (${code})`;
}
