// The set-up loop offline, every part a real process: the emulator standing in for App Store Connect
// and for Apple's notification sender, `urls set` through its App Store Connect API, `send-test`
// delivered to the URL set there, `token --asc` read by an independent verifier; and the emulator told
// to play a read-only role (403) from its command line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { startReceiver, tempDir, type Receiver } from '../emulator/helpers.js';

interface Info {
  baseUrl: string;
  issuerId: string;
  keyId: string;
  bundleId: string;
  appAppleId: number;
  privateKeyPath: string;
  rootCaPath: string;
  ascUrl: string;
  ascIssuerId: string | null;
  ascKeyId: string;
  ascPrivateKeyPath: string;
}

const tmp = tempDir('asn-urls-e2e-');
const children: ChildProcessWithoutNullStreams[] = [];
let rx: Receiver;
let emu: Info;
let readOnly: Info;

async function emulator(args: string[]): Promise<Info> {
  const child = spawn(process.execPath, [CLI, 'emulator', '--json', '--port', '0', '--state-dir', tmp.dir, ...args], { env: cleanEnv() });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  return new Promise<Info>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited early with ${String(code)}`)));
    lines.once('line', (l) => resolve(JSON.parse(l) as Info));
  });
}

beforeAll(async () => {
  rx = await startReceiver();
  emu = await emulator(['--asc-app', 'com.example.asndoctor.widget=Widget']);
  readOnly = await emulator(['--asc-read-only']);
});
afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null) {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
  }
  await rx.close();
  tmp.remove();
});

const asc = (i: Info) => ['--asc-url', i.ascUrl, '--asc-issuer-id', i.ascIssuerId!, '--asc-key', i.ascPrivateKeyPath, '--bundle-id', i.bundleId];
const env = () => ({ XDG_CONFIG_HOME: tmp.dir });

describe('the set-up loop, as processes', () => {
  it('emulator --json: the first line says where its App Store Connect API is and which key it accepts', () => {
    expect(emu).toMatchObject({
      ascUrl: `${emu.baseUrl}/asc`,
      ascIssuerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ascKeyId: expect.stringMatching(/^[A-Z0-9]{10}$/),
      ascPrivateKeyPath: expect.stringMatching(/AuthKey_[A-Z0-9]{10}\.p8$/),
      appAppleId: expect.any(Number),
    });
    expect(emu.ascKeyId).not.toBe(emu.keyId);
    expect(statSync(emu.ascPrivateKeyPath).mode & 0o777).toBe(0o600);
    // Both emulators share the state folder, so the same key.
    expect(readOnly.ascKeyId).toBe(emu.ascKeyId);
  });

  it('urls set → send-test: the URL set through App Store Connect is where the notification goes', async () => {
    const set = await runCli(['urls', 'set', ...asc(emu), '--production', rx.url, '--allow-private', '--yes'], { env: env() });
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`Production  ${rx.url} (V2)`);

    // The widget's bundle ID starts with the app's (Apple's filter returns it too): the app was still told apart.
    expect(set.stdout).toContain(`asn-doctor emulated app · ${emu.bundleId} · Apple ID ${emu.appAppleId}`);

    const before = rx.bodies.length;
    const sent = await runCli(['send-test', '--api-url', emu.baseUrl, '--env', 'production', '--issuer-id', emu.issuerId, '--key-id', emu.keyId, '--key', emu.privateKeyPath, '--bundle-id', emu.bundleId, '--wait', '10'], { env: env() });
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(rx.bodies.length).toBe(before + 1);
    expect(JSON.parse(rx.bodies.at(-1)!)).toHaveProperty('signedPayload');
  });

  it('token --asc prints a token an independent verifier accepts with the AuthKey’s public key', async () => {
    const r = await runCli(['token', '--asc', ...asc(emu)], { env: env() });
    expect(r.code).toBe(0);
    const jwt = r.stdout.trim();
    const publicKey = createPublicKey(readFileSync(emu.ascPrivateKeyPath, 'utf8'));
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, { audience: 'appstoreconnect-v1', issuer: emu.ascIssuerId!, algorithms: ['ES256'], maxTokenAge: '20m' });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: emu.ascKeyId, typ: 'JWT' });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(1200);
    expect(payload).not.toHaveProperty('bid');
  });

  it('emulator --asc-read-only: 403 FORBIDDEN_ERROR, exit 1, nothing written', async () => {
    const r = await runCli(['urls', 'set', ...asc(readOnly), '--production', 'https://example.com/asn', '--yes'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: App Store Connect answered 403 FORBIDDEN_ERROR: this key may not change this app's settings/);
    const shown = await runCli(['urls', ...asc(readOnly), '--json'], { env: env() });
    expect(JSON.parse(shown.stdout).production.url).toBeNull();
  });
});
