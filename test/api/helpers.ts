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

/** A notification receiver on 127.0.0.1 answering `status`. */
export async function startReceiver(status = 200): Promise<Receiver> {
  const r = { url: '', count: 0, close: async () => undefined } as Receiver;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      r.count += 1;
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

/** A URL on 127.0.0.1 where nothing listens (a port that was just released). */
export async function deadUrl(): Promise<string> {
  const r = await startReceiver();
  await r.close();
  return r.url;
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
