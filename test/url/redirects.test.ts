// Redirects are inspected, never trusted (issue 10, point 3): a chain that ends in 200 is named as
// such (not a loop), a loop is CIRCULAR_REDIRECT, a long chain stops at the hop limit, and a hop
// that leaves https is never contacted. Local rehearsal on 127.0.0.1 (allowPrivate); the metadata
// and private-address cases run in an isolated network namespace (redirects-namespace.test.ts).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, type CheckUrlReport } from '../../src/url/index.js';
import { MAX_REDIRECT_HOPS } from '../../src/url/redirects.js';
import { createZooPki, issueLeaf, startHttpsServer, startPlainHttpServer, type Handler, type ServerCredentials, type ZooPki, type ZooServer } from '../helpers/tls-zoo.js';

let pki: ZooPki;
let creds: ServerCredentials;
const servers: ZooServer[] = [];
beforeAll(async () => {
  pki = await createZooPki();
  creds = await issueLeaf(pki);
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(handler: Handler, path = '/1'): Promise<ZooServer> {
  const s = await startHttpsServer({ creds, handler, path });
  servers.push(s);
  return s;
}
const run = (s: ZooServer) => checkUrl(s.url, { resolve: [s.resolve], ca: [pki.caPem], allowPrivate: true, timeoutMs: 3000 });
const find = (r: CheckUrlReport, id: string) => r.checks.find((c) => c.id === id);

/** /1 → /2 → … → /last, which answers 200; every request is logged. */
function chain(last: number, status = 307, log: string[] = []): Handler {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const n = Number(req.url?.slice(1));
      log.push(`${req.method} ${req.url}`);
      if (n >= last) res.writeHead(200).end();
      else res.writeHead(status, { location: `/${n + 1}` }).end();
    });
  };
}

// One after another: each chain is walked within one 3 s budget, with its servers in this same process.
// Five at once (describe.concurrent) shared one event loop's TLS handshakes, and on a loaded machine the
// walks ran out of time (no "chain ends" verdict); alone each takes a few hundred milliseconds.
describe('redirect chains', () => {
  it('a chain that ends in 200 is not a loop: the redirect fails, and the final URL is named', async () => {
    const log: string[] = [];
    const s = await serve(chain(4, 307, log));
    const r = await run(s);
    expect(r).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' });
    expect(find(r, 'http.redirect.circular')).toBeUndefined();
    expect(find(r, 'http.redirect')?.status).toBe('fail');
    const end = find(r, 'http.redirect.chain.ends');
    expect(end?.title).toBe(`the redirects end after 3 hop(s) at ${s.url.replace('/1', '/4')} → 200 (not a loop)`);
    // 307 keeps the method: the hops got the same POST; the chain was walked once, not per probe.
    expect(log.filter((l) => l !== 'POST /1')).toEqual(['POST /2', 'POST /3', 'POST /4']);
  });

  it('301/302/303 hops are followed with a GET, as HTTP clients do', async () => {
    const log: string[] = [];
    const s = await serve(chain(3, 302, log));
    const r = await run(s);
    expect(find(r, 'http.redirect.method-change')?.status).toBe('fail');
    expect(find(r, 'http.redirect.chain.ends')).toBeDefined();
    expect(log.filter((l) => l !== 'POST /1')).toEqual(['GET /2', 'GET /3']);
  });

  it(`a chain longer than ${MAX_REDIRECT_HOPS} hops stops there, and is not called a loop`, async () => {
    const log: string[] = [];
    const s = await serve(chain(50, 307, log));
    const r = await run(s);
    expect(r.predictedResult).toBe('UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(find(r, 'http.redirect.circular')).toBeUndefined();
    expect(find(r, 'http.redirect.chain.too-long')?.title).toBe(`still redirecting after ${MAX_REDIRECT_HOPS + 1} hops: not followed further`);
    expect(log.filter((l) => l !== 'POST /1')).toHaveLength(MAX_REDIRECT_HOPS);
  });

  it('a true loop is CIRCULAR_REDIRECT, with the hops named', async () => {
    const s = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(308, { location: req.url === '/1' ? '/2' : '/1' }).end());
    });
    const r = await run(s);
    expect(r).toMatchObject({ verdict: 'not-deliverable', predictedResult: 'CIRCULAR_REDIRECT' });
    expect(find(r, 'http.redirect.circular')?.title).toBe(`redirect loop: ${s.url} → ${s.url.replace('/1', '/2')} → ${s.url}`);
  });

  it('a hop from https to http is never contacted', async () => {
    let plainRequests = 0;
    const plain = await startPlainHttpServer({ handler: (_req, res) => ((plainRequests += 1), res.end()) });
    servers.push(plain);
    const target = `http://127.0.0.1:${plain.port}/asn`;
    const s = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(307, { location: target }).end());
    });
    const r = await run(s);
    expect(find(r, 'http.redirect.not-followed.not-https')?.title).toBe(`not followed: the redirect leaves https (${target})`);
    expect(plainRequests).toBe(0);
  });
});
