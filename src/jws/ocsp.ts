// OCSP revocation checks (--online). Placeholder until the client lands.
import type { Check } from '../report/check.js';
import type { ChainVerdict } from './chain.js';

export async function revocationChecks(_chain: ChainVerdict, _opts: { timeoutMs: number }): Promise<Check[]> {
  return [];
}
