// POST /ocsp: the emulator's OCSP responder over HTTP (RFC 6960 appendix A), the URL its intermediate
// and leaf name. No credentials, like Apple's responders; the guard still keeps web pages out. The
// fault switch `ocsp` makes it answer revoked, 500, hang, reset or garbage (malformed-json).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import { readBodyBytes, sendEmpty } from './http-util.js';

/** An OCSP request names one or two certificates: a few hundred bytes. */
const MAX_OCSP_REQUEST_BYTES = 8 * 1024;

export async function handleOcsp(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Apple's verifiers POST; the GET form (base64 in the path) is not served.
  if (req.method !== 'POST') {
    req.resume();
    return sendEmpty(res, 405);
  }
  const fault = core.faults.take('ocsp');
  if (fault === '500') {
    req.resume();
    return sendEmpty(res, 500);
  }
  if (fault === 'hang') {
    req.resume();
    return;
  }
  if (fault === 'reset') {
    req.socket.resetAndDestroy();
    return;
  }
  const body = await readBodyBytes(req, MAX_OCSP_REQUEST_BYTES);
  const answer = fault === 'malformed-json' ? Buffer.from('not an OCSP response') : core.ocsp?.answer(body, { revoked: fault === 'revoked' });
  if (!answer) return sendEmpty(res, 503);
  res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': answer.length });
  res.end(answer);
}
