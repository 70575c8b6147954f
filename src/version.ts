// asn-doctor's own version, from package.json: shown by --version and sent in every request's
// User-Agent (src/http/user-agent.ts). Read once, on first use.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function version(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
