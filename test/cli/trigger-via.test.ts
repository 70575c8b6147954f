// trigger --via takes either base URL the emulator prints (production, or sandbox under /sandbox),
// and a wrong --via gets a fix about --via, not about receiver URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/trigger/run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { isAsnError } from '../../src/errors.js';
import { commandContext } from '../helpers/command-context.js';
import { startReceiver, tempDir, type Receiver } from '../emulator/helpers.js';

let emu: RunningEmulator;
let rx: Receiver;
const state = tempDir();

beforeAll(async () => {
  rx = await startReceiver();
  emu = await startEmulator({ stateDir: state.dir, notifyUrl: rx.url });
});
afterAll(async () => {
  await Promise.all([emu?.close(), rx?.close()]);
  state.remove();
});

async function trigger(via: string): Promise<{ code?: number; error?: { message: string; fix?: string; exitCode: number }; stdout: string }> {
  const t = commandContext({ cwd: state.dir, args: ['TEST'], opts: { via, stateDir: state.dir, environment: 'sandbox', timeout: '5000', json: true } });
  try {
    return { code: await run(t.ctx), stdout: t.stdout() };
  } catch (err) {
    if (!isAsnError(err)) throw err;
    return { error: err, stdout: t.stdout() };
  }
}

describe('trigger --via', () => {
  it.each([
    ['the sandbox base URL', () => emu.sandboxBaseUrl],
    ['the sandbox base URL with a trailing slash', () => `${emu.sandboxBaseUrl}/`],
    ['the production base URL', () => emu.baseUrl],
  ])('accepts %s the emulator prints', async (_name, url) => {
    const before = rx.bodies.length;
    const r = await trigger(url());
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, result: 'SUCCESS', environment: 'Sandbox' });
    expect(rx.bodies.length).toBe(before + 1);
  });

  it('refuses another path with a fix naming the base URLs the emulator prints', async () => {
    const r = await trigger(`${emu.baseUrl}/inApps/v1`);
    expect(r.error?.exitCode).toBe(2);
    expect(r.error?.message).toContain('is not the base URL of an emulator');
    expect(r.error?.fix).toMatch(/Sandbox API \(http:\/\/127\.0\.0\.1:8760\/sandbox\)/);
  });

  it('a server that is not an emulator (404 on the control route) is named as such', async () => {
    const other = await startReceiver((_q, res) => {
      res.writeHead(404);
      res.end();
    });
    try {
      const r = await trigger(new URL(other.url).origin);
      expect(r.error?.exitCode).toBe(2);
      expect(r.error?.message).toMatch(/^No asn-doctor emulator answers at http:\/\/127\.0\.0\.1:\d+ \(HTTP 404/);
      expect(r.error?.fix).not.toContain('--notify-url');
    } finally {
      await other.close();
    }
  });
});
