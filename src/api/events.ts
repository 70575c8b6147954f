// One --debug line per client event. No header values: the Authorization header never appears.
import type { ApiEvent } from './client.js';
import { formatMs } from './retry.js';

export function describeApiEvent(e: ApiEvent): string {
  switch (e.type) {
    case 'request':
      return `→ ${e.method} ${e.url} (attempt ${e.attempt}, fresh token)`;
    case 'response':
      return `← ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''} in ${e.ms} ms${e.requestUuid ? ` (x-apple-request-uuid ${e.requestUuid})` : ''}`;
    case 'network-error':
      return `✗ ${e.method} ${e.url}: ${e.code} after ${e.ms} ms`;
    case 'retry':
      return `retry ${e.nextAttempt} in ${formatMs(e.delayMs)}: ${e.reason}`;
  }
}
