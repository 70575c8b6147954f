// Keys made fresh for each test run; no real key is ever committed.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
export const KEY_ID = 'ABCDE12345';
export const BUNDLE_ID = 'com.example.app';

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pkcs8Pem: string;
}

export function p256(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey, pkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** The base64 body of a PEM, for asserting it never leaks. */
export function pemBody(pem: string): string {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'asn-auth-'));
  file(name: string, content: string | Buffer, mode = 0o600): string {
    const p = join(this.path, name);
    writeFileSync(p, content, { mode });
    return p;
  }
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
