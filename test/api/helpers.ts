// Shared set-up for the send-test / test-status / history process tests: an in-process emulator with a
// temporary state folder, local receivers, the CLI arguments that point at it, and a secret check.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

export interface TestEmulator {
  emu: RunningEmulator;
  dir: string;
  keyPem: string;
  /** Credential and API flags for the CLI; production unless sandbox is asked. */
  args(env?: 'sandbox' | 'production', extra?: string[]): string[];
  close(): Promise<void>;
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const dir = mkdtempSync(join(tmpdir(), 'asn-send-test-'));
  const emu = await startEmulator({ stateDir: join(dir, 'state'), timeScale: 3600, deliveryTimeoutMs: 2000 });
  const keyPem = readFileSync(emu.privateKeyPath!, 'utf8');
  return {
    emu,
    dir,
    keyPem,
    args: (env = 'production', extra = []) => [
      '--api-url',
      env === 'sandbox' ? emu.sandboxBaseUrl : emu.baseUrl,
      '--env',
      env,
      '--issuer-id',
      emu.issuerId,
      '--key',
      emu.privateKeyPath!,
      '--bundle-id',
      emu.bundleId,
      '--root',
      emu.rootCaPath,
      '--timeout',
      '5',
      ...extra,
    ],
    close: async () => {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Receiver {
  url: string;
  count: number;
  close(): Promise<void>;
}

/** A notification receiver on 127.0.0.1 answering `status` (or never answering, with `hang`). */
export async function startReceiver(status = 200, opts: { hang?: boolean } = {}): Promise<Receiver> {
  const r = { url: '', count: 0, close: async () => undefined } as Receiver;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      r.count += 1;
      if (opts.hang) return;
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/asn`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return r;
}

/**
 * A URL where nothing listens: a port just released, on 127.0.0.2 where the machine has that address
 * (Linux: all of 127/8), since every test server listens on 127.0.0.1 only. There a port handed to
 * another test file's server later (files run side by side) cannot receive the emulator's retries of a
 * failed delivery; elsewhere (macOS) 127.0.0.1.
 */
export async function deadUrl(): Promise<string> {
  for (const host of ['127.0.0.2', '127.0.0.1']) {
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, host, () => resolve(true));
    });
    if (!bound) continue;
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://${host}:${port}/asn`;
  }
  throw new Error('deadUrl: cannot listen on 127.0.0.1');
}

/** A fresh P-256 key as an In-App Purchase key file; not known to any server. */
export function strangerKey(dir: string): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const path = join(dir, 'SubscriptionKey_ZZZZZZZZZ9.p8');
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return path;
}

/**
 * No private key material and no API bearer token in the text. Apple-style signed payloads (JWS with
 * x5c) are fine; a JWT whose header names a kid is an API token and must never be printed.
 */
export function expectNoSecrets(text: string, keyPem: string): void {
  const keyLines = keyPem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  for (const l of keyLines) expect(text).not.toContain(l);
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toMatch(/bearer\s+ey/i);
  for (const m of text.matchAll(/eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g)) {
    const header = JSON.parse(Buffer.from(m[0].split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(header.kid, 'an API token was printed').toBeUndefined();
  }
}
