// The bodies check-url POSTs: shaped like Apple's responseBodyV2 ({"signedPayload": "<JWS>"}) so
// routers and body parsers treat them like the real thing, yet unmistakably a probe: the "JWS"
// is unsigned and its payload says so. Real notifications are around 18 KB, hence the large one.
import { userAgent } from '../http/user-agent.js';

export const PROBE_HEADER = 'x-asn-doctor-probe';
export const LARGE_PROBE_BYTES = 24 * 1024;

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function probeBody(opts: { targetBytes?: number } = {}): string {
  const header = { alg: 'none', typ: 'asn-doctor-probe' };
  const payload: Record<string, unknown> = {
    notificationType: 'ASN_DOCTOR_PROBE',
    notificationUUID: '00000000-0000-0000-0000-000000000000',
    note: 'Connectivity probe from `asn-doctor check-url`. Not a notification from Apple; not signed. A handler that verifies signatures should reject it.',
  };
  const make = () => JSON.stringify({ signedPayload: `${b64url(header)}.${b64url(payload)}.not-signed` });
  let body = make();
  if (opts.targetBytes && body.length < opts.targetBytes) {
    // base64url grows 4/3; pad so the final body lands on the target size.
    const missing = opts.targetBytes - body.length;
    payload.padding = 'x'.repeat(Math.max(0, Math.floor((missing * 3) / 4) - 14));
    body = make();
  }
  return body;
}

/** The probes' headers; `browser` swaps our User-Agent for a browser's, on purpose (tunnels' interstitials). */
export function probeHeaders(browser = false): Record<string, string> {
  return {
    'user-agent': browser
      ? 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'
      : userAgent('check-url probe; not from Apple'),
    [PROBE_HEADER]: '1',
    accept: '*/*',
  };
}
