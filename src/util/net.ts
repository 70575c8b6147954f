// Host-name facts shared by the commands that treat local targets differently.
import { isIP } from 'node:net';

/**
 * True for names and addresses that can only reach this machine: `localhost`, `*.localhost`,
 * 127.0.0.0/8 and ::1. Accepts a URL hostname (brackets around IPv6 are stripped); case-insensitive.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return isIP(h) === 6 && h === '::1';
}
