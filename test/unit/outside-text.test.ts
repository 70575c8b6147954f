// Text from outside never reaches a terminal raw (issue 10 point 7): each human renderer escapes it and
// cuts long values; --json and the result objects keep it exact. In-process; the commands as processes
// are in test/e2e/outside-text.test.ts.
import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData, renderSignedData } from '../../src/jws/index.js';
import { renderEventDetails, renderEventLine } from '../../src/listen/render.js';
import type { ListenEvent } from '../../src/listen/types.js';
import { check } from '../../src/report/check.js';
import { renderChecks } from '../../src/report/render-checks.js';
import { hasUnsafeText } from '../../src/report/terminal-text.js';
import { createAppleLikeChain, samplePayload, signJws, type AppleLikeChain } from '../helpers/apple-like-chain.js';

const c = new Chalk({ level: 0 });
// [8m (conceal) is a colour-style sequence: a filter that lets our own colours through would let it through too.
const ESC = '\u001b[8m\u001b[2J\u001b]0;pwned\u0007';
const BIDI = 'gnp.\u202eexe';
const rawFree = (lines: string[]) => expect(lines.filter((l) => hasUnsafeText(l))).toEqual([]);

let chain: AppleLikeChain;
beforeAll(async () => {
  chain = await createAppleLikeChain();
});

describe('decode: payload fields, field names, JWS header, certificate names', () => {
  it('escapes every outside value, cuts a long one, and keeps the result exact', async () => {
    const jws = signJws(
      chain,
      samplePayload({
        notificationType: `TEST${ESC}`,
        subtype: BIDI,
        data: { bundleId: `com.example${ESC}`, environment: 'Sandbox', [`key${ESC}`]: 'v', note: 'x'.repeat(5000), list: [ESC, BIDI] },
      }),
      { header: { alg: `ES256${ESC}` } },
    );
    const r = await decodeSignedData(jws, { roots: [chain.root.certDer] });
    // Exact in the result (what --json prints).
    expect(r.header.alg).toBe(`ES256${ESC}`);
    expect(r.payload.notificationType).toBe(`TEST${ESC}`);
    const lines = renderSignedData(r, c, { verbose: true });
    rawFree(lines);
    const text = lines.join('\n');
    expect(text).toContain('TEST\\e[8m\\e[2J\\e]0;pwned\\x07 / gnp.\\u202eexe');
    expect(text).toContain('Algorithm is ES256\\e[8m\\e[2J\\e]0;pwned\\x07, not ES256');
    expect(text).toContain('bundle com.example\\e[8m\\e[2J');
    expect(text).toContain('data.key\\e[8m\\e[2J');
    expect(text).toMatch(/data\.note\s+x{120}…\[4880 more characters\]/);
  });
  it('a --root certificate whose subject holds control characters', async () => {
    const evil = await createAppleLikeChain({ rootSubject: `CN=Root${'\u001b'}[31m${'\u202e'}, O=asn-doctor tests, C=US` });
    const r = await decodeSignedData(signJws(evil, samplePayload()), { roots: [evil.root.certDer] });
    expect(r.verification.anchor?.subject).toContain('\u001b[31m');
    const lines = renderSignedData(r, c, { verbose: true });
    rawFree(lines);
    expect(lines.join('\n')).toContain('Root\\e[31m\\u202e');
  });
});

describe('listen: what it receives', () => {
  const event: ListenEvent = {
    seq: 1,
    kind: 'notification',
    receivedAt: '2026-01-01T00:00:00.000Z',
    method: `POST${ESC}`,
    path: `/asn${BIDI}`,
    remoteAddress: '127.0.0.1',
    bytes: 10,
    status: 200,
    notification: {
      verified: false,
      appleRoot: false,
      notificationType: `TEST${ESC}`,
      subtype: BIDI,
      environment: `Sandbox${ESC}`,
      bundleId: `com.example${BIDI}`,
      notificationUUID: `uuid${ESC}`,
      reason: 'jws.header.alg-wrong',
      reasonText: `Algorithm is ES256${ESC}, not ES256`,
    } as ListenEvent['notification'],
    forward: { url: `http://127.0.0.1:1/${ESC}`, result: 'SOCKET_ISSUE', ms: 1, errorCode: `ECONN${ESC}` } as ListenEvent['forward'],
  };
  it('the event line and the --verbose details are escaped', () => {
    const lines = [renderEventLine(event, c), ...renderEventDetails(event, c)];
    rawFree(lines);
    expect(lines[0]).toContain('TEST\\e[8m\\e[2J\\e]0;pwned\\x07/gnp.\\u202eexe');
    expect(lines[0]).toContain('NOT VERIFIED: Algorithm is ES256\\e[8m\\e[2J');
    expect(lines[1]).toContain('POST\\e[8m\\e[2J\\e]0;pwned\\x07 /asngnp.\\u202eexe from 127.0.0.1');
  });
  it('a request that is not a notification: method, path and detail escaped', () => {
    const line = renderEventLine({ seq: 2, kind: 'bad-json', receivedAt: '2026-01-01T00:00:00.000Z', method: 'PUT\u0007', path: `/x${ESC}`, detail: `body ${ESC}` } as ListenEvent, c);
    rawFree([line]);
    expect(line).toContain('PUT\\x07 /x\\e[8m\\e[2J');
  });
});

describe('checks: titles, details and fixes holding outside values', () => {
  it('are escaped, and a title made long by a value is cut with the marker', () => {
    const lines = renderChecks(
      [
        check('http.redirect', { status: 307, location: `/next${ESC}` }, { group: 'HTTP' }),
        check('cert.self-signed', { subject: `CN=${BIDI}${'y'.repeat(3000)}` }),
      ],
      c,
      { verbose: true },
    );
    rawFree(lines);
    expect(lines.join('\n')).toContain('redirect to /next\\e[8m\\e[2J\\e]0;pwned\\x07');
    expect(lines.join('\n')).toMatch(/self-signed certificate \(CN=gnp\.\\u202eexey+…\[\d+ more characters\]/);
  });
});
