// Where the emulator's payloads used to differ from real ones (test/fixtures/apple/, INDEX.md), one
// test each: appAppleId in sandbox, sandbox time, appAccountToken, and the chain kept per address.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signNotification, startEmulator } from '../../src/emulator/index.js';
import { parseFault } from '../../src/emulator/server/faults.js';
import { appleLimit } from '../../src/emulator/server/rate-limit.js';
import { buildProgram } from '../../src/cli.js';
import { runInProcess } from '../helpers/in-process-cli.js';
import { control, decodePart, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

type Payload = Record<string, unknown>;
const real = (n: number) => decodePart(readFileSync(new URL(`../fixtures/apple/real-${n}.jws`, import.meta.url), 'utf8').trim(), 1);
const nested = (p: Payload, field: 'signedTransactionInfo' | 'signedRenewalInfo') => decodePart(String((p.data as Payload)[field]), 1);

async function emulated(type: string, opts: { subtype?: string; environment?: 'Sandbox' | 'Production'; appAccountToken?: string } = {}): Promise<Payload> {
  return (await signNotification(type, { stateDir: tmp.dir, ...opts })).payload;
}

describe('appAppleId in sandbox notifications', () => {
  it('is there, as in real sandbox notifications (real-10), and missing only from TEST (real-1)', async () => {
    const renewal = await emulated('DID_RENEW');
    expect(Object.keys(renewal.data as Payload).sort()).toEqual(Object.keys(real(10).data as Payload).sort());
    expect((renewal.data as Payload).appAppleId).toEqual(expect.any(Number));
    expect(Object.keys((await emulated('TEST')).data as Payload).sort()).toEqual(Object.keys(real(1).data as Payload).sort());
  });

  it("the help of emulator, trigger and decode no longer says production only", () => {
    const program = buildProgram();
    const help = (name: string) => program.commands.find((c) => c.name() === name)!.helpInformation().replace(/\n\s+/g, ' ');
    for (const name of ['emulator', 'trigger']) {
      expect(help(name)).toContain('every notification but a sandbox TEST carries it');
      expect(help(name)).not.toMatch(/production payloads/);
    }
    expect(help('decode')).toContain('compared for Production payloads only');
  });
});

describe('sandbox time', () => {
  it("a sandbox period lasts minutes, like real sandbox renewals (real-10: 3 minutes), at Apple's default rate of 5", async () => {
    const realTx = nested(real(10), 'signedTransactionInfo');
    const realMinutes = ((realTx.expiresDate as number) - (realTx.purchaseDate as number)) / 60_000;
    expect(realMinutes).toBe(3);
    const tx = nested(await emulated('DID_RENEW'), 'signedTransactionInfo');
    expect(((tx.expiresDate as number) - (tx.purchaseDate as number)) / 60_000).toBe(5);
    // Grace period and first purchase shrink with it: minutes, not days.
    const grace = nested(await emulated('DID_FAIL_TO_RENEW', { subtype: 'GRACE_PERIOD' }), 'signedRenewalInfo');
    expect((grace.gracePeriodExpiresDate as number) - (grace.signedDate as number)).toBeLessThan(5 * 60_000);
  });

  it('a production period is a calendar month', async () => {
    const tx = nested(await emulated('DID_RENEW', { environment: 'Production' }), 'signedTransactionInfo');
    const start = new Date(tx.purchaseDate as number);
    const end = new Date(tx.expiresDate as number);
    expect((end.getUTCFullYear() * 12 + end.getUTCMonth()) - (start.getUTCFullYear() * 12 + start.getUTCMonth())).toBe(1);
    expect(end.getUTCHours() * 60 + end.getUTCMinutes()).toBe(start.getUTCHours() * 60 + start.getUTCMinutes());
  });
});

describe('--app-account-token', () => {
  it('sets appAccountToken on the transaction and the renewal info (lower case, as Apple shows it)', async () => {
    const r = await runInProcess(['trigger', 'DID_RENEW', '--print', '--state-dir', tmp.dir, '--app-account-token', '7E3FB20B-4CDB-47CC-936D-99D65F608138']);
    expect(r.code).toBe(0);
    const payload = decodePart((JSON.parse(r.stdout) as { signedPayload: string }).signedPayload, 1);
    expect(nested(payload, 'signedTransactionInfo').appAccountToken).toBe('7e3fb20b-4cdb-47cc-936d-99d65f608138');
    expect(nested(payload, 'signedRenewalInfo').appAccountToken).toBe('7e3fb20b-4cdb-47cc-936d-99d65f608138');
    expect(nested(await emulated('DID_RENEW'), 'signedTransactionInfo').appAccountToken).toBeUndefined();
  });

  it('refuses what is not a UUID, before signing anything (exit 2)', async () => {
    const r = await runInProcess(['trigger', 'DID_RENEW', '--print', '--state-dir', tmp.dir, '--app-account-token', 'user-42']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--app-account-token user-42 is not a UUID');
    expect(r.stdout).toBe('');
  });
});

describe('the signing chain, issued per address for its OCSP URL', () => {
  async function freePort(): Promise<number> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const { port } = s.address() as { port: number };
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }
  const leafOf = (signedPayload: string) => (decodePart(signedPayload, 0).x5c as string[])[0];

  it('is kept for a fixed port (the same leaf after a restart) and not written for a random one', async () => {
    const dir = join(tmp.dir, 'ports');
    const port = await freePort();
    const first = await startEmulator({ stateDir: dir, port });
    const a = (await (await control(first, 'trigger', { body: { notificationType: 'TEST', to: 'http://127.0.0.1:9/' } })).json()) as { signedPayload: string };
    await first.close();
    const kept = JSON.parse(readFileSync(join(dir, `chain-127.0.0.1-${port}.json`), 'utf8')) as { ocspUrl: string; leafPem: string };
    expect(kept.ocspUrl).toBe(`http://127.0.0.1:${port}/ocsp`);
    expect(kept.leafPem).toContain(leafOf(a.signedPayload)!.slice(0, 60));
    const random = await startEmulator({ stateDir: dir });
    await random.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('chain-')).sort()).toEqual([`chain-127.0.0.1-${port}.json`, 'chain-127.0.0.1-8760.json']);
  });

  it('--fault ocsp=revoked parses; revoked on an API endpoint does not', () => {
    expect(parseFault('ocsp=revoked')).toEqual({ endpoint: 'ocsp', fault: { kind: 'revoked' } });
    expect(parseFault('ocsp=500:2')).toEqual({ endpoint: 'ocsp', fault: { kind: '500', remaining: 2 } });
    expect(parseFault('history=revoked')).toBeUndefined();
    expect(parseFault('transaction-history=hang')).toEqual({ endpoint: 'transaction-history', fault: { kind: 'hang' } });
  });
});

describe("the transaction endpoints' rate limits", () => {
  it("are Apple's: 50 a second in production, 5 in sandbox, counted over an hour", () => {
    for (const endpoint of ['transaction', 'subscriptions', 'transaction-history', 'app-transaction'] as const) {
      expect(appleLimit(endpoint, 'Production')).toEqual({ limit: 180_000, windowMs: 3_600_000 });
      expect(appleLimit(endpoint, 'Sandbox')).toEqual({ limit: 18_000, windowMs: 3_600_000 });
    }
  });
});
