// The delivery engine against local servers that misbehave in each way the classifier names.
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../src/emulator/index.js';
import { KeyUsage, issueCertificate } from '../../src/pki/issue.js';

const BODY = JSON.stringify({ signedPayload: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' });
const servers: (NetServer | HttpServer)[] = [];
const sockets = new Set<Socket>();

async function listen<T extends NetServer | HttpServer>(server: T): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A raw TCP server that reads the request and then does `act` with the socket. */
function raw(act: (socket: Socket) => void): Promise<number> {
  return listen(
    createNetServer((socket) => {
      socket.once('data', () => act(socket));
      socket.on('error', () => undefined);
    }),
  );
}

function http(handler: Parameters<typeof createHttpServer>[1]): Promise<number> {
  return listen(createHttpServer(handler));
}

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('deliver (Apple-like POST + shared classifier)', () => {
  it('SUCCESS for 200-206, and posts {"signedPayload"} as JSON', async () => {
    let received = '';
    let contentType = '';
    const port = await http((req, res) => {
      contentType = String(req.headers['content-type']);
      req.on('data', (c: Buffer) => (received += c.toString()));
      req.on('end', () => {
        res.writeHead(206);
        res.end();
      });
    });
    const r = await deliver(`http://127.0.0.1:${port}/asn`, BODY);
    expect(r).toMatchObject({ result: 'SUCCESS', status: 206 });
    expect(JSON.parse(received)).toEqual(JSON.parse(BODY));
    expect(contentType).toBe('application/json; charset=UTF-8');
  });

  it('UNSUCCESSFUL_HTTP_RESPONSE_CODE for 207 and 500', async () => {
    const port = await http((req, res) => {
      res.writeHead(req.url === '/multi' ? 207 : 500);
      res.end();
    });
    expect((await deliver(`http://127.0.0.1:${port}/multi`, BODY)).result).toBe('UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(await deliver(`http://127.0.0.1:${port}/x`, BODY)).toMatchObject({ result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE', status: 500 });
  });

  it('follows a redirect like Apple and reports the final answer', async () => {
    const port = await http((req, res) => {
      if (req.url === '/old') res.writeHead(308, { location: '/new' });
      else res.writeHead(200);
      res.end();
    });
    const r = await deliver(`http://127.0.0.1:${port}/old`, BODY);
    expect(r.result).toBe('SUCCESS');
    expect(r.redirects).toHaveLength(1);
  });

  it('CIRCULAR_REDIRECT when redirects loop', async () => {
    const port = await http((req, res) => {
      res.writeHead(307, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    expect((await deliver(`http://127.0.0.1:${port}/a`, BODY)).result).toBe('CIRCULAR_REDIRECT');
  });

  it('TIMED_OUT when the server never answers', async () => {
    const port = await raw(() => undefined);
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY, { timeoutMs: 300 })).result).toBe('TIMED_OUT');
  });

  it('NO_RESPONSE when the server closes without a status line', async () => {
    const port = await raw((s) => s.end());
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('NO_RESPONSE');
  });

  it('SOCKET_ISSUE when nothing listens on the port', async () => {
    const port = await raw(() => undefined);
    const server = servers.pop()!;
    await new Promise((r) => server.close(r));
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('SOCKET_ISSUE');
  });

  it('SOCKET_ISSUE when the connection is reset', async () => {
    const port = await raw((s) => s.resetAndDestroy());
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('SOCKET_ISSUE');
  });

  it('INVALID_RESPONSE when the answer is not HTTP', async () => {
    const port = await raw((s) => s.end('hello from a debug print\r\n\r\n'));
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('INVALID_RESPONSE');
  });

  it('PREMATURE_CLOSE when the connection drops mid-response', async () => {
    const port = await raw((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      setTimeout(() => s.destroy(), 20);
    });
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('PREMATURE_CLOSE');
  });

  it('UNSUPPORTED_CHARSET when a 200 names a charset that does not exist', async () => {
    const port = await http((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf8mb4' });
      res.end('ok');
    });
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('UNSUPPORTED_CHARSET');
  });

  it('OTHER when a redirect points somewhere no sender can go', async () => {
    const port = await http((_req, res) => {
      res.writeHead(302, { location: 'ftp://127.0.0.1/asn' });
      res.end();
    });
    expect((await deliver(`http://127.0.0.1:${port}/`, BODY)).result).toBe('OTHER');
  });

  describe('HTTPS receivers', () => {
    let port = 0;
    let caPem = '';
    beforeAll(async () => {
      const ca = await issueCertificate({ subject: 'CN=Test Receiver CA', ca: true, keyUsage: KeyUsage.keyCertSign });
      const leaf = await issueCertificate({ subject: 'CN=127.0.0.1', issuer: ca, san: { ip: ['127.0.0.1'] }, extKeyUsage: ['1.3.6.1.5.5.7.3.1'] });
      caPem = ca.certPem;
      port = await listen(
        createHttpsServer({ key: leaf.keyPem, cert: leaf.certPem }, (_req, res) => {
          res.writeHead(200);
          res.end();
        }) as unknown as HttpServer,
      );
    });

    it('TLS_ISSUE when the receiver’s CA is not trusted', async () => {
      expect((await deliver(`https://127.0.0.1:${port}/`, BODY)).result).toBe('TLS_ISSUE');
    });

    it('SUCCESS when --ca trusts it', async () => {
      expect((await deliver(`https://127.0.0.1:${port}/`, BODY, { ca: [caPem] })).result).toBe('SUCCESS');
    });
  });
});
