// The state folder (created once, reused, private files 0600) and --key-file with the user's own key.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultStateDir, startEmulator } from '../../src/emulator/index.js';
import { loadState } from '../../src/emulator/state.js';
import { apiToken, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('state folder', () => {
  it('defaults to an emulator folder beside the config file', () => {
    expect(defaultStateDir({ XDG_CONFIG_HOME: '/x/config' }, 'linux')).toBe('/x/config/asn-doctor/emulator');
    expect(defaultStateDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/asn-doctor/emulator');
  });

  it('agrees on one CA when several loads race on first use, and keeps keys private', async () => {
    const dir = join(tmp.dir, 'race');
    // Separate module-level caches are not possible in one process; racing opens of fresh paths are.
    const [a, b] = await Promise.all([loadState(dir), loadState(`${dir}/`)]);
    expect(a.ca.rootPem).toBe(b.ca.rootPem);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    expect(statSync(a.privateKeyPath).mode & 0o777).toBe(0o600);
  });
});

describe('a damaged state file', () => {
  it('is replaced by a new, working CA', async () => {
    const dir = join(tmp.dir, 'damaged');
    mkdirSync(dir);
    writeFileSync(join(dir, 'state.json'), '{"version":1,');
    const state = await loadState(dir);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).root.certPem).toBe(state.ca.rootPem);
    expect(readFileSync(state.rootCaPath, 'utf8')).toBe(state.ca.rootPem);
  });
});

describe('a version 1 state folder (made before the chain named an OCSP responder)', () => {
  it('keeps its identity and test key, gets a new root that can issue, and a chain with an OCSP URL', async () => {
    const dir = join(tmp.dir, 'v1');
    mkdirSync(dir);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const apiKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const identity = { issuerId: '11111111-2222-4333-8444-555555555555', keyId: 'OLDKEY1234', bundleId: 'com.old.app', appAppleId: 1234567890 };
    // What version 1 wrote: the chain's PEM and the leaf key, no root key, no AIA.
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 1, ca: { rootPem: 'x', intermediatePem: 'x', leafPem: 'x', leafKeyPem: 'x' }, identity, apiKeyPem }));
    const state = await loadState(dir);
    expect(state.identity).toEqual(identity);
    expect(readFileSync(state.privateKeyPath, 'utf8')).toBe(apiKeyPem);
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { version: number; root: { keyPem: string } };
    expect(saved.version).toBe(2);
    expect(saved.root.keyPem).toMatch(/BEGIN PRIVATE KEY/);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(state.rootCaPath, 'utf8')).toBe(state.ca.rootPem);
    // The CLI's default origin: its chain is kept beside the state, and both certificates name the responder.
    expect(state.ocspUrl).toBe('http://127.0.0.1:8760/ocsp');
    for (const pem of [state.ca.leafPem, state.ca.intermediatePem]) expect(new X509Certificate(pem).infoAccess).toContain('OCSP - URI:http://127.0.0.1:8760/ocsp');
    expect(statSync(join(dir, 'chain-127.0.0.1-8760.json')).mode & 0o777).toBe(0o600);
  });
});

describe('--key-file', () => {
  it('accepts tokens signed with the user’s own key (public key PEM), with the given key ID', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(tmp.dir, 'public.pem');
    writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const emu = await startEmulator({ stateDir: join(tmp.dir, 'own'), keyFile, keyId: 'ABCDE12345', bundleId: 'com.acme.app' });
    try {
      expect(emu.privateKeyPath).toBeNull();
      const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const url = `${emu.sandboxBaseUrl}/inApps/v1/notifications/test/00000000-0000-4000-8000-000000000000`;
      const good = await fetch(url, { headers: { authorization: `Bearer ${apiToken({ ...emu, privateKeyPath: null }, { keyPem })}` } });
      expect(good.status).toBe(404);
      const testKey = await fetch(url, {
        headers: { authorization: `Bearer ${apiToken({ ...emu, privateKeyPath: join(tmp.dir, 'own', 'state.json') }, { keyPem: (await loadState(join(tmp.dir, 'own'))).ca.leafKeyPem })}` },
      });
      expect(testKey.status).toBe(401);
    } finally {
      await emu.close();
    }
  });

  it('takes the key ID from a SubscriptionKey_<KEYID>.p8 file name', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(tmp.dir, 'SubscriptionKey_QWERTY1234.p8');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const emu = await startEmulator({ stateDir: join(tmp.dir, 'p8'), keyFile });
    try {
      expect(emu.keyId).toBe('QWERTY1234');
      expect(emu.privateKeyPath).toBe(keyFile);
      const r = await fetch(`${emu.baseUrl}/inApps/v1/notifications/test`, { method: 'POST', headers: { authorization: `Bearer ${apiToken(emu)}` } });
      expect(r.status).toBe(404); // authenticated; no notification URL configured
      expect(((await r.json()) as { errorCode: number }).errorCode).toBe(4040007);
    } finally {
      await emu.close();
    }
  });

  it('reads the key like every key (src/auth/key.ts): an RSA key is refused with the key loader\'s words, a .p8 with Windows line ends is fine', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsaFile = join(tmp.dir, 'rsa.pem');
    writeFileSync(rsaFile, rsa);
    await expect(startEmulator({ stateDir: join(tmp.dir, 'rsa'), keyFile: rsaFile, keyId: 'ABCDE12345' })).rejects.toMatchObject({
      code: 'auth.key.rsa',
      exitCode: 2,
      message: "rsa.pem holds an RSA key; Apple's keys are EC P-256 (ES256)",
    });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const crlf = join(tmp.dir, 'SubscriptionKey_CRLF123456.p8');
    writeFileSync(crlf, `\uFEFF${privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\r\n')}`);
    const emu = await startEmulator({ stateDir: join(tmp.dir, 'crlf'), keyFile: crlf });
    try {
      expect(emu).toMatchObject({ keyId: 'CRLF123456', privateKeyPath: crlf });
    } finally {
      await emu.close();
    }
  });
});
