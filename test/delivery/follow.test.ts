// Apple-like delivery (emulator, trigger) follows redirects, but never from https down to http and
// never beyond its hop limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliver } from '../../src/emulator/delivery.js';
import { createZooPki, issueLeaf, startHttpsServer, startPlainHttpServer, type ZooPki, type ZooServer } from '../helpers/tls-zoo.js';

let pki: ZooPki;
const servers: ZooServer[] = [];
beforeAll(async () => {
  pki = await createZooPki();
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

it('a redirect from https to http is not followed: nothing reaches the http server', async () => {
  let plainRequests = 0;
  const plain = await startPlainHttpServer({ handler: (_req, res) => ((plainRequests += 1), res.end()) });
  const secure = await startHttpsServer({
    creds: await issueLeaf(pki),
    handler: (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(307, { location: `http://127.0.0.1:${plain.port}/asn` }).end());
    },
  });
  servers.push(plain, secure);
  const r = await deliver(`https://127.0.0.1:${secure.port}/asn`, '{}', { ca: [pki.caPem], timeoutMs: 3000 });
  expect(r).toMatchObject({ result: 'OTHER', status: 307 });
  expect(r.redirects).toHaveLength(1);
  expect(plainRequests).toBe(0);
});

it('an endless chain of distinct URLs stops after 5 hops, and is not called a loop', async () => {
  let requests = 0;
  const s = await startHttpsServer({
    creds: await issueLeaf(pki),
    handler: (req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => res.writeHead(308, { location: `/hop-${requests}` }).end());
    },
  });
  servers.push(s);
  const r = await deliver(`https://127.0.0.1:${s.port}/asn`, '{}', { ca: [pki.caPem], timeoutMs: 3000 });
  expect(r).toMatchObject({ result: 'OTHER', status: 308 });
  expect(r.circular).toBeUndefined();
  expect(requests).toBe(6);
});
